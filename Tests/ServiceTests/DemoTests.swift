#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// `zoom2kaltura demo` and the sample `serve` sends in sandbox mode, run as the real binary.
@Suite struct DemoTests {
    static let adminToken = "demo-test-admin-token-0123456789"
    static let webhookSecret = "demo-test-webhook-secret"

    /// A Kaltura entry id as the simulator makes them: `0_` and eight letters or digits.
    static func entryID(in line: Substring) -> String? {
        guard let range = line.range(of: #"entry 0_[a-z0-9]{8}\b"#, options: .regularExpression) else { return nil }
        return String(line[range].dropFirst("entry ".count))
    }

    /// The final report's line for each job, by job id.
    static func reportLines(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix("  job ") }
    }

    @Test func demoCopiesTheSampleAndExitsZero() throws {
        // TMPDIR is the demo's scratch space: it must be empty again afterwards.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try ServiceProcess.run(["demo"], environment: [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TMPDIR": scratch.path,
            "EVENT_LOOPS": "2", "ADMIN_TOKEN": Self.adminToken, "ZOOM_WEBHOOK_SECRET": Self.webhookSecret,
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("demo: all 5 jobs reached their expected states"))

        let lines = Self.reportLines(result.output)
        #expect(lines.count == 5, "\(result.output)")
        let done = lines.filter { $0.contains(" done ") }
        let held = lines.filter { $0.contains(" held ") }
        let skipped = lines.filter { $0.contains(" skipped ") }
        let failed = lines.filter { $0.contains(" failed ") }
        #expect(done.count == 2 && held.count == 1 && skipped.count == 1 && failed.count == 1, "\(result.output)")
        // The recording deleted in Zoom: the simulator's HTML page instead of the file.
        #expect(failed.first?.contains("an HTML page instead of the recording") == true, "\(result.output)")
        #expect(failed.first.map { Self.entryID(in: $0) == nil } == true, "a failed copy left an entry: \(result.output)")
        // Two segments of the matched host's recording: two entries; the held copy has one too.
        let ids = (done + held).compactMap { Self.entryID(in: $0) }
        #expect(ids.count == 3 && Set(ids).count == 3, "\(result.output)")
        #expect(held.first?.contains("has no Kaltura account") == true)
        #expect(skipped.first?.contains("opted out") == true)
        #expect(skipped.first.map { Self.entryID(in: $0) == nil } == true)
        #expect(!lines.contains { $0.contains("expected ") }, "a job missed its expected state")

        // Not a secret in the output: ours, the simulators', nor a Zoom download token.
        for secret in [Self.adminToken, Self.webhookSecret, "sim-admin-secret", "sim-user-secret", "sim-client-secret",
                       "zsim-dl-", "download_token"] {
            #expect(!result.output.contains(secret), "\(secret) in the output")
        }
        #expect(!result.output.contains("\u{1B}["), "a pipe gets plain lines, not a redrawn block")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty, "the demo left files behind")
    }

    @Test func demoRefusesToRunAgainstARealKaltura() throws {
        let result = try ServiceProcess.run(["demo"], environment: [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "KALTURA_SERVICE_URL": "https://www.kaltura.com", "KALTURA_PARTNER_ID": "1", "KALTURA_ADMIN_SECRET": "x",
        ])
        #expect(result.status == 64)
        #expect(result.output.contains("sandbox mode"))
    }

    /// `make run`: `serve` in sandbox mode copies the sample, says where /status is, keeps serving.
    @Test func serveInSandboxModeSendsTheSampleThenKeepsServing() throws {
        let service = try ServiceProcess(arguments: ["serve"])
        defer { service.stop() }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !service.output.contains(where: { $0.contains("/status (bearer token in") }) {
            usleep(20_000)
        }
        let output = service.output
        #expect(output.contains { $0.contains("demo: all 5 jobs reached their expected states") }, "\(output.joined(separator: "\n"))")
        let hint = try #require(output.first { $0.contains("zoom2kaltura: status at http://127.0.0.1:\(service.port)/status") })
        #expect(hint.contains("data/admin-token"))
        let token = try String(contentsOfFile: service.directory.appendingPathComponent("data/admin-token").path, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let client = try TestConnection(port: service.port)
        try client.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\n\r\n")
        let status = try #require(try client.readResponse())
        #expect(status.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any])
        let jobs = try #require(json["jobs"] as? [String: Int])
        #expect(jobs["done"] == 2 && jobs["held"] == 1 && jobs["skipped"] == 1 && jobs["failed"] == 1, "\(jobs)")
        #expect(!output.joined().contains(token))
        #expect(!output.joined().contains("zsim-dl-"))
    }
}
