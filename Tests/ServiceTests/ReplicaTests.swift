#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Jobs
import Simulators
import Synchronization
import Testing
import TestSupport

/// Three replicas of the real binary share one PostgreSQL database and both simulators. 300
/// recordings arrive, each webhook delivered twice to random replicas; one replica is killed
/// (SIGKILL) while it copies a large file. Every recording ends as exactly one READY entry whose
/// content has the source's SHA-256, the killed replica's jobs included: they are taken over
/// once their leases lapse, and resume without a second entry.
@Suite struct ReplicaTests {
    static let recordings = 300
    /// Recordings with a large file, delivered first, so that a copy is in flight at the kill.
    static let large = 4
    static let largeSize = 64 << 20
    static let lease: Duration = .seconds(5)

    @Test func threeReplicasCopyEachRecordingOnceAndTakeOverAKilledOnesWork() throws {
        let url = try PostgresCluster.shared().createDatabase()
        let rig = try Rig()
        let uuids = (0..<Self.recordings).map { "replica-\($0)-\(UUID().uuidString.prefix(8))==" }
        var fileOf: [String: String] = [:]  // uuid → its file id
        for (index, uuid) in uuids.enumerated() {
            let fileID = "replica-\(index)-screen"
            fileOf[uuid] = fileID
            let size = index < Self.large ? Self.largeSize : 8 * 1024 + index
            rig.zoom.addRecording(meetingUUID: uuid, hostEmail: CopyEndToEndTests.host, files: [ZoomFile(id: fileID, size: size)])
        }
        let environment = rig.environment(database: "unused", extra: [
            "DATABASE_URL": url, "JOB_LEASE": "5s", "CHUNK_SIZE": "1MiB", "KALTURA_LIST_LAG": "1s", "WORKERS": "3",
            "LOG_LEVEL": "info",
        ])
        let fleet = try ReplicaFleet(count: 3, environment: environment)
        defer { fleet.stop() }
        let began = ContinuousClock.now

        // The large ones first; the rest (each twice, in random order) while a replica is killed.
        for uuid in uuids.prefix(Self.large) { try fleet.deliver(uuid: uuid, rig: rig) }
        let rest = (uuids.dropFirst(Self.large) + uuids.dropFirst(Self.large) + uuids.prefix(Self.large)).shuffled()
        let delivery = Delivery()
        Thread.detachNewThread { delivery.run { for uuid in rest { try fleet.deliver(uuid: uuid, rig: rig) } } }

        // Kill the first replica seen copying a large file, half-way or less.
        let largeFiles = Set(uuids.prefix(Self.large).compactMap { fileOf[$0] })
        var victim: (replica: Int, jobs: [Int64])?
        let deadline = ContinuousClock.now + .seconds(60)
        while victim == nil, ContinuousClock.now < deadline {
            for index in fleet.live {
                let transfers = fleet.transfers(index, token: rig.adminToken)
                if transfers.contains(where: { largeFiles.contains($0.fileID) && $0.bytes > 0 && $0.bytes < $0.total / 2 }) {
                    victim = (index, transfers.map(\.jobID))
                    break
                }
            }
        }
        let killed = try #require(victim, "no replica was seen copying a large file")
        let killedAt = Int64(Date().timeIntervalSince1970 * 1000)  // just before: the check below stays safe
        fleet.kill(killed.replica)
        try #require(delivery.wait(seconds: 120), "deliveries did not finish")
        try delivery.rethrow()

        // Every job done, on the two replicas left.
        let store = try PostgresJobStore(url: url)
        defer { store.close() }
        var counts: [JobState: Int] = [:]
        let finished = eventually(seconds: 120) {
            counts = (try? store.summaryAndWait().counts) ?? [:]
            return counts[.done] == Self.recordings || (counts[.failed] ?? 0) > 0
        }
        let log = fleet.live.first.map { fleet.replicas[$0].output.suffix(20).joined(separator: "\n") } ?? ""
        try #require(finished && counts[.done] == Self.recordings, "jobs \(counts); log of a live replica:\n\(log)")
        #expect(counts.values.reduce(0, +) == Self.recordings, "jobs \(counts): a repeated delivery made a second job")

        // Exactly one entry per recording (none made twice, even deleted), each with the source's bytes.
        let entries = rig.kaltura.entries()
        #expect(entries.count == Self.recordings, "\(entries.count) entries for \(Self.recordings) recordings")
        let byReference = Dictionary(grouping: entries) { $0.referenceID ?? "" }
        for uuid in uuids {
            let matching = byReference["Zoom_\(uuid)\(CopyEndToEndTests.start)"] ?? []
            #expect(matching.count == 1, "\(uuid): \(matching.count) entries")
            guard let entry = matching.first, let fileID = fileOf[uuid] else { continue }
            #expect(entry.status == 2 && entry.userID == CopyEndToEndTests.host, "\(uuid): \(entry)")
            #expect(entry.contentSHA256 == rig.zoom.sha256(fileID: fileID), "\(uuid): content differs from the source")
        }

        // The killed replica's copies were claimed again after their leases ran out, and finished.
        for id in killed.jobs {
            let job = try #require(try store.job(id: id))
            #expect(job.state == .done && job.attempts >= 2, "job \(id) of the killed replica: \(job.state), \(job.attempts) claims")
            #expect(job.updatedAt - killedAt >= Self.lease.components.seconds * 1000 * 2 / 3,
                    "job \(id) finished \(job.updatedAt - killedAt) ms after the kill, before its lease could lapse")
        }
        print("replicas: \(Self.recordings) recordings, replica \(killed.replica) killed copying jobs \(killed.jobs); "
              + "all done in \(ContinuousClock.now - began)")
    }
}

/// The deliveries' background thread: done once, its error kept for the test.
final class Delivery: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let failure = Mutex<String?>(nil)

    func run(_ body: () throws -> Void) {
        do { try body() } catch { failure.withLock { $0 = "\(error)" } }
        done.signal()
    }

    func wait(seconds: Int) -> Bool { done.wait(timeout: .now() + .seconds(seconds)) == .success }

    func rethrow() throws {
        if let message = failure.withLock({ $0 }) { throw TestConnection.Failure(description: message) }
    }
}
