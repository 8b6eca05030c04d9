import Foundation
import Jobs

/// How a run of the sample ended, and the report of it.
enum DemoOutcome: Sendable {
    /// The sample could not be sent or followed.
    case problem(String)
    /// Every job ended, or the deadline passed: the jobs as last seen.
    case finished([DemoRow], elapsed: Duration, deadline: Duration)

    /// Every job reached its expected state.
    var passed: Bool {
        if case .finished(let rows, _, _) = self { return !rows.isEmpty && rows.allSatisfy(\.reachedExpected) }
        return false
    }

    /// The verdict, then one line per job: state, Kaltura entry id, what it was and why.
    var report: String {
        switch self {
        case .problem(let message):
            return "demo: failed: \(message)\n"
        case .finished(let rows, let elapsed, let deadline):
            let seconds = String(format: "%.1f", elapsed / .seconds(1))
            let missed = rows.filter { !$0.reachedExpected }
            var text = missed.isEmpty
                ? "demo: all \(rows.count) jobs reached their expected states in \(seconds) s\n"
                : "demo: \(missed.count) of \(rows.count) jobs did not reach their expected state"
                    + (rows.allSatisfy { $0.state?.isFinal == true } ? "" : " within \(deadline.components.seconds) s") + "\n"
            for row in rows {
                let state = row.state?.rawValue ?? "unknown"
                var line = "  job \(DemoProgress.pad(String(row.job.id), 3)) \(DemoProgress.pad(state, 8))"
                    + " entry \(DemoProgress.pad(row.entryID ?? "-", 11)) \(row.job.label) (\(row.job.recording.role))"
                if let reason = row.reason { line += ": \(reason)" }
                if !row.reachedExpected { line += "  <- expected \(row.job.expected.rawValue)" }
                text += line + "\n"
            }
            return text
        }
    }
}
