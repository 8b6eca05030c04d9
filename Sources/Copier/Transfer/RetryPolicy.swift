import Platform

/// Exponential backoff with full jitter, never shorter than a peer's Retry-After.
public struct RetryPolicy: Sendable {
    /// Tries per failing step (a chunk upload, a download restart), the first included.
    public var maxAttempts: Int
    public var base: Duration
    public var cap: Duration
    /// Sleeps; tests pass one that records instead of waiting.
    public var sleep: @Sendable (Duration) -> Void
    /// A number in 0..<1 for the jitter.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 6, base: Duration = .milliseconds(500), cap: Duration = .seconds(30),
                sleep: @escaping @Sendable (Duration) -> Void = { Platform.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = maxAttempts
        self.base = base
        self.cap = cap
        self.sleep = sleep
        self.random = random
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        let exponential = base * Double(1 << min(attempt - 1, 20))
        let jittered = min(exponential, cap) * random()
        return max(jittered, retryAfter ?? .zero)
    }
}
