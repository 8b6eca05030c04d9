#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A structured logger: one JSON object per line on standard output, with a level, a message and
/// dotted metadata keys (`job.id`, `meeting.uuid`). A value type passed explicitly, so each
/// component adds its own metadata without global state.
///
/// Secrets never reach it by construction: configuration holds them as `Secret`, whose
/// description is a mask, and callers log identifiers, never tokens, bodies or signatures.
public struct Logger: Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case debug, info, warning, error

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        /// Parses `debug`, `info`, `warning` (or `warn`), `error`.
        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }
    }

    /// Messages below this level are dropped before any formatting.
    public var level: Level
    /// Fields added to every line this logger writes.
    public var metadata: [String: LogValue]
    private let sink: LogSink

    /// - Parameters:
    ///   - level: the lowest level written.
    ///   - sink: where lines go; standard output by default.
    public init(level: Level = .info, sink: LogSink = .standardOutput) {
        self.level = level
        self.metadata = [:]
        self.sink = sink
    }

    /// A copy that adds `key: value` to every line.
    public func with(_ key: String, _ value: LogValue) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    public func debug(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [String: LogValue] = [:]) {
        log(.debug, message(), fields())
    }

    public func info(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [String: LogValue] = [:]) {
        log(.info, message(), fields())
    }

    public func warning(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [String: LogValue] = [:]) {
        log(.warning, message(), fields())
    }

    public func error(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [String: LogValue] = [:]) {
        log(.error, message(), fields())
    }

    private func log(_ level: Level, _ message: @autoclosure () -> String, _ fields: @autoclosure () -> [String: LogValue]) {
        guard level >= self.level else { return }
        var line = ""
        line.reserveCapacity(256)
        line += "{\"ts\":\""
        line += Self.timestamp()
        line += "\",\"level\":\""
        line += level.description
        line += "\",\"msg\":"
        appendJSONString(message(), to: &line)
        // The call's fields, then the logger's own that the call did not override.
        let extra = fields()
        for (key, value) in extra { append(key, value, to: &line) }
        for (key, value) in metadata where extra[key] == nil { append(key, value, to: &line) }
        line += "}\n"
        sink.write(line)
    }

    private func append(_ key: String, _ value: LogValue, to line: inout String) {
        line += ","
        appendJSONString(key, to: &line)
        line += ":"
        value.appendJSON(to: &line)
    }

    /// RFC 3339 UTC with milliseconds, from the real-time clock. The part up to the seconds is
    /// formatted once a second; a line then only appends the milliseconds.
    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let prefix = TimestampCache.prefix(for: ts.tv_sec)
        let ms = Int(ts.tv_nsec / 1_000_000)
        return prefix + (ms < 10 ? "00" : ms < 100 ? "0" : "") + String(ms) + "Z"
    }
}

/// The `YYYY-MM-DDTHH:MM:SS.` part of the current second, formatted once a second.
enum TimestampCache {
    private static let cache = Mutex<(second: Int, prefix: String)>((-1, ""))

    static func prefix(for second: Int) -> String {
        cache.withLock { cache in
            if cache.second != second {
                var t = second
                var parts = tm()
                gmtime_r(&t, &parts)
                func pad(_ v: Int32, _ width: Int) -> String {
                    let s = String(v)
                    return String(repeating: "0", count: max(0, width - s.count)) + s
                }
                cache = (second, "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
                    + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).")
            }
            return cache.prefix
        }
    }
}

/// Where log lines go. Lines are written whole, one `write` each, under a lock, so lines from
/// several threads never interleave.
public final class LogSink: Sendable {
    private let fd: Int32
    private let capture: Mutex<[String]?>

    private init(fd: Int32, capturing: Bool) {
        self.fd = fd
        self.capture = Mutex(capturing ? [] : nil)
    }

    /// Standard output, the container convention.
    public static let standardOutput = LogSink(fd: 1, capturing: false)

    /// A sink that keeps lines in memory, for tests that check what was (and was not) logged.
    public static func memory() -> LogSink { LogSink(fd: -1, capturing: true) }

    /// The lines kept by a memory sink.
    public var lines: [String] { capture.withLock { $0 ?? [] } }

    func write(_ line: String) {
        let kept = capture.withLock { lines -> Bool in
            guard lines != nil else { return false }
            lines?.append(line)
            return true
        }
        if kept { return }
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // logging never takes the process down
                }
                offset += n
            }
        }
    }
}
