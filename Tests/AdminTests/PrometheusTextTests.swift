import Foundation
import Metrics
import Testing

/// The exposition format: HELP and TYPE per family, escaped label values, numbers as
/// Prometheus spells them; and the counters, histograms and minute series behind it.
@Suite struct PrometheusTextTests {
    @Test func labelValuesAndHelpAreEscaped() {
        #expect(PrometheusText.escapeLabelValue("a\\b\"c\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusText.escapeHelp("x\\y\nz \"q\"") == #"x\\y\nz "q""#)
        let counter = Counter(name: "t_total", help: "h", labelNames: ["code"])
        counter.increment(["say \"hi\"\n\\"])
        let text = PrometheusText.render([counter.family])
        #expect(text == "# HELP t_total h\n# TYPE t_total counter\nt_total{code=\"say \\\"hi\\\"\\n\\\\\"} 1\n")
        #expect(ExpositionCheck.problems(text).isEmpty, "\(ExpositionCheck.problems(text))")
    }

    @Test func outsideLabelValuesAreBounded() {
        #expect(PrometheusText.boundedLabel("ENTRY_ID_NOT_FOUND") == "ENTRY_ID_NOT_FOUND")
        #expect(PrometheusText.boundedLabel("http_503") == "http_503")
        #expect(PrometheusText.boundedLabel("a b<c>\"") == "a_b_c__")
        #expect(PrometheusText.boundedLabel(String(repeating: "x", count: 500)).count == 64)
        #expect(PrometheusText.boundedLabel("") == "unknown")
    }

    @Test func numbersAsPrometheusSpellsThem() {
        #expect(PrometheusText.number(3) == "3")
        #expect(PrometheusText.number(0.25) == "0.25")
        #expect(PrometheusText.number(.infinity) == "+Inf")
        #expect(PrometheusText.number(-.infinity) == "-Inf")
        #expect(PrometheusText.number(.nan) == "NaN")
    }

    @Test func histogramBucketsAreCumulative() {
        let histogram = Histogram(name: "d_seconds", help: "durations", bounds: [1, 10])
        for value in [0.5, 1, 5, 50] { histogram.observe(value) }
        let text = PrometheusText.render([histogram.family])
        #expect(text == """
            # HELP d_seconds durations
            # TYPE d_seconds histogram
            d_seconds_bucket{le="1"} 2
            d_seconds_bucket{le="10"} 3
            d_seconds_bucket{le="+Inf"} 4
            d_seconds_sum 56.5
            d_seconds_count 4

            """)
        #expect(ExpositionCheck.problems(text).isEmpty)
    }

    @Test func registryHandsOutOneMetricPerName() {
        let registry = MetricsRegistry()
        let a = registry.counter("x_total", help: "x", initial: [[]])
        let b = registry.counter("x_total", help: "x")
        a.increment(by: 2)
        #expect(b.value() == 2)
        _ = registry.histogram("y_seconds", help: "y", bounds: [1])
        #expect(registry.families().map(\.name) == ["x_total", "y_seconds"])
    }

    @Test func minuteSeriesSlidesItsWindow() {
        let series = MinuteSeries(minutes: 60)
        let t0: Int64 = 1_764_500_000_000 - 1_764_500_000_000 % 60_000
        series.add(5, at: t0)
        series.add(7, at: t0 + 59_999)
        series.add(1, at: t0 + 60_000)
        #expect(series.recent(3, now: t0 + 60_000) == [0, 12, 1])
        #expect(series.sum(lastMinutes: 60, now: t0 + 60_000) == 13)
        // 59 minutes later the first minute is still in the hour; at 60 it has left it.
        #expect(series.sum(lastMinutes: 60, now: t0 + 59 * 60_000) == 13)
        #expect(series.sum(lastMinutes: 60, now: t0 + 60 * 60_000) == 1)
        // Its slot is reused for a new minute without the old total.
        series.add(2, at: t0 + 60 * 60_000)
        #expect(series.recent(1, now: t0 + 60 * 60_000) == [2])
        #expect(series.sum(lastMinutes: 60, now: t0 + 200 * 60_000) == 0)
    }
}

/// A line-by-line check of the text format (0.0.4): every line a HELP, a TYPE or a sample
/// of the family announced before it, names and label names valid, label values properly
/// escaped, values numbers. What promtool does in `scripts/checks/metrics.py`, kept here so
/// that `swift test` alone catches a bad line.
enum ExpositionCheck {
    static func problems(_ text: String) -> [String] {
        let sample = #/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)?\})? (-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|[+-]Inf|NaN)$/#
        let help = #/^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/#
        let type = #/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/#

        var problems: [String] = []
        guard text.hasSuffix("\n") else { return ["the exposition does not end with a line feed"] }
        var family: (name: String, type: String)?
        var helped = Set<String>()
        var typed = Set<String>()
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let match = line.wholeMatch(of: help) {
                if !helped.insert(String(match.1)).inserted { problems.append("second HELP: \(line)") }
            } else if let match = line.wholeMatch(of: type) {
                if !typed.insert(String(match.1)).inserted { problems.append("second TYPE: \(line)") }
                if !helped.contains(String(match.1)) { problems.append("TYPE before HELP: \(line)") }
                family = (String(match.1), String(match.2))
            } else if let match = line.wholeMatch(of: sample) {
                let name = String(match.1)
                guard let family else { problems.append("sample before any TYPE: \(line)"); continue }
                let suffixes = family.type == "histogram" ? ["_bucket", "_sum", "_count"] : [""]
                if !suffixes.contains(where: { family.name + $0 == name }) {
                    problems.append("sample \(name) outside its family \(family.name): \(line)")
                }
                if family.type == "counter", !family.name.hasSuffix("_total") { problems.append("counter without _total: \(line)") }
            } else {
                problems.append("not a valid line: \(line)")
            }
        }
        return problems
    }
}
