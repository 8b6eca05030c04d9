/// What a metric family is in the Prometheus text format.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram
}

/// One line of a family: a series name (the family's, or with `_bucket`, `_sum`, `_count`),
/// its labels in order, and its value.
public struct MetricSample: Sendable {
    public var name: String
    public var labels: [(name: String, value: String)]
    public var value: Double

    public init(name: String, labels: [(name: String, value: String)] = [], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

/// A metric family as exposed: `# HELP`, `# TYPE`, then its samples.
public struct MetricFamily: Sendable {
    public var name: String
    public var help: String
    public var type: MetricType
    public var samples: [MetricSample]

    public init(name: String, help: String, type: MetricType, samples: [MetricSample]) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }

    /// A gauge of one value per label set.
    public static func gauge(_ name: String, help: String, labelNames: [String] = [],
                             _ values: [(labels: [String], value: Double)]) -> MetricFamily {
        MetricFamily(name: name, help: help, type: .gauge, samples: values.map { labels, value in
            MetricSample(name: name, labels: zip(labelNames, labels).map { ($0, $1) }, value: value)
        })
    }
}
