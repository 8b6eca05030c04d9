import Foundation
import Jobs

/// Shows the jobs as they move: on a terminal a block of one line per job, redrawn in place,
/// with a bar of the bytes copied of the file in flight; otherwise one plain line per state
/// change. Used from the driver's thread only.
final class DemoProgress {
    enum Style: Sendable { case bars, lines }

    private let style: Style
    private var shownLines = 0
    private var lastStates: [Int64: JobState] = [:]
    static let barWidth = 24

    init(style: Style) { self.style = style }

    func show(_ rows: [DemoRow]) {
        switch style {
        case .lines:
            var text = ""
            for row in rows {
                guard let state = row.state, lastStates[row.job.id] != state else { continue }
                lastStates[row.job.id] = state
                text += "demo: job \(row.job.id) \(state.rawValue): \(row.job.label), \(row.job.recording.hostEmail)\n"
            }
            if !text.isEmpty { DemoOutput.write(text) }
        case .bars:
            var text = shownLines > 0 ? "\u{1B}[\(shownLines)A" : ""
            for row in rows { text += "\u{1B}[2K" + Self.barLine(row) + "\n" }
            shownLines = rows.count
            DemoOutput.write(text)
        }
    }

    /// `job 3  [██████░░░…]  10.5/24.0 MiB  running   Topic (part 1/2)`.
    static func barLine(_ row: DemoRow) -> String {
        let state = row.state?.rawValue ?? "?"
        var fraction = 0.0
        var amount = ""
        if let transfer = row.transfer, row.state == .running, transfer.total > 0 {
            fraction = min(1, Double(transfer.bytes) / Double(transfer.total))
            amount = "\(mebibytes(transfer.bytes))/\(mebibytes(transfer.total)) MiB"
        } else if row.state == .done || row.state == .held {
            fraction = 1
        }
        let filled = Int(fraction * Double(barWidth))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        return "job \(pad(String(row.job.id), 3)) [\(bar)] \(pad(amount, 15)) \(pad(state, 8)) \(row.job.label)"
    }

    static func mebibytes(_ bytes: Int64) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
