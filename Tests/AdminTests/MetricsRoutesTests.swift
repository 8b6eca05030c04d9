import Admin
import Foundation
import Jobs
import Metrics
import Testing
import TestSupport

/// `GET /metrics`: the admin token, the exposition format line by line, the gauges read from
/// the store per scrape and the counters the modules keep.
@Suite struct MetricsRoutesTests {
    @Test func metricsNeedTheToken() throws {
        let harness = try StatusHarness()
        defer { harness.stop() }
        #expect(try harness.get("/metrics", token: nil).status == 401)
        #expect(try harness.get("/metrics", token: "wrong").status == 401)
        #expect(try harness.get("/metrics").status == 200)
        let post = try harness.get("/metrics", method: "POST")
        #expect(post.status == 405 && post.header("Allow") == "GET, HEAD")
    }

    @Test func everyLineIsValidAndTheGaugesComeFromTheStore() throws {
        let harness = try StatusHarness()
        defer { harness.stop() }
        let webhooks = harness.registry.counter("zoom2kaltura_webhooks_total", help: "Webhook deliveries received, by result.",
                                                labelNames: ["result"], initial: [["stored"], ["rejected"]])
        webhooks.increment(["rejected"])
        let durations = harness.registry.histogram("zoom2kaltura_transfer_duration_seconds", help: "per file", bounds: [1, 10])
        durations.observe(2)
        try harness.failedJob(topic: StatusHarness.markup, reason: "x")
        let queued = NewJob(dedupeKey: "q", kind: "recording.completed", meetingUUID: "q==", recordingStart: "s", hostEmail: "h@x",
                            topic: "t", payload: [])
        _ = try harness.store.enqueueAndWait([queued], receivedAt: StatusHarness.now - 90_000)

        let response = try harness.get("/metrics")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let problems = ExpositionCheck.problems(response.text)
        #expect(problems.isEmpty, "\(problems)\n\(response.text)")
        let lines = Set(response.text.split(separator: "\n").map(String.init))
        for line in ["zoom2kaltura_jobs{state=\"failed\"} 1", "zoom2kaltura_jobs{state=\"queued\"} 1",
                     "zoom2kaltura_jobs{state=\"done\"} 0", "zoom2kaltura_store_up 1",
                     "zoom2kaltura_oldest_queued_job_age_seconds 90", "zoom2kaltura_build_info{version=\"9.9.9-test\"} 1",
                     "zoom2kaltura_webhooks_total{result=\"rejected\"} 1", "zoom2kaltura_webhooks_total{result=\"stored\"} 0",
                     "zoom2kaltura_transfer_duration_seconds_bucket{le=\"10\"} 1", "zoom2kaltura_transfer_duration_seconds_count 1",
                     "# TYPE zoom2kaltura_jobs gauge", "# TYPE zoom2kaltura_webhooks_total counter",
                     "# TYPE zoom2kaltura_transfer_duration_seconds histogram"] {
            #expect(lines.contains(line), "missing \(line)")
        }
        #expect(lines.contains { $0.hasPrefix("zoom2kaltura_uptime_seconds ") })
        #expect(lines.contains { $0.hasPrefix("process_start_time_seconds ") })
    }

    @Test func aStoreThatFailsShowsAsDown() throws {
        let harness = try StatusHarness()
        defer { harness.stop() }
        harness.store.close()
        let response = try harness.get("/metrics")
        #expect(response.status == 200)
        #expect(response.text.contains("\nzoom2kaltura_store_up 0\n"))
        #expect(ExpositionCheck.problems(response.text).isEmpty)
        let status = try harness.get("/status")
        #expect(status.status == 200)
        #expect((try harness.json(status)["store"] as? String)?.contains("unavailable") == true)
    }
}
