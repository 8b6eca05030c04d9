#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import Simulators
import Testing
import TestSupport

/// The real binary against both simulators, which run in the test process on loopback: a
/// webhook in, a READY Kaltura entry out; and a kill -9 in the middle of a large upload, after
/// which a restarted service finishes the same entry without re-sending what Kaltura holds.
@Suite(.serialized) struct CopyEndToEndTests {
    static let host = "alice@uni.edu"
    static let start = "2026-11-30T10:00:05Z"

    @Test func webhookBecomesOneReadyEntryWithCaptionsAndChat() throws {
        let rig = try Rig()
        let uuid = "e2e-happy-\(UUID().uuidString)=="
        let files = [
            ZoomFile(id: "happy-screen", fileType: "MP4", recordingType: "shared_screen_with_speaker_view",
                     size: 3 << 20 + 12_345),
            ZoomFile(id: "happy-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 4000),
            ZoomFile(id: "happy-chat", fileType: "CHAT", recordingType: "chat_file", size: 900),
            ZoomFile(id: "happy-timeline", fileType: "TIMELINE", recordingType: "timeline", size: 700),
        ]
        rig.zoom.addRecording(meetingUUID: uuid, hostEmail: Self.host, files: files)
        let service = try ServiceProcess(environment: rig.environment(database: rig.database))
        defer { service.stop() }

        try rig.deliver(uuid: uuid, to: service)
        let counts = try rig.waitForJobs(service) { $0["done"] == 1 }
        #expect(counts["failed"] == 0 && counts["held"] == 0 && counts["skipped"] == 0, "\(counts)")

        let entries = rig.liveEntries(referenceID: "Zoom_\(uuid)\(Self.start)")
        try #require(entries.count == 1, "live entries: \(entries)")
        let entry = entries[0]
        #expect(entry.userID == Self.host)
        #expect(entry.status == 2)
        #expect(entry.contentSHA256 == rig.zoom.sha256(fileID: "happy-screen"))
        #expect(entry.contentSize == 3 << 20 + 12_345)
        #expect(entry.captionIDs.count == 1)
        #expect(entry.attachmentIDs.count == 1)
        let caption = try #require(entry.captionIDs.first.flatMap(rig.kaltura.asset(id:)))
        #expect(caption.content == rig.zoom.bytes(fileID: "happy-vtt"))
        let chat = try #require(entry.attachmentIDs.first.flatMap(rig.kaltura.asset(id:)))
        #expect(chat.content == rig.zoom.bytes(fileID: "happy-chat"))

        // Stop first so that everything the process printed is in.
        service.signal(SIGTERM)
        #expect(service.waitForExit() == 0)
        let output = service.output.joined(separator: "\n")
        #expect(output.contains("\"msg\":\"job finished\""))
        let secrets = rig.secrets()
        #expect(!rig.kaltura.sessionsSeen.isEmpty && !rig.zoom.downloadTokensIssued.isEmpty,
                "the check needs the KS and download tokens the run used")
        for secret in secrets {
            #expect(!output.contains(secret), "a secret (\(secret.prefix(6))…) appears in the service's output")
        }
    }

    @Test func sigkillMidUploadResumesFromKalturasBytes() throws {
        let size = 200 << 20
        let chunk = 8 << 20
        let rig = try Rig()
        let uuid = "e2e-crash-\(UUID().uuidString)=="
        rig.zoom.addRecording(meetingUUID: uuid, hostEmail: Self.host, files: [
            ZoomFile(id: "crash-screen", fileType: "MP4", recordingType: "shared_screen_with_speaker_view", size: size),
        ])
        let environment = rig.environment(database: rig.database, extra: ["CHUNK_SIZE": "8MiB", "JOB_LEASE": "5s"])

        let first = try ServiceProcess(environment: environment)
        defer { first.stop() }
        try rig.deliver(uuid: uuid, to: first)
        // Kill once more than 60 MiB have arrived, well before the end.
        let deadline = ContinuousClock.now + .seconds(120)
        while rig.kaltura.counters.uploadedBytes <= 60 << 20, first.process.isRunning, ContinuousClock.now < deadline {
            usleep(1_000)
        }
        try #require(first.process.isRunning, "the service died by itself: \(first.output.suffix(20))")
        #expect(first.crash())
        let killedAt = ContinuousClock.now
        let atKill = rig.kaltura.counters.uploadedBytes
        try #require(atKill > 60 << 20, "only \(atKill) bytes uploaded in 120 s")
        try #require(atKill < size, "the upload finished before the kill (\(atKill) bytes)")
        first.stop()

        // Same database: the job's lease (5 s) runs out and the new process takes it over.
        let second = try ServiceProcess(environment: environment)
        defer { second.stop() }
        // The lease is renewed every third of it, so at least 2/3 × 5 s of it was left at the kill.
        let resumeDeadline = ContinuousClock.now + .seconds(60)
        while rig.kaltura.counters.uploadedBytes == atKill, ContinuousClock.now < resumeDeadline { usleep(5_000) }
        let resumedAfter = ContinuousClock.now - killedAt
        #expect(resumedAfter >= .milliseconds(3_300), "resumed \(resumedAfter) after the kill, before the lease expired")
        let counts = try rig.waitForJobs(second, timeout: .seconds(180)) { $0["done"] == 1 }
        #expect(counts["failed"] == 0, "\(counts)")
        #expect(second.output.contains { $0.contains("\"msg\":\"job started\"") })

        let entries = rig.liveEntries(referenceID: "Zoom_\(uuid)\(Self.start)")
        try #require(entries.count == 1, "live entries: \(entries)")
        #expect(entries[0].status == 2)
        #expect(entries[0].userID == Self.host)
        #expect(entries[0].contentSize == size)
        #expect(entries[0].contentSHA256 == rig.zoom.sha256(fileID: "crash-screen"))
        let resent = rig.kaltura.counters.uploadedBytes - size
        #expect(resent >= 0)
        #expect(resent < 2 * chunk, "re-sent \(resent) bytes")
        print("crash test: re-sent \(resent) bytes (\(atKill) bytes had arrived at the kill; resumed \(resumedAfter) later)")
    }
}

/// Both simulators, with credentials of their own, and the environment that points the
/// service at them.
final class Rig: @unchecked Sendable {
    // Invariant for @unchecked Sendable: every property is set in init and never changes; the
    // simulators are thread-safe.
    let zoom: ZoomSimulator
    let kaltura: KalturaSimulator
    let webhookSecret = "whsec-" + Digest.hex(Digest.randomBytes(16))
    let adminToken = "admin-" + Digest.hex(Digest.randomBytes(16))
    let directory: URL
    var database: String { directory.appendingPathComponent("jobs.db").path }

    init() throws {
        zoom = try ZoomSimulator(clientID: "e2e-client", clientSecret: "zcs-" + Digest.hex(Digest.randomBytes(16)),
                                 accountID: "e2e-account")
        kaltura = try KalturaSimulator(adminSecret: "kas-" + Digest.hex(Digest.randomBytes(16)),
                                       userSecret: "kus-" + Digest.hex(Digest.randomBytes(16)))
        kaltura.addUser(KalturaUser(id: CopyEndToEndTests.host, email: CopyEndToEndTests.host, status: 1))
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        zoom.stop()
        kaltura.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func environment(database: String, extra: [String: String] = [:]) -> [String: String] {
        [
            "KALTURA_SERVICE_URL": kaltura.baseURL, "KALTURA_PARTNER_ID": String(kaltura.partnerID),
            "KALTURA_ADMIN_SECRET": kaltura.adminSecret, "ZOOM_WEBHOOK_SECRET": webhookSecret, "ADMIN_TOKEN": adminToken,
            "ZOOM_ACCOUNT_ID": zoom.accountID, "ZOOM_CLIENT_ID": zoom.clientID, "ZOOM_CLIENT_SECRET": zoom.clientSecret,
            "ZOOM_API_URL": "\(zoom.baseURL)/v2", "ZOOM_OAUTH_URL": "\(zoom.baseURL)/oauth/token",
            "ZOOM_DOWNLOAD_HOSTS": "http://127.0.0.1:\(zoom.port)", "DATABASE_URL": "sqlite:\(database)",
            "KALTURA_USER_MATCHING": "email", "LOG_LEVEL": "debug",
        ].merging(extra) { $1 }
    }

    /// Sends the recording's `recording.completed` as Zoom would; expects a 200.
    func deliver(uuid: String, to service: ServiceProcess) throws {
        let body = try #require(zoom.recordingCompletedBody(meetingUUID: uuid))
        let answer = try zoom.sendWebhook(to: "http://127.0.0.1:\(service.port)/webhooks/zoom", secret: webhookSecret, body: body)
        try #require(answer.status == 200, "webhook answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
    }

    /// `GET /status` job counts by state.
    func jobCounts(_ service: ServiceProcess) throws -> [String: Int] {
        let connection = try TestConnection(port: service.port)
        try connection.send("GET /status HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(adminToken)\r\nConnection: close\r\n\r\n")
        let response = try #require(try connection.readResponse())
        try #require(response.status == 200, "/status answered \(response)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        return try #require(json["jobs"] as? [String: Int])
    }

    /// Polls `/status` every 20 ms until `done` holds, a job fails, the service exits, or
    /// `timeout` passes (the last three throw, with the end of the service's log).
    @discardableResult
    func waitForJobs(_ service: ServiceProcess, timeout: Duration = .seconds(60),
                     until done: ([String: Int]) -> Bool) throws -> [String: Int] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let counts = try jobCounts(service)
            if done(counts) { return counts }
            let problem = (counts["failed"] ?? 0) > 0 ? "a job failed"
                : !service.process.isRunning ? "the service exited"
                : ContinuousClock.now >= deadline ? "timed out after \(timeout)" : nil
            if let problem {
                throw TestConnection.Failure(description: "\(problem); jobs \(counts); log:\n"
                                             + service.output.suffix(30).joined(separator: "\n"))
            }
            usleep(20_000)
        }
    }

    /// Live (not deleted) entries with this reference id.
    func liveEntries(referenceID: String) -> [KalturaEntry] {
        kaltura.entries().filter { $0.referenceID == referenceID && $0.status != 3 }
    }

    /// Every secret the run involved: configured ones and those the simulators issued.
    func secrets() -> Set<String> {
        Set([webhookSecret, adminToken, kaltura.adminSecret, kaltura.userSecret, zoom.clientSecret])
            .union(kaltura.sessionsSeen).union(zoom.downloadTokensIssued).union(zoom.accessTokensIssued)
    }
}
