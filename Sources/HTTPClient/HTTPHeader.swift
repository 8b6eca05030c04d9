/// One header field line. A named struct rather than a tuple so that requests and responses
/// stay `Sendable` and `Equatable`, and so that field order (which HTTP allows to matter) is kept.
public struct HTTPHeader: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// The name only: header values carry tokens and must not reach logs.
    public var description: String { "\(name): …" }
}

extension Array where Element == HTTPHeader {
    /// The first value of `name`, compared ASCII case-insensitively; nil when absent.
    public func value(of name: String) -> String? {
        first { asciiCaseInsensitiveEquals($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(of name: String) -> [String] {
        filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` is present.
    func contains(name: String) -> Bool { value(of: name) != nil }
}

/// ASCII case-insensitive equality, for field names (no locale, no Foundation).
func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    return zip(a.utf8, b.utf8).allSatisfy { x, y in asciiLower(x) == asciiLower(y) }
}

@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
}
