import Synchronization

/// A monotonically increasing value per label set, as Prometheus counts: webhooks by result,
/// bytes copied, API errors by code. Safe to bump from any thread.
public final class Counter: Sendable {
    public let name: String
    public let help: String
    public let labelNames: [String]
    private let values = Mutex<[[String]: Double]>([:])

    /// - Parameters:
    ///   - name: the metric name, ending in `_total` (Prometheus' convention for counters).
    ///   - labelNames: the labels every `increment` gives values for, in this order.
    ///   - initial: label sets that show as 0 before their first increment (so that a rate
    ///     over them starts at the first scrape, not at the first event).
    public init(name: String, help: String, labelNames: [String] = [], initial: [[String]] = []) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        values.withLock { values in
            for labels in initial where labels.count == labelNames.count { values[labels] = 0 }
        }
    }

    /// Adds `amount` (not negative) to the series of `labels`.
    public func increment(_ labels: [String] = [], by amount: Double = 1) {
        precondition(labels.count == labelNames.count, "\(name) takes \(labelNames.count) label values")
        guard amount > 0 else { return }
        values.withLock { $0[labels, default: 0] += amount }
    }

    /// The current value of one series (0 before its first increment).
    public func value(_ labels: [String] = []) -> Double { values.withLock { $0[labels] ?? 0 } }

    /// Every series, by label values.
    public func snapshot() -> [[String]: Double] { values.withLock { $0 } }

    /// The family as exposed: one sample per label set, sorted by label values.
    public var family: MetricFamily {
        let samples = snapshot().sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { labels, value in
            MetricSample(name: name, labels: Array(zip(labelNames, labels)).map { ($0.0, $0.1) }, value: value)
        }
        return MetricFamily(name: name, help: help, type: .counter, samples: samples)
    }
}
