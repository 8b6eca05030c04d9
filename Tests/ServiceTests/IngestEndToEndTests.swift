#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Simulators
import Testing
import TestSupport

/// `POST /ingest`, `POST /backfill` and their command-line twins, against the real binary
/// and both simulators: a recording nobody announced ends as a READY entry, once.
@Suite(.serialized) struct IngestEndToEndTests {
    static let start = "2026-11-30T10:00:05Z"

    /// POSTs JSON with the admin token.
    static func post(_ path: String, _ body: String, to service: ServiceProcess, token: String) throws -> TestResponse {
        let connection = try TestConnection(port: service.port)
        try connection.send("POST \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\nAuthorization: Bearer \(token)\r\n"
                            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return try #require(try connection.readResponse(timeout: .seconds(30)))
    }

    static func json(_ response: TestResponse) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]) ?? [:]
    }

    /// The CLI with the service's environment, pointed at its port.
    static func cli(_ arguments: [String], rig: Rig, service: ServiceProcess?, port: Int? = nil,
                    without: [String] = []) throws -> (status: Int32, output: String) {
        var environment = rig.environment(database: rig.database)
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment["LISTEN"] = "127.0.0.1:\(port ?? service?.port ?? 0)"
        for name in without { environment[name] = nil }
        return try ServiceProcess.run(arguments, environment: environment)
    }

    @Test func ingestByUUIDAndByNumberEndInOneReadyEntryEach() throws {
        let rig = try Rig()
        let byUUID = "ingest-uuid-\(UUID().uuidString)=="
        let byNumber = "ingest/number-\(UUID().uuidString)=="
        rig.zoom.addRecording(meetingUUID: byUUID, meetingID: 94_000_000_001, hostEmail: CopyEndToEndTests.host,
                              files: [ZoomFile(id: "ingest-uuid-mp4", size: 300_000)])
        rig.zoom.addRecording(meetingUUID: byNumber, meetingID: 94_000_000_002, hostEmail: CopyEndToEndTests.host,
                              files: [ZoomFile(id: "ingest-number-mp4", size: 200_000)])
        let service = try ServiceProcess(environment: rig.environment(database: rig.database))
        defer { service.stop() }

        let first = try Self.post("/ingest", #"{"meeting":"\#(byUUID)"}"#, to: service, token: rig.adminToken)
        try #require(first.status == 200, "\(first)")
        #expect(Self.json(first)["new"] as? Int == 1)
        let second = try Self.post("/ingest", #"{"meeting":"94000000002"}"#, to: service, token: rig.adminToken)
        try #require(second.status == 200, "\(second)")
        let counts = try rig.waitForJobs(service) { $0["done"] == 2 }
        #expect(counts.values.reduce(0, +) == 2, "\(counts)")
        for (uuid, file) in [(byUUID, "ingest-uuid-mp4"), (byNumber, "ingest-number-mp4")] {
            let entries = rig.liveEntries(referenceID: "Zoom_\(uuid)\(Self.start)")
            try #require(entries.count == 1, "\(uuid): \(entries)")
            #expect(entries[0].status == 2 && entries[0].userID == CopyEndToEndTests.host)
            #expect(entries[0].contentSHA256 == rig.zoom.sha256(fileID: file))
        }

        // Again, and then the webhook that was missed arrives late: nothing new either way.
        let again = try Self.post("/ingest", #"{"meeting":"\#(byUUID)"}"#, to: service, token: rig.adminToken)
        #expect(Self.json(again)["new"] as? Int == 0 && Self.json(again)["duplicates"] as? Int == 1, "\(again)")
        let body = try #require(rig.zoom.recordingCompletedBody(meetingUUID: byUUID))
        let late = try rig.zoom.sendWebhook(to: "http://127.0.0.1:\(service.port)/webhooks/zoom", secret: rig.webhookSecret, body: body)
        #expect(late.status == 200 && String(decoding: late.body, as: UTF8.self).contains(#""new":0"#))
        #expect(try rig.jobCounts(service).values.reduce(0, +) == 2)
        #expect(rig.liveEntries(referenceID: "Zoom_\(byUUID)\(Self.start)").count == 1)

        let unknown = try Self.post("/ingest", #"{"meeting":"no-such-meeting=="}"#, to: service, token: rig.adminToken)
        #expect(unknown.status == 404, "\(unknown)")
        service.signal(SIGTERM)
        #expect(service.waitForExit() == 0)
        for secret in rig.secrets() { #expect(!service.output.joined().contains(secret)) }
    }

    @Test func theCommandLineTwinsCallTheRunningService() throws {
        let rig = try Rig()
        let uuid = "cli-\(UUID().uuidString)=="
        rig.zoom.addRecording(meetingUUID: uuid, meetingID: 95_000_000_001, hostEmail: CopyEndToEndTests.host,
                              startTime: "2026-11-30T10:00:00Z", files: [ZoomFile(id: "cli-mp4", size: 100_000)])
        rig.zoom.addRecording(meetingUUID: "cli-older-\(uuid)", meetingID: 95_000_000_002, hostEmail: CopyEndToEndTests.host,
                              startTime: "2026-11-29T09:00:00Z",
                              files: [ZoomFile(id: "cli-older-mp4", size: 100_000, recordingStart: "2026-11-29T09:00:05Z")])
        let service = try ServiceProcess(environment: rig.environment(database: rig.database))
        defer { service.stop() }

        let ingest = try Self.cli(["ingest", uuid], rig: rig, service: service)
        #expect(ingest.status == 0, "\(ingest.output)")
        #expect(ingest.output.contains(#""status":"stored""#) && ingest.output.contains(#""new":1"#), "\(ingest.output)")
        let repeated = try Self.cli(["ingest", uuid], rig: rig, service: service)
        #expect(repeated.status == 0 && repeated.output.contains(#""new":0"#), "\(repeated.output)")

        let missing = try Self.cli(["ingest", "no-such-meeting=="], rig: rig, service: service)
        #expect(missing.status == 1 && missing.output.contains("404") && missing.output.contains("recording_not_found"),
                "\(missing.output)")
        let anonymous = try Self.cli(["ingest", uuid], rig: rig, service: service, without: ["ADMIN_TOKEN", "KALTURA_SERVICE_URL"])
        #expect(anonymous.status == 1 && anonymous.output.contains("no admin token"), "no token, no token file: \(anonymous.output)")

        let backfill = try Self.cli(["backfill", "--from", "2026-11-28", "--to=2026-11-30"], rig: rig, service: service)
        #expect(backfill.status == 0 && backfill.output.contains(#""new":1"#), "\(backfill.output)")
        let counts = try rig.waitForJobs(service) { $0["done"] == 3 }  // the backfill and two copies
        #expect(counts.values.reduce(0, +) == 3, "\(counts)")
        #expect(rig.liveEntries(referenceID: "Zoom_cli-older-\(uuid)2026-11-29T09:00:05Z").count == 1)
        let twice = try Self.cli(["backfill", "--from", "2026-11-28", "--to", "2026-11-30"], rig: rig, service: service)
        #expect(twice.status == 0 && twice.output.contains(#""new":0"#), "\(twice.output)")

        for usage in [["ingest"], ["ingest", "a==", "b=="], ["backfill"], ["backfill", "--from", "2026-11-28"],
                      ["backfill", "--from", "2026-11-28", "--to"], ["backfill", "--from", "2026-13-01", "--to", "2026-12-01"],
                      ["backfill", "--from", "2026-11-28", "--to", "2026-11-30", "--extra"]] {
            let result = try Self.cli(usage, rig: rig, service: service)
            #expect(result.status == 64, "\(usage): \(result.output)")
            #expect(result.output.contains("usage: zoom2kaltura"), "\(usage)")
        }
        let closed = try Self.cli(["ingest", uuid], rig: rig, service: nil, port: LoopbackPort.unused())
        #expect(closed.status == 1 && closed.output.contains("cannot reach the service"), "\(closed.output)")
        let help = try ServiceProcess.run(["help"], environment: [:])
        #expect(help.output.contains("ingest") && help.output.contains("backfill --from"))
    }

    @Test func inSandboxModeTheCLIFindsTheTokenFile() throws {
        let service = try ServiceProcess()  // sandbox: token in <dir>/data/admin-token, the Zoom API on the simulator
        defer { service.stop() }
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "LISTEN": "127.0.0.1:\(service.port)",
                           "DATABASE_URL": "sqlite:\(service.directory.path)/data/z2k.db"]
        let result = try ServiceProcess.run(["ingest", "no-such-meeting=="], environment: environment)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("recording_not_found"), "authorized, then 404: \(result.output)")
    }
}
