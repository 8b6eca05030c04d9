#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Jobs
import Testing
import TestSupport

/// The real binary, started as a child process on a loopback port.
@Suite struct ServiceProcessTests {
    static let token = "test-admin-token-0123456789"

    @Test func healthAndStatusWithTheAdminToken() throws {
        let service = try ServiceProcess(environment: ["ADMIN_TOKEN": Self.token])
        defer { service.stop() }
        let client = try TestConnection(port: service.port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        let health = try #require(try client.readResponse())
        #expect(health.status == 200)
        #expect(health.text == #"{"status":"ok"}"#)

        try client.send("GET /status HTTP/1.1\r\nHost: t\r\n\r\n")
        let anonymous = try #require(try client.readResponse())
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)

        try client.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer wrong-token-0123456789\r\n\r\n")
        #expect(try client.readResponse()?.status == 401)

        try client.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(Self.token)\r\n\r\n")
        let status = try #require(try client.readResponse())
        #expect(status.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any])
        #expect(json["version"] as? String == "0.1.0")
        #expect(json["uptime_seconds"] is Int)
        #expect(json["last_webhook_at"] is NSNull)  // present, null before the first webhook
        for key in ["service", "started_at", "sandbox", "jobs", "store"] { #expect(json[key] != nil, "\(key)") }
        #expect(!service.output.joined().contains(Self.token))
    }

    @Test func sandboxWithoutATokenWritesOneToAPrivateFile() throws {
        let service = try ServiceProcess()
        defer { service.stop() }
        let path = service.directory.appendingPathComponent("data/admin-token").path
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
        let client = try TestConnection(port: service.port)
        try client.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        #expect(!service.output.joined().contains(token))
    }

    /// SIGTERM: idle connections close, a request in progress is finished, the process exits 0.
    @Test func sigtermDrainsInFlightRequests() throws {
        let service = try ServiceProcess()
        defer { service.stop() }
        let idle = try TestConnection(port: service.port)
        try idle.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse()?.status == 200)
        let inFlight = try TestConnection(port: service.port)
        try inFlight.send("GET /healthz HTTP/1.1\r\nHost: t\r\n")  // head not finished yet
        let probe = try TestConnection(port: service.port)          // proves the loop saw inFlight's bytes
        try probe.send("GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(try probe.readResponse()?.status == 200)

        service.signal(SIGTERM)
        #expect(idle.waitForClose(timeout: .seconds(10)))
        // Once a new connection is refused, every event loop has begun draining.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, (try? TestConnection(port: service.port)) != nil { usleep(5_000) }
        try inFlight.send("\r\n")
        let finished = try #require(try inFlight.readResponse())
        #expect(finished.status == 200)
        #expect(finished.header("Connection") == "close")
        #expect(service.waitForExit() == 0)
        #expect(throws: TestConnection.Failure.self) { try TestConnection(port: service.port) }
        #expect(service.output.contains { $0.contains("\"msg\":\"draining\"") })
    }

    @Test func checkConfigMasksSecretsAndRejectsBadValues() throws {
        let good = try ServiceProcess.run(["check-config"], environment: [
            "ADMIN_TOKEN": Self.token, "ZOOM_WEBHOOK_SECRET": "zoom-secret-value"])
        #expect(good.status == 0)
        #expect(good.output.contains("ADMIN_TOKEN=<set>"))
        #expect(good.output.contains("ZOOM_WEBHOOK_SECRET=<set>"))
        #expect(!good.output.contains(Self.token) && !good.output.contains("zoom-secret-value"))

        let bad = try ServiceProcess.run(["check-config"], environment: ["WORKERS": "lots", "LISTEN": "nowhere"])
        #expect(bad.status == 78)
        #expect(bad.output.contains("configuration has 2 problems"))
        #expect(bad.output.contains("WORKERS=\"lots\""))
    }

    @Test func statusCountsJobsAndTheLastWebhook() throws {
        let secret = "status-webhook-secret"
        let service = try ServiceProcess(environment: ["ADMIN_TOKEN": Self.token, "ZOOM_WEBHOOK_SECRET": secret])
        defer { service.stop() }
        let client = try TestConnection(port: service.port)
        let body = SampleWebhooks.recordingCompleted(uuid: "status==", segments: 2)
        try client.send(SampleWebhooks.signedRequest(body: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970)))
        #expect(try client.readResponse()?.status == 200)
        try client.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(Self.token)\r\n\r\n")
        let status = try #require(try client.readResponse())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any])
        let jobs = try #require(json["jobs"] as? [String: Int])
        // The workers may have taken them already: two jobs, in whatever state.
        #expect(jobs.values.reduce(0, +) == 2 && jobs.count == 7)
        #expect((json["peers"] as? [String: Any])?.keys.sorted() == ["kaltura", "zoom"])
        #expect((json["last_webhook_at"] as? String)?.hasPrefix("20") == true)
        #expect(json["store"] as? String == "ready")
        try client.send("GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        #expect(!service.output.joined().contains("download-token-status=="))
    }

    @Test func healthcheckCommandProbesTheRunningService() throws {
        let service = try ServiceProcess()
        defer { service.stop() }
        let up = try ServiceProcess.run(["healthcheck"], environment: ["LISTEN": "127.0.0.1:\(service.port)"])
        #expect(up.status == 0)
        service.stop()
        let down = try ServiceProcess.run(["healthcheck"], environment: ["LISTEN": "127.0.0.1:\(service.port)"])
        #expect(down.status == 1)
    }

    /// DATABASE_URL=postgres://…: webhooks are stored in the shared database (one job for a
    /// repeated delivery), /readyz and /status say the store is ready, and the password in the
    /// URL appears nowhere (the test cluster trusts local connections, so any password works).
    @Test func postgresURLStoresJobsInTheSharedDatabase() throws {
        let cluster = try PostgresCluster.shared()
        let password = "pg-pass-\(UUID().uuidString.prefix(8))"
        let url = try cluster.createDatabase().replacingOccurrences(of: "postgres@", with: "postgres:\(password)@")
        let secret = "postgres-webhook-secret"
        let service = try ServiceProcess(environment: ["ADMIN_TOKEN": Self.token, "ZOOM_WEBHOOK_SECRET": secret,
                                                       "DATABASE_URL": url, "WORKERS": "1"])
        defer { service.stop() }
        let client = try TestConnection(port: service.port)
        let body = SampleWebhooks.recordingCompleted(uuid: "pg-service==", segments: 2)
        for _ in 0..<2 {
            try client.send(SampleWebhooks.signedRequest(body: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970)))
            #expect(try client.readResponse()?.status == 200)
        }
        try client.send("GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        try client.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(Self.token)\r\n\r\n")
        let status = try #require(try client.readResponse())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any])
        #expect(json["store"] as? String == "ready")
        #expect((json["jobs"] as? [String: Int])?.values.reduce(0, +) == 2)
        #expect(!status.text.contains(password))

        let store = try PostgresJobStore(url: url)
        defer { store.close() }
        let jobs = try store.listJobs(JobQuery()).jobs
        #expect(jobs.count == 2 && jobs.allSatisfy { $0.meetingUUID == "pg-service==" })
        service.signal(SIGTERM)
        #expect(service.waitForExit() == 0)
        #expect(!service.output.joined().contains(password))
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try ServiceProcess.run(["frobnicate"], environment: [:])
        #expect(result.status == 64)
        #expect(result.output.contains("usage: zoom2kaltura"))
    }
}
