import Metrics
import Platform

/// What the webhook endpoint saw: deliveries per minute over the last day (for /status) and
/// a counter per result (for /metrics). In memory: a restart starts from zero.
public final class WebhookStats: Sendable {
    /// How a delivery ended.
    public enum Result: String, Sendable, CaseIterable {
        /// New jobs committed.
        case stored
        /// A repeat: every job already existed.
        case duplicate
        /// Signature or timestamp refused (401).
        case rejected
        /// Not JSON, or JSON that is not a webhook we understand (400, 415).
        case malformed
        /// A verified event this service does not handle (204).
        case ignored
        /// `endpoint.url_validation` answered.
        case validation
        /// No secret configured, or the store could not commit (503).
        case unavailable
    }

    /// Deliveries received per minute, whatever their result, for a day.
    private let perMinute = MinuteSeries(minutes: 24 * 60)
    private let byResult: Counter

    /// - Parameter metrics: where `zoom2kaltura_webhooks_total{result}` is registered.
    public init(metrics: MetricsRegistry = MetricsRegistry()) {
        byResult = metrics.counter("zoom2kaltura_webhooks_total",
                                   help: "Webhook deliveries received, by result.",
                                   labelNames: ["result"], initial: Result.allCases.map { [$0.rawValue] })
    }

    /// Counts one delivery received at `time` (ms since the epoch).
    public func record(_ result: Result, at time: Int64) {
        perMinute.add(1, at: time)
        byResult.increment([result.rawValue])
    }

    /// Deliveries in the last `minutes` minutes (the current one included) up to `now`.
    public func received(lastMinutes minutes: Int, now: Int64 = epochMilliseconds()) -> Int {
        Int(perMinute.sum(lastMinutes: minutes, now: now))
    }

    /// Deliveries since start, by result; every result is present.
    public func counts() -> [Result: Int] {
        Dictionary(uniqueKeysWithValues: Result.allCases.map { ($0, Int(byResult.value([$0.rawValue]))) })
    }
}
