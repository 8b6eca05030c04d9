#if canImport(Glibc)
import Glibc
#endif

/// The demo's terminal output: whole strings written straight to standard output with one
/// `write(2)` where possible, so that they interleave with the JSON log lines (written the
/// same way) line by line rather than mid-line.
enum DemoOutput {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }

    /// Whether standard output is a terminal (progress bars) or not (plain lines).
    static var isTerminal: Bool { isatty(1) == 1 }
}
