import Metrics
import Platform

/// Bytes Kaltura acknowledged, per minute, over the last hour: the throughput sparkline on
/// /status (`throughput_last_hour`). Fed by the transfer board as chunks are acknowledged.
public final class ThroughputHistory: Sendable {
    /// How many minutes `lastHour` returns.
    public static let minutes = 60
    private let series = MinuteSeries(minutes: ThroughputHistory.minutes)
    private let now: @Sendable () -> Int64

    /// - Parameter now: the wall clock in milliseconds since the epoch (tests pass their own).
    public init(now: @escaping @Sendable () -> Int64 = epochMilliseconds) { self.now = now }

    func add(bytes: Int64) { series.add(bytes, at: now()) }

    /// Bytes copied in each of the last 60 minutes, oldest first; the last is the current minute.
    public func lastHour() -> [Int64] { series.recent(Self.minutes, now: now()) }
}
