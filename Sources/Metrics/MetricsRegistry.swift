import Synchronization

/// The counters and histograms the service's modules keep, collected for `GET /metrics`.
/// Each module asks for its metrics here once (the intake its webhook counter, the copier its
/// byte counter, transfer durations and API errors); asking again for a name returns the
/// same metric, so parts built twice share it.
public final class MetricsRegistry: Sendable {
    private enum Entry {
        case counter(Counter)
        case histogram(Histogram)
    }

    private let entries = Mutex<[(name: String, entry: Entry)]>([])

    public init() {}

    /// The counter `name`, made on first use.
    public func counter(_ name: String, help: String, labelNames: [String] = [], initial: [[String]] = []) -> Counter {
        entries.withLock { entries in
            for (existing, entry) in entries where existing == name {
                if case .counter(let counter) = entry { return counter }
                preconditionFailure("metric \(name) is registered as another type")
            }
            let counter = Counter(name: name, help: help, labelNames: labelNames, initial: initial)
            entries.append((name, .counter(counter)))
            return counter
        }
    }

    /// The histogram `name`, made on first use.
    public func histogram(_ name: String, help: String, bounds: [Double]) -> Histogram {
        entries.withLock { entries in
            for (existing, entry) in entries where existing == name {
                if case .histogram(let histogram) = entry { return histogram }
                preconditionFailure("metric \(name) is registered as another type")
            }
            let histogram = Histogram(name: name, help: help, bounds: bounds)
            entries.append((name, .histogram(histogram)))
            return histogram
        }
    }

    /// Every registered family, in registration order.
    public func families() -> [MetricFamily] {
        entries.withLock { $0 }.map { _, entry in
            switch entry {
            case .counter(let counter): counter.family
            case .histogram(let histogram): histogram.family
            }
        }
    }
}
