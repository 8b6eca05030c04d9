import Foundation
import Jobs
import Testing
import TestSupport

/// `GET /jobs`, `GET /jobs/{id}`, `POST /jobs/{id}/retry|cancel` over loopback: each answer and
/// each refusal.
@Suite struct JobsRoutesTests {
    /// Every admin route: 401 without a token and with a wrong one, with the challenge.
    @Test func everyRouteNeedsTheAdminToken() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let routes = [("GET", "/jobs"), ("GET", "/jobs/1"), ("POST", "/jobs/1/retry"), ("POST", "/jobs/1/cancel"),
                      ("GET", "/mappings"), ("GET", "/mappings/a@b.c"), ("PUT", "/mappings/a@b.c"), ("DELETE", "/mappings/a@b.c"),
                      ("GET", "/opt-outs"), ("GET", "/opt-outs/a@b.c"), ("PUT", "/opt-outs/a@b.c"), ("DELETE", "/opt-outs/a@b.c")]
        for (method, path) in routes {
            let body: [UInt8]? = method == "PUT" ? Array(#"{"user_id":"x"}"#.utf8) : nil
            let anonymous = try api.send(method, path, body: body, token: nil)
            #expect(anonymous.status == 401, "\(method) \(path)")
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let wrong = try api.send(method, path, body: body, token: "not-the-admin-token-0123")
            #expect(wrong.status == 401, "\(method) \(path)")
            #expect(try api.errorCode(wrong) == "unauthorized")
        }
        #expect(try api.store.mappings().isEmpty && api.changes == 0)
    }

    @Test func listAnswersPagesNewestFirst() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let empty = try api.send("GET", "/jobs")
        #expect(empty.status == 200 && empty.header("Content-Type") == "application/json")
        #expect(empty.text == #"{"jobs":[],"next_cursor":null}"#)

        let ids = try (0..<5).map { try api.enqueueRecording(uuid: "list-\($0)==", at: AdminAPIHarness.now + Int64($0) * 1000) }
        let first = try api.object(try api.send("GET", "/jobs?limit=2"))
        let jobs = try #require(first["jobs"] as? [[String: Any]])
        #expect(jobs.map { $0["id"] as? Int64 } == [ids[4], ids[3]])
        #expect(first["next_cursor"] as? Int64 == ids[3])
        let job = jobs[0]
        #expect(job["state"] as? String == "queued" && job["kind"] as? String == "recording.completed")
        #expect(job["meeting_uuid"] as? String == "list-4==" && job["host_email"] as? String == "host@uni.edu")
        #expect(job["created_at"] as? String == "2026-05-28T20:26:44.000Z")
        #expect(job["reason"] is NSNull && job["entry_id"] is NSNull && job["lease_until"] is NSNull)
        #expect(job["payload"] == nil)

        var seen: [Int64] = []
        var cursor: Int64? = nil
        for _ in 0..<10 {
            let page = try api.object(try api.send("GET", "/jobs?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")))
            seen += (page["jobs"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int64 }
            cursor = page["next_cursor"] as? Int64
            if cursor == nil { break }
        }
        #expect(seen == ids.reversed())
        // HEAD is GET without the body.
        let head = try api.send("HEAD", "/jobs", headOnly: true)
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test func listFiltersByStateHostAndSince() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let now = AdminAPIHarness.now
        let a = try api.enqueueRecording(uuid: "f-a==", host: "Ada@Uni.edu", at: now)
        let b = try api.enqueueRecording(uuid: "f-b==", host: "bob@uni.edu", at: now + 60_000)
        let c = try api.enqueueRecording(uuid: "f-c==", host: "ada@uni.edu", at: now + 120_000)
        #expect(try api.claimAndFail(reason: "HTTP 404 from Zoom") == a)
        func ids(_ query: String) throws -> [Int64] {
            let response = try api.send("GET", "/jobs?" + query)
            try #require(response.status == 200, "\(query): \(response)")
            return (try api.object(response)["jobs"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int64 }
        }
        #expect(try ids("state=failed") == [a])
        #expect(try ids("state=queued&state=failed") == [c, b, a])
        #expect(try ids("state=queued,failed") == [c, b, a])
        #expect(try ids("state=done") == [])
        #expect(try ids("host=ADA%40uni.edu") == [c, a])
        #expect(try ids("host=ada@UNI.edu&state=queued") == [c])
        #expect(try ids("since=\(now + 60_000)") == [c, b])
        #expect(try ids("since=2026-05-28T20:27:40Z") == [c, b])
        #expect(try ids("since=2026-05-28T22:27:40.001%2B02:00") == [c])
        let failed = try api.object(try api.send("GET", "/jobs?state=failed"))
        #expect((failed["jobs"] as? [[String: Any]])?.first?["reason"] as? String == "HTTP 404 from Zoom")
    }

    @Test func malformedListParametersAre400WithAReason() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let cases: [(String, String)] = [
            ("state=finished", "bad_state"), ("state=queued,,failed", "bad_state"), ("state=", "bad_state"),
            ("limit=0", "bad_limit"), ("limit=501", "bad_limit"), ("limit=ten", "bad_limit"), ("limit=-1", "bad_limit"),
            ("limit=1&limit=2", "bad_limit"), ("cursor=0", "bad_cursor"), ("cursor=x", "bad_cursor"),
            ("since=yesterday", "bad_since"), ("since=2026-02-30T00:00:00Z", "bad_since"), ("since=2026-05-28T10:00:00", "bad_since"),
            ("host=nobody", "bad_host"), ("host=a@b@c", "bad_host"), ("colour=red", "unknown_parameter"),
            ("state=%zz", "bad_query"), ("host=a%00@b.c", "bad_query"),
        ]
        for (query, code) in cases {
            let response = try api.send("GET", "/jobs?" + query)
            #expect(response.status == 400, "\(query): \(response)")
            #expect(try api.errorCode(response) == code, "\(query): \(response)")
            #expect(try (api.object(response)["detail"] as? String)?.isEmpty == false)
        }
    }

    @Test func detailShowsFilesAndHistoryButNoToken() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let id = try api.enqueueRecording(uuid: "detail==")
        _ = try api.claimAndFail(reason: "an HTML page instead of the file")
        let response = try api.send("GET", "/jobs/\(id)")
        #expect(response.status == 200)
        let job = try api.object(response)
        #expect(job["id"] as? Int64 == id && job["state"] as? String == "failed" && job["attempts"] as? Int == 1)
        #expect(job["reason"] as? String == "an HTML page instead of the file")
        let files = try #require(job["files"] as? [[String: Any]])
        #expect(files.count == 6)
        let first = try #require(files.first)
        #expect(first["id"] as? String == "detail==-0-0" && first["type"] as? String == "MP4")
        #expect(first["recording_type"] as? String == "shared_screen_with_speaker_view")
        #expect(first["size"] as? Int == 1_000_000 && first["status"] as? String == "completed")
        #expect(Set(first.keys) == ["id", "type", "recording_type", "size", "status"])
        let events = try #require(job["events"] as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events[0]["attempt"] as? Int == 1 && events[0]["state"] as? String == "failed")
        #expect(events[0]["at"] as? String == "2026-05-28T20:26:40.001Z")
        #expect(!response.text.contains("download-token") && !response.text.contains("webhook_download"))
        #expect(!response.text.contains("download_url"))
    }

    @Test func unknownAndMalformedIds() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        for path in ["/jobs/999", "/jobs/999/retry", "/jobs/999/cancel"] {
            let response = try api.send(path.hasSuffix("999") ? "GET" : "POST", path)
            #expect(response.status == 404, "\(path)")
            #expect(try api.errorCode(response) == "job_not_found")
        }
        for id in ["abc", "0", "-1", "+5", "1.5", "99999999999999999999"] {
            for (method, suffix) in [("GET", ""), ("POST", "/retry"), ("POST", "/cancel")] {
                let response = try api.send(method, "/jobs/\(id)\(suffix)")
                #expect(response.status == 400, "\(method) /jobs/\(id)\(suffix)")
                #expect(try api.errorCode(response) == "bad_job_id")
            }
        }
    }

    @Test func retryQueuesAFailedJobAndWakesTheWorkers() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let id = try api.enqueueRecording(uuid: "retry==")
        let queued = try api.send("POST", "/jobs/\(id)/retry")
        #expect(queued.status == 409)
        #expect(try api.errorCode(queued) == "invalid_state")
        #expect(try (api.object(queued)["detail"] as? String)?.contains("is queued") == true)
        #expect(api.wakes == 0)

        _ = try api.claimAndFail(reason: "HTTP 404 from Zoom")
        let retried = try api.send("POST", "/jobs/\(id)/retry")
        #expect(retried.status == 200)
        let job = try api.object(retried)
        #expect(job["state"] as? String == "queued" && job["attempts"] as? Int == 0)
        #expect(job["reason"] as? String == "retried by an admin")
        #expect((job["events"] as? [[String: Any]])?.last?["state"] as? String == "queued")
        #expect(api.wakes == 1)
        #expect(try api.store.claim(owner: "w", leaseUntil: AdminAPIHarness.now + 1000, now: AdminAPIHarness.now)?.id == id)
    }

    @Test func cancelSkipsAJobAndRefusesAnEndedOne() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let id = try api.enqueueRecording(uuid: "cancel==")
        let cancelled = try api.send("POST", "/jobs/\(id)/cancel")
        #expect(cancelled.status == 200)
        let job = try api.object(cancelled)
        #expect(job["state"] as? String == "skipped" && job["reason"] as? String == "cancelled by an admin")
        let again = try api.send("POST", "/jobs/\(id)/cancel")
        #expect(again.status == 409)
        #expect(try api.errorCode(again) == "invalid_state")
        #expect(try (api.object(again)["detail"] as? String)?.contains("is skipped") == true)
        #expect(api.wakes == 0)
    }

    @Test func wrongMethodsAre405WithAllow() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let cases: [(String, String, String)] = [
            ("DELETE", "/jobs/1", "GET, HEAD"), ("POST", "/jobs", "GET, HEAD"), ("GET", "/jobs/1/retry", "POST"),
            ("PUT", "/jobs/1/cancel", "POST"), ("POST", "/mappings/a@b.c", "DELETE, GET, HEAD, PUT"),
            ("DELETE", "/opt-outs", "GET, HEAD"), ("POST", "/mappings", "GET, HEAD"),
            ("PATCH", "/opt-outs/a@b.c", "DELETE, GET, HEAD, PUT"),
        ]
        for (method, path, allow) in cases {
            let response = try api.send(method, path, body: method == "GET" ? nil : [])
            #expect(response.status == 405, "\(method) \(path)")
            #expect(response.header("Allow") == allow, "\(method) \(path)")
        }
    }

    @Test func largeBodiesAre413() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        let big = [UInt8](repeating: 0x20, count: 16 * 1024 + 1)
        let routes = [("POST", "/jobs/1/retry"), ("POST", "/jobs/1/cancel"), ("PUT", "/mappings/a@b.c"),
                      ("DELETE", "/mappings/a@b.c"), ("PUT", "/opt-outs/a@b.c"), ("DELETE", "/opt-outs/a@b.c")]
        for (method, path) in routes {
            let response = try api.send(method, path, body: big)
            #expect(response.status == 413, "\(method) \(path)")
            #expect(try api.errorCode(response) == "content_too_large")
        }
        // Just under the limit is read (and refused for what it says, not its size).
        let fits = [UInt8](repeating: 0x20, count: 16 * 1024)
        #expect(try api.send("PUT", "/mappings/a@b.c", body: fits).status == 400)
    }

    @Test func anUnavailableStoreIs503() throws {
        let api = try AdminAPIHarness()
        defer { api.stop() }
        api.store.close()
        for (method, path) in [("GET", "/jobs"), ("GET", "/jobs/1"), ("POST", "/jobs/1/retry"), ("GET", "/mappings")] {
            let response = try api.send(method, path)
            #expect(response.status == 503, "\(method) \(path)")
            #expect(try api.errorCode(response) == "store_unavailable")
        }
    }
}
