import Synchronization

/// Observations counted into fixed buckets, with their sum and count: how long each file's
/// transfer took. Safe to observe from any thread.
public final class Histogram: Sendable {
    public let name: String
    public let help: String
    /// Upper bounds, ascending; `+Inf` is implied.
    public let bounds: [Double]
    private let state: Mutex<State>

    struct State {
        /// Per bucket (not cumulative); one more than `bounds` for `+Inf`.
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    public init(name: String, help: String, bounds: [Double]) {
        precondition(!bounds.isEmpty && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 },
                     "histogram bounds must ascend")
        self.name = name
        self.help = help
        self.bounds = bounds
        state = Mutex(State(counts: Array(repeating: 0, count: bounds.count + 1)))
    }

    public func observe(_ value: Double) {
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        state.withLock { state in
            state.counts[index] += 1
            state.sum += value
            state.count += 1
        }
    }

    /// Observations so far.
    public var count: UInt64 { state.withLock { $0.count } }

    /// `_bucket` samples (cumulative, `le` label, ending with `+Inf`), then `_sum` and `_count`.
    public var family: MetricFamily {
        let state = self.state.withLock { $0 }
        var samples: [MetricSample] = []
        var cumulative: UInt64 = 0
        for (index, count) in state.counts.enumerated() {
            cumulative += count
            let le = index < bounds.count ? PrometheusText.number(bounds[index]) : "+Inf"
            samples.append(MetricSample(name: name + "_bucket", labels: [("le", le)], value: Double(cumulative)))
        }
        samples.append(MetricSample(name: name + "_sum", labels: [], value: state.sum))
        samples.append(MetricSample(name: name + "_count", labels: [], value: Double(state.count)))
        return MetricFamily(name: name, help: help, type: .histogram, samples: samples)
    }
}
