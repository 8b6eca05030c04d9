/// Faults at random, for reliability runs: each request rolls once and, with probability
/// `rate`, gets one of the faults a copier must survive. Deterministic given the seed (a
/// SplitMix64 stream held under the simulator's state lock), so that a failing run can be
/// replayed; which request meets which fault still depends on the order requests arrive.
struct RandomFaults: Sendable {
    /// What one roll decided.
    enum Fault: Sendable, Equatable {
        /// HTTP 500 with an HTML body.
        case fail
        /// HTTP 429 with `Retry-After` of 0 or 1 seconds.
        case rateLimit(retryAfter: Int)
        /// The connection closes without an answer; `cut` is a random number the caller
        /// reduces to a byte count where a body is cut short.
        case reset(cut: UInt64)
    }

    /// 0 is off.
    var rate: Double = 0
    private var state: UInt64 = 0

    init() {}

    init(rate: Double, seed: UInt64) {
        self.rate = min(max(rate, 0), 1)
        state = seed
    }

    /// The fault for the next request, if any. Draws nothing when off, so that turning faults
    /// on later starts from the seed.
    mutating func roll() -> Fault? {
        guard rate > 0 else { return nil }
        let uniform = Double(next() >> 11) * 0x1p-53
        guard uniform < rate else { return nil }
        let pick = next()
        switch pick % 3 {
        case 0: return .fail
        case 1: return .rateLimit(retryAfter: Int((pick / 3) % 2))
        default: return .reset(cut: next())
        }
    }

    /// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and good enough to pick faults.
    private mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
