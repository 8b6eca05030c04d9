import Synchronization

/// Amounts added up per wall-clock minute over a sliding window (a ring of `minutes` slots):
/// webhooks received in the last hour and day, bytes copied per minute for the sparkline.
/// Memory is fixed; a slot is reused once its minute has left the window.
public final class MinuteSeries: Sendable {
    public let minutes: Int
    private let ring: Mutex<Ring>

    struct Ring {
        /// The minute (since the epoch) each slot holds, and its total.
        var stamps: [Int64]
        var totals: [Int64]
    }

    /// - Parameter minutes: how far back the series remembers (1 and more).
    public init(minutes: Int) {
        precondition(minutes > 0)
        self.minutes = minutes
        ring = Mutex(Ring(stamps: Array(repeating: -1, count: minutes), totals: Array(repeating: 0, count: minutes)))
    }

    /// Adds `amount` to the minute holding `time` (milliseconds since the epoch).
    public func add(_ amount: Int64, at time: Int64) {
        let minute = Self.minute(of: time)
        let slot = Self.slot(minute, count: minutes)
        ring.withLock { ring in
            if ring.stamps[slot] != minute {
                ring.stamps[slot] = minute
                ring.totals[slot] = 0
            }
            ring.totals[slot] += amount
        }
    }

    /// The totals of the last `count` minutes up to the one holding `now`, oldest first (the
    /// last is the current, partial minute).
    public func recent(_ count: Int, now: Int64) -> [Int64] {
        let count = min(max(count, 0), minutes)
        let current = Self.minute(of: now)
        return ring.withLock { ring in
            (0..<count).map { back in
                let minute = current - Int64(count - 1 - back)
                let slot = Self.slot(minute, count: minutes)
                return ring.stamps[slot] == minute ? ring.totals[slot] : 0
            }
        }
    }

    /// The sum of the last `count` minutes up to the one holding `now`.
    public func sum(lastMinutes count: Int, now: Int64) -> Int64 { recent(count, now: now).reduce(0, +) }

    static func minute(of time: Int64) -> Int64 { time >= 0 ? time / 60_000 : (time - 59_999) / 60_000 }

    static func slot(_ minute: Int64, count: Int) -> Int {
        let slot = Int(minute % Int64(count))
        return slot < 0 ? slot + count : slot
    }
}
