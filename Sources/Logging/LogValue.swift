/// A metadata value in a log line.
public enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    public var description: String {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        }
    }

    /// Appends this value as JSON (RFC 8259 string escaping; non-finite numbers as strings).
    public func appendJSON(to out: inout String) {
        switch self {
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .double(let d): out += d.isFinite ? String(d) : "\"\(d)\""
        case .string(let s): appendJSONString(s, to: &out)
        }
    }
}

/// Appends `s` as a JSON string literal (RFC 8259 §7): the one JSON string escaper of the
/// project's hand-written JSON (log lines, built-in error bodies).
public func appendJSONString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20 || c.value == 0x7F:
            let hex = String(c.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    out += "\""
}
