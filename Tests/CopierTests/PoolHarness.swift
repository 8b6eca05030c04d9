import Config
import Copier
import Foundation
import HTTPClient
import Intake
import Jobs
import Kaltura
import Logging
import Platform
import Simulators
import Synchronization
import Testing
import Zoom

/// The worker pool in process, against both simulators over loopback and a fresh SQLite store:
/// webhooks in (as the intake stores them), entries out. The clock is the wall clock plus an
/// offset a test can move (to let a 24-hour hold expire at once).
final class PoolHarness: @unchecked Sendable {
    // Invariant for @unchecked Sendable: the stored properties are set in init and never change;
    // the mutable parts (clock offset, simulators, store) are thread-safe themselves.
    let zoom: ZoomSimulator
    /// Replaced by a test that takes Kaltura down and brings it back on the same port.
    var kaltura: KalturaSimulator
    let http = HTTPClient()
    let client: KalturaClient
    let store: SQLiteJobStore
    let directory: String
    let runner: JobRunner
    private(set) var pool: WorkerPool
    let peers: PeerBoard
    let transfers = TransferBoard()
    let logs = LogSink.memory()
    let offset: Arc
    let book: PolicyBook

    final class Arc: Sendable { let value = Atomic<Int64>(0) }

    /// - Parameters:
    ///   - configure: changes to the configuration the policy is built from (matching mode,
    ///     unmatched policy, switches…).
    ///   - settings: changes to the copier settings (short waits are already set).
    init(rules: OwnerRules = OwnerRules(), configure: (inout Configuration) -> Void = { _ in },
         settings adjust: (inout CopierSettings) -> Void = { _ in }) throws {
        zoom = try ZoomSimulator()
        kaltura = try KalturaSimulator()
        client = KalturaClient(credentials: KalturaCredentials(serviceURL: kaltura.baseURL, partnerID: kaltura.partnerID,
                                                               adminSecret: Secret(kaltura.adminSecret)), http: http)
        let api = ZoomAPIClient(credentials: .init(accountID: zoom.accountID, clientID: zoom.clientID,
                                                   clientSecret: Secret(zoom.clientSecret), apiURL: "\(zoom.baseURL)/v2",
                                                   oauthURL: "\(zoom.baseURL)/oauth/token"), http: http)
        directory = NSTemporaryDirectory() + "pool-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = SQLiteJobStore(path: directory + "/jobs.db")
        store.open()
        var configuration = Configuration()
        configure(&configuration)
        book = PolicyBook(rules: rules)
        let logger = Logger(level: .debug, sink: logs)
        peers = PeerBoard(logger: logger)
        var settings = CopierSettings()
        settings.workers = 4
        settings.chunkSize = 1 << 20
        settings.holdingUser = configuration.holdingUser
        settings.holdHours = configuration.holdHours
        settings.retryBase = .milliseconds(20)
        settings.retryCap = .milliseconds(200)
        settings.peerDownWait = .milliseconds(100)
        settings.notReadyWait = .milliseconds(100)
        settings.listLag = .seconds(2)
        settings.pollInterval = .milliseconds(20)
        settings.lease = .seconds(10)
        settings.transfer = RetryPolicy(maxAttempts: 6, base: .milliseconds(5), cap: .milliseconds(50))
        adjust(&settings)
        let offset = Arc()
        self.offset = offset
        let rules = [HostRule(parsing: "http://127.0.0.1:\(zoom.port)")].compactMap { $0 }
        let runner = JobRunner(store: store, kaltura: client, downloader: ZoomDownloader(http: http, allowedHosts: rules),
                               zoomAPI: api, policy: CampusPolicy(configuration: configuration, book: book),
                               settings: settings, peers: peers, transfers: transfers, logger: logger,
                               now: { epochMilliseconds() + offset.value.load(ordering: .relaxed) })
        self.runner = runner
        pool = WorkerPool(store: store, runner: runner)
        pool.start()
    }

    deinit {
        pool.stop(grace: .seconds(10))
        store.close()
        zoom.stop()
        kaltura.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the pool as a shutdown does and starts a new one on the same store.
    /// - Returns: whether the old pool stopped within the grace period.
    func restartPool(grace: Duration = .seconds(10)) -> Bool {
        let stopped = pool.stop(grace: grace)
        pool = WorkerPool(store: store, runner: runner)
        pool.start()
        return stopped
    }

    /// Moves the clock forward.
    func advance(by duration: Duration) {
        offset.value.add(Int64(duration.components.seconds * 1000), ordering: .relaxed)
        pool.wake()
    }

    /// Adds a recording to Zoom and delivers its `recording.completed` (or, with `event`,
    /// another recording event) as the intake would store it.
    @discardableResult
    func deliver(uuid: String, event: String = "recording.completed", meetingID: Int64 = 85_012_345_678,
                 topic: String = "Lecture", host: String = "alice@uni.edu", type: Int = 2,
                 files: [ZoomFile]? = nil) throws -> [Int64] {
        if let files {
            zoom.addRecording(meetingUUID: uuid, meetingID: meetingID, topic: topic, hostEmail: host, type: type, files: files)
        }
        var body = try #require(zoom.recordingCompletedBody(meetingUUID: uuid))
        if event != "recording.completed" {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            object["event"] = event
            body = Array(try JSONSerialization.data(withJSONObject: object))
        }
        guard case .success(.recording(let decoded)) = WebhookDecoder.decode(body) else {
            throw HarnessError("the simulator's webhook does not decode")
        }
        let ids = try store.enqueueAndWait(WebhookRoutes.jobs(for: decoded, body: body), receivedAt: epochMilliseconds()).ids
        pool.wake()
        return ids
    }

    /// Waits (bounded) until every job is in one of `states`; returns the jobs.
    @discardableResult
    func waitFor(_ ids: [Int64], in states: Set<JobState> = [.done, .held, .skipped, .failed],
                 timeout: Duration = .seconds(60)) throws -> [Job] {
        let deadline = monotonicMilliseconds() + timeout.components.seconds * 1000
        while true {
            let jobs = try ids.map { id in try #require(try store.job(id: id)) }
            if jobs.allSatisfy({ states.contains($0.state) }) { return jobs }
            guard monotonicMilliseconds() < deadline else {
                throw HarnessError("jobs not in \(states.map(\.rawValue).sorted()) after \(timeout): "
                                   + jobs.map { "\($0.id) \($0.state.rawValue) \($0.reason ?? "")" }.joined(separator: "; "))
            }
            Platform.sleep(for: .milliseconds(10))
        }
    }

    /// A short pause inside a bounded wait for something the test cannot be told about.
    func pausePolling() throws { Platform.sleep(for: .milliseconds(10)) }

    /// The standard lecture: two views, audio, a transcript, a chat and a timeline.
    static func lectureFiles(prefix: String, size: Int = 3 << 20, start: String = "2026-11-30T10:00:05Z",
                             videoStatus: String = "completed") -> [ZoomFile] {
        [
            ZoomFile(id: "\(prefix)-screen", fileType: "MP4", recordingType: "shared_screen_with_speaker_view", size: size,
                     recordingStart: start, status: videoStatus),
            ZoomFile(id: "\(prefix)-speaker", fileType: "MP4", recordingType: "speaker_view", size: size / 2, recordingStart: start),
            ZoomFile(id: "\(prefix)-audio", fileType: "M4A", recordingType: "audio_only", size: size / 4, recordingStart: start),
            ZoomFile(id: "\(prefix)-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 4000, recordingStart: start),
            ZoomFile(id: "\(prefix)-chat", fileType: "CHAT", recordingType: "chat_file", size: 900, recordingStart: start),
            ZoomFile(id: "\(prefix)-timeline", fileType: "TIMELINE", recordingType: "timeline", size: 700, recordingStart: start),
        ]
    }

    /// Live (not deleted) entries with this reference id.
    func liveEntries(referenceID: String) -> [KalturaEntry] {
        kaltura.entries().filter { $0.referenceID == referenceID && $0.status != 3 }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
