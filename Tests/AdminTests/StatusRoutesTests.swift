import Admin
import Foundation
import Jobs
import Testing
import TestSupport

/// `GET /status`: the JSON for API clients (token), the page for browsers (no token, CSP), and
/// user input (meeting topics) never written as markup.
@Suite struct StatusRoutesTests {
    static let browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

    static func sources() -> StatusRoutes.Sources {
        StatusRoutes.Sources(
            configuration: [ConfigurationItem(name: "ADMIN_TOKEN", value: "<set>"), ConfigurationItem(name: "WORKERS", value: "4")],
            peers: {
                ["zoom": PeerReport(ok: true, lastSuccessAt: "2026-11-30T10:00:00Z"),
                 "kaltura": PeerReport(ok: false, problem: "Kaltura API error START_SESSION_ERROR: bad secret",
                                       since: "2026-11-30T09:59:00Z", lastSuccessAt: nil,
                                       lastError: "Kaltura API error START_SESSION_ERROR: bad secret",
                                       lastErrorAt: "2026-11-30T10:01:00Z")]
            },
            transfers: { _ in
                [TransferReport(jobID: 7, meetingUUID: "abc==", topic: StatusHarness.markup, owner: "ada@example.edu",
                                fileID: "f-1", bytes: 50 << 20, total: 200 << 20, rateBytesPerSecond: 10 << 20, etaSeconds: 15)]
            },
            throughputLastHour: { (0..<60).map { Int64($0) * 1_000 } },
            webhooks: { WebhookReport(lastHour: 3, lastDay: 12, byResult: ["stored": 10, "rejected": 2]) })
    }

    @Test func jsonReportHasEveryPart() throws {
        let harness = try StatusHarness(sources: Self.sources())
        defer { harness.stop() }
        let failed = try harness.failedJob(topic: "Chemistry 101", reason: "copying file f: Zoom answered an HTML page")

        let response = try harness.get("/status")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let json = try harness.json(response)
        for key in ["service", "version", "uptime_seconds", "started_at", "sandbox", "configuration", "jobs", "last_webhook_at",
                    "webhooks", "store", "transfers", "throughput_last_hour", "failures", "peers"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["version"] as? String == "9.9.9-test")
        #expect(json["store"] as? String == "ready")
        let jobs = try #require(json["jobs"] as? [String: Int])
        #expect(jobs["failed"] == 1 && jobs["queued"] == 0 && jobs.count == JobState.allCases.count)
        let configuration = try #require(json["configuration"] as? [[String: String]])
        #expect(configuration.first?["name"] == "ADMIN_TOKEN" && configuration.first?["value"] == "<set>")
        let webhooks = try #require(json["webhooks"] as? [String: Any])
        #expect(webhooks["last_hour"] as? Int == 3 && webhooks["last_day"] as? Int == 12)
        #expect((webhooks["by_result"] as? [String: Int])?["stored"] == 10)

        let transfer = try #require((json["transfers"] as? [[String: Any]])?.first)
        #expect(transfer["job_id"] as? Int == 7 && transfer["file_id"] as? String == "f-1")
        #expect(transfer["owner"] as? String == "ada@example.edu" && transfer["meeting_uuid"] as? String == "abc==")
        #expect(transfer["bytes"] as? Int == 50 << 20 && transfer["total"] as? Int == 200 << 20)
        #expect(transfer["rate_bytes_per_second"] as? Int == 10 << 20 && transfer["eta_seconds"] as? Int == 15)
        #expect(transfer["topic"] as? String == StatusHarness.markup, "the topic survives as data")
        #expect((json["throughput_last_hour"] as? [Int])?.count == 60)

        let failure = try #require((json["failures"] as? [[String: Any]])?.first)
        #expect(failure["job_id"] as? Int == Int(failed))
        #expect(failure["topic"] as? String == "Chemistry 101")
        #expect(failure["reason"] as? String == "copying file f: Zoom answered an HTML page")
        #expect(failure["host_email"] as? String == "host@example.edu" && failure["attempts"] as? Int == 1)
        #expect(failure["failed_at"] as? String == "2025-11-30T10:53:21.000Z")

        let peers = try #require(json["peers"] as? [String: [String: Any]])
        #expect(peers["zoom"]?["ok"] as? Bool == true && peers["zoom"]?["problem"] == nil)
        #expect(peers["zoom"]?["last_success_at"] as? String == "2026-11-30T10:00:00Z")
        #expect(peers["zoom"]?.keys.contains("last_error") == true, "last_error is always present (null)")
        #expect(peers["kaltura"]?["ok"] as? Bool == false)
        #expect(peers["kaltura"]?["since"] as? String == "2026-11-30T09:59:00Z")
        #expect(peers["kaltura"]?["last_error_at"] as? String == "2026-11-30T10:01:00Z")
    }

    @Test func jsonNeedsTheToken() throws {
        let harness = try StatusHarness()
        defer { harness.stop() }
        for accept in [nil, "*/*", "application/json"] as [String?] {
            let anonymous = try harness.get("/status", accept: accept, token: nil)
            #expect(anonymous.status == 401)
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(try harness.get("/status", accept: accept, token: "wrong-token").status == 401)
            #expect(try harness.get("/status", accept: accept).status == 200)
        }
        let delete = try harness.get("/status", method: "DELETE")
        #expect(delete.status == 405 && delete.header("Allow") == "GET, HEAD")
    }

    @Test func browsersGetThePageWithoutTheToken() throws {
        let harness = try StatusHarness(sources: Self.sources())
        defer { harness.stop() }
        for accept in [Self.browserAccept, "text/html"] {
            let page = try harness.get("/status", accept: accept, token: nil)
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            let policy = try #require(page.header("Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"))
            #expect(policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
            // The nonce in the policy is the one on the page's script and style, and fresh per response.
            let nonce = try #require(policy.firstMatch(of: /script-src 'nonce-([A-Za-z0-9+\/=]+)'/)?.1)
            #expect(page.text.contains("<script nonce=\"\(nonce)\">") && page.text.contains("<style nonce=\"\(nonce)\">"))
            let again = try harness.get("/status", accept: accept, token: nil)
            #expect(again.header("Content-Security-Policy") != policy)
            // The page holds no data, and no way to write markup.
            #expect(!page.text.contains("9.9.9-test") && !page.text.contains("ada@example.edu"))
            #expect(!page.text.contains("innerHTML") && !page.text.contains("outerHTML") && !page.text.contains("insertAdjacentHTML"))
            #expect(!page.text.contains("document.write") && !page.text.contains("eval("))
            let withoutSVGNamespace = page.text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            #expect(!withoutSVGNamespace.contains("://") && !page.text.contains("src=") && !page.text.contains("@import"),
                    "no external assets")
            #expect(page.text.contains("sessionStorage") && page.text.contains("'Authorization': 'Bearer '"))
        }
    }

    @Test func markupInATopicIsNeverWrittenAsMarkup() throws {
        let harness = try StatusHarness(sources: Self.sources())
        defer { harness.stop() }
        try harness.failedJob(topic: StatusHarness.markup, reason: "failed on \(StatusHarness.markup)")
        let outputs = [try harness.get("/status"), try harness.get("/status", accept: Self.browserAccept),
                       try harness.get("/status", accept: Self.browserAccept, token: nil), try harness.get("/metrics")]
        for output in outputs {
            #expect(output.status == 200)
            #expect(!output.text.contains(StatusHarness.markup) && !output.text.contains("<script>"), "\(output.text.prefix(200))")
            #expect(!output.text.contains("alert(1)") || output.header("Content-Type") == "application/json")
        }
        // In the JSON the markup is escaped, and still decodes to the topic.
        let json = try harness.json(outputs[0])
        #expect(outputs[0].text.contains(#"\u003cscript\u003ealert(1)\u003c"#))
        #expect((json["failures"] as? [[String: Any]])?.first?["topic"] as? String == StatusHarness.markup)
    }

    @Test func acceptDecidesBetweenPageAndJSON() {
        #expect(StatusNegotiation.prefersHTML(Self.browserAccept))
        #expect(StatusNegotiation.prefersHTML("text/html"))
        #expect(StatusNegotiation.prefersHTML("TEXT/HTML; charset=utf-8"))
        #expect(StatusNegotiation.prefersHTML("text/*, application/json;q=0.5"))
        #expect(!StatusNegotiation.prefersHTML(nil))
        #expect(!StatusNegotiation.prefersHTML(""))
        #expect(!StatusNegotiation.prefersHTML("*/*"))
        #expect(!StatusNegotiation.prefersHTML("application/json"))
        #expect(!StatusNegotiation.prefersHTML("application/json, text/html"), "a tie keeps the API's JSON")
        #expect(!StatusNegotiation.prefersHTML("application/json, text/html;q=0.9"))
        #expect(!StatusNegotiation.prefersHTML("text/html;q=0, */*"))
        #expect(!StatusNegotiation.prefersHTML("garbage"))
    }
}
