/// A problem in `OVERRIDES_FILE` or `OPT_OUT_FILE`, naming the file and, where there is one,
/// the line, with what is wrong and what is expected.
public struct PolicyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as configured.
    public let file: String
    /// 1-based; nil for a problem with the whole file (unreadable, not UTF-8).
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { "\(file) line \(line): \(message)" } else { "\(file): \(message)" }
    }
}
