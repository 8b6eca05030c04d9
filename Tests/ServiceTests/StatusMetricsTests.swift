#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// `/status` (JSON and page) and `/metrics` of the real binary in sandbox mode, after the
/// sample: the failed recording among the failures with its topic escaped everywhere, the
/// counters moved by the copy and by further webhooks.
@Suite struct StatusMetricsTests {
    static let token = "status-metrics-admin-token-0123456789"
    static let secret = "status-metrics-webhook-secret"
    static let markup = "<script>alert(1)</script>"

    /// `serve` with the sample, once the sample's verdict is out.
    static func sampleService() throws -> ServiceProcess {
        let service = try ServiceProcess(environment: ["ADMIN_TOKEN": token, "ZOOM_WEBHOOK_SECRET": secret], arguments: ["serve"])
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !service.output.contains(where: { $0.hasPrefix("demo: all ") }) { usleep(20_000) }
        return service
    }

    static func get(_ service: ServiceProcess, _ path: String, accept: String? = nil, token: String? = token) throws -> TestResponse {
        let client = try TestConnection(port: service.port)
        var request = "GET \(path) HTTP/1.1\r\nHost: t\r\n"
        if let accept { request += "Accept: \(accept)\r\n" }
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        try client.send(request + "\r\n")
        return try #require(try client.readResponse())
    }

    /// `name{labels} value` lines of an exposition, by series.
    static func series(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }

    @Test func statusShowsTheSampleAndNeverItsMarkup() throws {
        let service = try Self.sampleService()
        defer { service.stop() }
        try #require(service.output.contains { $0.hasPrefix("demo: all 5 jobs") }, "\(service.output.joined(separator: "\n"))")

        let response = try Self.get(service, "/status")
        #expect(response.status == 200)
        #expect(!response.text.contains("<script>") && !response.text.contains(Self.token) && !response.text.contains(Self.secret))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let failures = try #require(json["failures"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect((failures.first?["topic"] as? String)?.hasSuffix(Self.markup) == true)
        #expect((failures.first?["reason"] as? String)?.contains("HTML page") == true)
        let webhooks = try #require(json["webhooks"] as? [String: Any])
        #expect(webhooks["last_hour"] as? Int == 4 && webhooks["last_day"] as? Int == 4)
        let throughput = try #require(json["throughput_last_hour"] as? [Int])
        #expect(throughput.count == 60 && throughput.reduce(0, +) >= 24 << 20)
        let configuration = try #require(json["configuration"] as? [[String: String]])
        let settings = Dictionary(configuration.map { ($0["name"] ?? "", $0["value"] ?? "") }) { a, _ in a }
        #expect(settings["ADMIN_TOKEN"] == "<set>" && settings["ZOOM_WEBHOOK_SECRET"] == "<set>")
        #expect(settings["KALTURA_ADMIN_SECRET"] == "<set>" && settings["LISTEN"] == "127.0.0.1:0")
        let peers = try #require(json["peers"] as? [String: [String: Any]])
        #expect(peers["kaltura"]?["ok"] as? Bool == true && peers["kaltura"]?["last_success_at"] is String)
        #expect(json["transfers"] is [Any])

        let page = try Self.get(service, "/status", accept: "text/html,application/xhtml+xml,*/*;q=0.8", token: nil)
        #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'nonce-") == true)
        #expect(!page.text.contains(Self.markup) && !page.text.contains("Lab tour"), "the page holds no data")
        #expect(try Self.get(service, "/status", accept: "application/json", token: nil).status == 401)
    }

    @Test func metricsCountTheCopyAndEveryWebhook() throws {
        let service = try Self.sampleService()
        defer { service.stop() }
        try #require(service.output.contains { $0.hasPrefix("demo: all 5 jobs") }, "\(service.output.joined(separator: "\n"))")
        #expect(try Self.get(service, "/metrics", token: nil).status == 401)
        let before = Self.series(try Self.get(service, "/metrics").text)
        #expect(before["zoom2kaltura_webhooks_total{result=\"stored\"}"] == 4)
        #expect(before["zoom2kaltura_webhooks_total{result=\"rejected\"}"] == 0)
        #expect((before["zoom2kaltura_copied_bytes_total"] ?? 0) >= Double(24 << 20))
        #expect(before["zoom2kaltura_transfer_duration_seconds_count"] == 3, "three files copied")
        #expect(before["zoom2kaltura_jobs{state=\"failed\"}"] == 1)

        let client = try TestConnection(port: service.port)
        let body = SampleWebhooks.recordingCompleted(uuid: "metrics==", segments: 1)
        let now = Int64(Date().timeIntervalSince1970)
        try client.send(SampleWebhooks.signedRequest(body: body, secret: Self.secret, timestamp: now))
        #expect(try client.readResponse()?.status == 200)
        try client.send(SampleWebhooks.signedRequest(body: body, secret: Self.secret, timestamp: now))
        #expect(try client.readResponse()?.status == 200)
        try client.send(SampleWebhooks.signedRequest(body: body, secret: "not-the-secret", timestamp: now))
        #expect(try client.readResponse()?.status == 401)

        let text = try Self.get(service, "/metrics").text
        let after = Self.series(text)
        #expect(after["zoom2kaltura_webhooks_total{result=\"stored\"}"] == 5)
        #expect(after["zoom2kaltura_webhooks_total{result=\"duplicate\"}"] == 1)
        #expect(after["zoom2kaltura_webhooks_total{result=\"rejected\"}"] == 1)
        #expect(!text.contains(Self.markup))
        let status = try JSONSerialization.jsonObject(with: Data(try Self.get(service, "/status").body)) as? [String: Any]
        #expect((status?["webhooks"] as? [String: Any])?["last_hour"] as? Int == 7)
    }
}
