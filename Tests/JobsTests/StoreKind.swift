import Foundation
import Jobs
import Synchronization
import TestSupport
import Testing

/// The stores the contract suites run on. Every contract test takes one as its argument, so a
/// test added to a contract runs on both stores without being listed anywhere else.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A fresh, empty store: a new SQLite file, or a new database on the process's throwaway
    /// PostgreSQL server (which fails, saying how to install it, where PostgreSQL is missing).
    func makeStore() throws -> any JobStore & JobAdministration {
        switch self {
        case .sqlite:
            let path = Self.directory.appendingPathComponent("contract-\(Self.counter.add(1, ordering: .relaxed).newValue).db").path
            return SQLiteJobStore(path: path)
        case .postgres:
            return try Self.postgresStore(PostgresCluster.shared().createDatabase())
        }
    }

    /// A PostgreSQL store that notices outages and recoveries within a fraction of a second.
    static func postgresStore(_ url: String, connections: Int = 8) throws -> PostgresJobStore {
        var options = PostgresJobStore.Options()
        options.connections = connections
        options.heartbeat = .milliseconds(50)
        options.maxReconnectBackoff = .milliseconds(200)
        options.connectTimeoutSeconds = 2
        return try PostgresJobStore(url: url, options: options)
    }

    private static let counter = Atomic<Int>(0)

    /// One directory per test process for the SQLite files, removed at exit.
    private static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-contract-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        ContractFiles.path.withLock { $0 = url.path }
        atexit { if let path = ContractFiles.path.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) } }
        return url
    }()
}

/// Where the contract's SQLite files are, for the exit handler (a C function: no captures).
private enum ContractFiles {
    static let path = Mutex<String?>(nil)
}
