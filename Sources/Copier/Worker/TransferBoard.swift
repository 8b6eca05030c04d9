import Metrics
import Platform
import Synchronization

/// A file being copied now, for /status and the demo's progress bars.
public struct Transfer: Sendable, Equatable {
    public var jobID: Int64
    public var meetingUUID: String
    public var fileID: String
    public var bytes: Int64
    public var total: Int64
    /// When this run began and how many bytes it had then (to tell its rate).
    public var startedAt: Int64
    public var startBytes: Int64
    /// The recording's owner: the Zoom host's email.
    public var owner: String = ""
    /// The meeting's topic (user input: escape it wherever it is shown).
    public var topic: String = ""

    /// Bytes per second since this run began (nil before a second has passed, or a byte).
    public func rate(now: Int64) -> Double? {
        let elapsed = now - startedAt
        let copied = bytes - startBytes
        guard elapsed > 0, copied > 0 else { return nil }
        return Double(copied) * 1000 / Double(elapsed)
    }

    /// Seconds left at the rate so far (nil while there is no rate).
    public func etaSeconds(now: Int64) -> Int? {
        guard let rate = rate(now: now), rate > 0 else { return nil }
        return Int((Double(max(total - bytes, 0)) / rate).rounded(.up))
    }
}

/// The in-flight transfers of all workers. Each update also feeds the copy metrics: the bytes
/// acknowledged since the last update (the byte counter and the per-minute history), and a
/// file's duration once all its bytes are in.
public final class TransferBoard: Sendable {
    private let transfers = Mutex<[Int64: Transfer]>([:])
    /// Bytes Kaltura acknowledged per minute, for the sparkline.
    public let history: ThroughputHistory
    private let bytesCopied: Counter
    private let durations: Histogram
    private let now: @Sendable () -> Int64

    /// - Parameters:
    ///   - metrics: where the byte counter and the duration histogram are registered.
    ///   - now: the wall clock in milliseconds since the epoch (the same as the runner's).
    public init(metrics: MetricsRegistry = MetricsRegistry(), now: @escaping @Sendable () -> Int64 = epochMilliseconds) {
        self.now = now
        history = ThroughputHistory(now: now)
        bytesCopied = metrics.counter("zoom2kaltura_copied_bytes_total",
                                      help: "Bytes of Zoom files that Kaltura acknowledged (chunks uploaded).",
                                      initial: [[]])
        durations = metrics.histogram("zoom2kaltura_transfer_duration_seconds",
                                      help: "Time each file's copy took in this run, from its first to its last chunk.",
                                      bounds: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200])
    }

    func update(_ transfer: Transfer) {
        let previous = transfers.withLock { $0.updateValue(transfer, forKey: transfer.jobID) }
        let sameFile = previous?.fileID == transfer.fileID
        let added = sameFile ? transfer.bytes - (previous?.bytes ?? 0) : 0
        guard added > 0 else { return }
        bytesCopied.increment(by: Double(added))
        history.add(bytes: added)
        if transfer.bytes >= transfer.total {
            durations.observe(Double(max(now() - transfer.startedAt, 0)) / 1000)
        }
    }

    func remove(jobID: Int64) { _ = transfers.withLock { $0.removeValue(forKey: jobID) } }

    /// Every transfer in flight, by job id.
    public func snapshot() -> [Transfer] { transfers.withLock { $0.values.sorted { $0.jobID < $1.jobID } } }
}
