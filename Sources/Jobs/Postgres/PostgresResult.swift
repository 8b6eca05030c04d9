import CPostgres

/// The rows of one statement (`PGresult*`), owned by this object. Values are in text format.
final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    var rowCount: Int { Int(PQntuples(handle)) }

    /// Rows an INSERT/UPDATE/DELETE touched.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    func text(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    func int(_ row: Int, _ column: Int) -> Int64? { text(row, column).flatMap { Int64($0) } }

    func bool(_ row: Int, _ column: Int) -> Bool { text(row, column) == "t" }

    /// A `bytea` column (hex or escape output, whichever the server uses).
    func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        var count = 0
        let decoded = value.withMemoryRebound(to: UInt8.self, capacity: Int(PQgetlength(handle, Int32(row), Int32(column))) + 1) {
            PQunescapeBytea($0, &count)
        }
        guard let decoded else { return nil }
        defer { PQfreemem(decoded) }
        return Array(UnsafeBufferPointer(start: decoded, count: count))
    }
}

/// A statement parameter, sent in text format.
enum PostgresValue {
    case null
    case int(Int64)
    case text(String)
    case bytes([UInt8])

    static func optional(_ value: String?) -> PostgresValue { value.map(PostgresValue.text) ?? .null }

    var text: String? {
        switch self {
        case .null: nil
        case .int(let value): String(value)
        case .text(let value): value
        case .bytes(let value): "\\x" + Self.hex(value)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
