/// A PostgreSQL error: libpq's message and, when the server sent one, its SQLSTATE.
struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE (`23505`, `08006`, …); nil for client-side failures
    /// (connection refused, a socket that closed).
    let sqlState: String?
    let message: String
    /// Set by the connection when libpq reports it unusable (CONNECTION_BAD) after the failure.
    var connectionBroken = false

    init(sqlState: String?, message: String, connectionBroken: Bool = false) {
        self.sqlState = sqlState
        self.message = message
        self.connectionBroken = connectionBroken
    }

    var description: String {
        sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message
    }

    /// The connection is gone (server shut down or restarted, network dropped): drop it and
    /// reconnect. SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown,
    /// crash shutdown, cannot connect now) say so, as does a CONNECTION_BAD status.
    var isConnectionLost: Bool {
        if connectionBroken { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// The database cannot take writes now, beyond this one statement: the connection is lost,
    /// or the server is out of resources (class 53: disk full, out of memory, too many
    /// connections), read-only (25006), or failing (class 58: I/O, XX: internal).
    var isUnavailable: Bool {
        if isConnectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("53") || sqlState.hasPrefix("58") || sqlState.hasPrefix("XX") || sqlState == "25006"
    }
}
