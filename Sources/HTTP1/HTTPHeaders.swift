/// Header fields in the order received, with case-insensitive lookup (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// One field line: name as sent, value with surrounding whitespace removed.
    public typealias Field = (name: String, value: String)

    private var fields: [Field]

    /// - Parameter fields: name/value pairs in wire order.
    public init(_ fields: [Field] = []) { self.fields = fields }

    /// Number of field lines.
    public var count: Int { fields.count }

    /// Appends a field line.
    public mutating func add(name: String, value: String) { fields.append((name, value)) }

    /// The first value of `name`, compared case-insensitively; nil when absent.
    public subscript(name: String) -> String? {
        fields.first { equalsCaseInsensitive($0.name, name) }?.value
    }

    /// - Returns: an iterator over the field lines in wire order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// ASCII case-insensitive comparison, for field names and tokens (no locale, no Foundation).
@inlinable
public func equalsCaseInsensitive(_ a: String, _ b: String) -> Bool {
    var ia = a.utf8.makeIterator()
    var ib = b.utf8.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return true
        case let (x?, y?):
            if x == y { continue }
            if x | 0x20 != y | 0x20 { return false }
            let lower = x | 0x20
            if lower < UInt8(ascii: "a") || lower > UInt8(ascii: "z") { return false }
        default: return false
        }
    }
}
