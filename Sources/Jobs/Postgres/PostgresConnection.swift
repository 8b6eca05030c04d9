#if canImport(Glibc)
import Glibc
#endif
import CPostgres

/// One `PGconn*`, owned by this object and used by one thread at a time (the pool lends it to
/// one borrower). Statements go through `PQexecParams` with text parameters; errors carry the
/// server's SQLSTATE.
final class PostgresConnection: @unchecked Sendable {
    // Invariant for @unchecked Sendable: the pool hands a connection to one thread at a time,
    // and only that thread calls it until it is checked back in.
    private let handle: OpaquePointer

    /// Connects (blocking, at most `connectTimeout` seconds per address) to `address`.
    init(_ address: PostgresAddress, connectTimeout: Int, applicationName: String) throws(PostgresError) {
        // Defaults first: whatever the URL itself says overrides them (expand_dbname).
        // Keepalives and tcp_user_timeout bound how long a statement can hang on a peer that
        // vanished without closing the connection (a partition, a dead host): about 30 s.
        let keywords = ["connect_timeout", "application_name", "keepalives_idle", "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout", "dbname"]
        let values = [String(connectTimeout), applicationName, "10", "5", "3", "30000", address.url]
        let connection = Self.withCStrings(keywords) { k in
            Self.withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let connection else { throw PostgresError(sqlState: nil, message: "out of memory", connectionBroken: true) }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines
            PQfinish(connection)
            throw PostgresError(sqlState: nil, message: address.redact(message), connectionBroken: true)
        }
        // Notices (`relation … already exists, skipping`) are not errors; libpq would print them.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// Runs one statement with `$1…` parameters (text format; nil is NULL) and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresResult {
        let texts = parameters.map(\.text)
        let result: OpaquePointer? = Self.withOptionalCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        return try check(result)
    }

    /// Runs SQL without parameters, possibly several statements (`PQexec`): for migrations.
    func execute(_ sql: String) throws(PostgresError) {
        _ = try check(PQexec(handle, sql))
    }

    /// Wraps a result, or throws its error.
    private func check(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        guard let result else {
            throw PostgresError(sqlState: nil, message: lastError, connectionBroken: PQstatus(handle) != CONNECTION_OK)
        }
        let status = PQresultStatus(result)
        if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK { return PostgresResult(result) }
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        var message = String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines
        if message.isEmpty { message = lastError }
        PQclear(result)
        throw PostgresError(sqlState: sqlState, message: message, connectionBroken: PQstatus(handle) != CONNECTION_OK)
    }

    private var lastError: String {
        let text = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines
        return text.isEmpty ? "no result from the server" : text
    }

    /// Whether the connection can still be used, checked without a round trip: libpq's status,
    /// and whether the idle connection has anything to read. It should have nothing: data (or
    /// an EOF) means the server ended the session meanwhile, e.g. a restart's 57P01 followed by
    /// a close, so the connection is not used.
    var isUsable: Bool {
        guard PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) == PQTRANS_IDLE else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Whether a transaction was left open (a borrower threw mid-transaction).
    var inTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    // MARK: - C strings

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        withOptionalCStrings(strings.map { Optional($0) }, body)
    }

    /// Calls `body` with C copies of `strings` (nil stays NULL), followed by a NULL entry (libpq's
    /// keyword/value lists end with one; PQexecParams ignores it).
    private static func withOptionalCStrings<R>(_ strings: [String?],
                                                _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
