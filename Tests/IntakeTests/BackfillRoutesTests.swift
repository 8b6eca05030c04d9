import Foundation
import Jobs
import Testing
import TestSupport
import Zoom

/// `POST /backfill`: one durable job per range, refused with a reason when the range is not
/// one.
@Suite struct BackfillRoutesTests {
    @Test func aRangeIsStoredOnceAsOneJob() throws {
        let rig = try IngestHarness()
        let response = try rig.post("/backfill", #"{"from":"2026-11-01","to":"2026-11-30"}"#)
        try #require(response.status == 200, "\(response)")
        let first = try rig.answer(response)
        #expect(first.jobs.count == 1 && first.new == 1)
        let job = try #require(try rig.store.job(id: first.jobs[0]))
        #expect(job.kind == BackfillRange.jobKind)
        #expect(job.dedupeKey == "zoom.backfill|2026-11-01|2026-11-30")
        #expect(BackfillRange(payload: job.payload) == (try BackfillRange(from: "2026-11-01", to: "2026-11-30")))
        #expect(rig.wakeups.value == 1)

        let again = try rig.answer(try rig.post("/backfill", #"{"to":"2026-11-30","from":"2026-11-01"}"#))
        #expect(again.jobs == first.jobs && again.new == 0 && again.duplicates == 1)
        let other = try rig.answer(try rig.post("/backfill", #"{"from":"2026-11-01","to":"2026-11-29"}"#))
        #expect(other.jobs != first.jobs && other.new == 1)
        #expect(rig.zoom.counters.apiCalls == 0, "the walk is the worker's")
    }

    @Test func badRangesAreRefusedWithAReason() throws {
        let rig = try IngestHarness()
        let cases: [(body: String, code: String)] = [
            ("", "invalid_json"),
            ("[]", "invalid_json"),
            (#"{"to":"2026-01-01"}"#, "missing_field"),
            (#"{"from":"2026-01-01"}"#, "missing_field"),
            (#"{"from":20260101,"to":"2026-01-01"}"#, "wrong_type"),
            (#"{"from":"2026-1-1","to":"2026-01-01"}"#, "invalid_range"),
            (#"{"from":"2026-02-30","to":"2026-03-01"}"#, "invalid_range"),
            (#"{"from":"2026-01-02","to":"2026-01-01"}"#, "invalid_range"),
            (#"{"from":"2025-01-01","to":"2026-01-02"}"#, "invalid_range"),
        ]
        for (body, code) in cases {
            let response = try rig.post("/backfill", body)
            #expect(response.status == 400, "\(body): \(response)")
            #expect(rig.error(response) == code, "\(body): \(response)")
        }
        #expect(try rig.post("/backfill", #"{"from":"2025-01-01","to":"2025-12-31"}"#).status == 200, "365 days")
        #expect(try rig.post("/backfill", #"{"from":"2024-01-01","to":"2024-12-31"}"#).status == 200, "366 days")
        #expect(try rig.post("/backfill", #"{"from":"2024-01-01","to":"2024-01-02"}"#, token: nil).status == 401)
        #expect(try rig.post("/backfill", #"{"from":"2024-01-01","to":"2024-01-02"}"#, token: "wrong-token-0123456789").status == 401)
        let large = #"{"from":"2024-01-01","to":"2024-01-02","pad":"\#(String(repeating: "p", count: 16 << 10))"}"#
        #expect(try rig.post("/backfill", large).status == 413)

        let connection = try TestConnection(port: rig.port)
        try connection.send("GET /backfill HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let get = try #require(try connection.readResponse())
        #expect(get.status == 405 && get.header("Allow") == "POST")
    }
}
