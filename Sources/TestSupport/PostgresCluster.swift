import CPostgres
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for tests: a cluster in a temporary directory, listening on
/// 127.0.0.1 at a free port (its unix socket in that directory), trust authentication, no
/// fsync unless made `durable` (benchmarks). `shared()` is one per test process, for tests that only need a database each
/// (`createDatabase()`); a test that stops or restarts the server makes its own with `init()`.
///
/// Clusters are stopped (by the postmaster's pid) and removed at their `deinit`, at process
/// exit, and, for a test process that was killed, by the next one that starts a cluster.
/// Without PostgreSQL's server binaries every call fails, saying to run scripts/install-deps.sh.
public final class PostgresCluster: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The cluster's directory: `data/`, the socket, the server log.
    public let directory: URL
    public let port: Int
    /// Whether commits reach the disk (fsync, synchronous commit).
    public let durable: Bool
    private let binaries: PostgresServerBinaries
    private let databases = Atomic<Int>(0)
    private let server: Mutex<PostgresServerProcess?>

    /// The process-wide cluster, started at first use.
    public static func shared() throws(Failure) -> PostgresCluster { try sharedCluster.get() }

    private static let sharedCluster = Result { () throws(Failure) -> PostgresCluster in try PostgresCluster() }

    /// Creates and starts a cluster of its own (a copy of a template initdb made once per process).
    /// - Parameter durable: fsync and synchronous commit on, as in production (benchmarks
    ///   compare it with SQLite's `synchronous=FULL`); off by default, which tests prefer.
    public init(durable: Bool = false) throws(Failure) {
        let binaries = try PostgresServerBinaries.find()
        Self.reapAbandoned()
        let template = try Self.template.get()
        let directory = try Self.makeDirectory(binaries)
        Self.registry.withLock { _ = $0.insert(directory.path) }
        var port = 0
        var server: PostgresServerProcess?
        do throws(Failure) {
            // cp -a keeps the files' owner and modes, as the server insists.
            try binaries.execute(["/bin/cp", "-a", template.appendingPathComponent("data").path,
                                  directory.appendingPathComponent("data").path], named: "cp", in: directory)
            var lastError: Failure?
            for _ in 0..<3 {  // a port picked free can be taken before the server binds it
                port = LoopbackPort.unused()
                lastError = nil
                do throws(Failure) { server = try PostgresServerProcess.start(binaries, directory, port: port, durable: durable) } catch { lastError = error }
                if lastError == nil { break }
            }
            if let lastError { throw lastError }
        } catch {
            Self.remove(directory.path)
            throw error
        }
        self.directory = directory
        self.binaries = binaries
        self.port = port
        self.durable = durable
        self.server = Mutex(server)
    }

    deinit {
        server.withLock { $0?.stop() }
        Self.remove(directory.path)
    }

    /// `postgres://postgres@127.0.0.1:PORT/DATABASE`.
    public func url(database: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(database)" }

    /// Creates an empty database and returns its URL.
    public func createDatabase() throws(Failure) -> String {
        let name = "test_\(getpid())_\(databases.add(1, ordering: .relaxed).newValue)"
        try execute("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs SQL as the superuser in the `postgres` database.
    public func execute(_ sql: String, database: String = "postgres") throws(Failure) {
        guard let connection = PQconnectdb("host=127.0.0.1 port=\(port) user=postgres dbname=\(database) connect_timeout=10") else {
            throw Failure(description: "PQconnectdb: out of memory")
        }
        defer { PQfinish(connection) }
        guard PQstatus(connection) == CONNECTION_OK else {
            throw Failure(description: "cannot connect to the test cluster: \(String(cString: PQerrorMessage(connection)))")
        }
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK else {
            throw Failure(description: "\(sql): \(String(cString: PQerrorMessage(connection)))")
        }
    }

    /// Stops the server (fast shutdown: sessions are terminated with 57P01).
    public func stop() {
        server.withLock { server in
            server?.stop()
            server = nil
        }
    }

    /// Starts the server again on the same port.
    public func start() throws(Failure) {
        let started = try PostgresServerProcess.start(binaries, directory, port: port, durable: durable)
        server.withLock { $0 = started }
    }

    /// The server's log, for a failing test's message.
    public var log: String { (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? "" }

    // MARK: - Setting up

    /// The data directory every cluster copies: one initdb per process (it takes a second or two).
    private static let template = Result { () throws(Failure) -> URL in
        let binaries = try PostgresServerBinaries.find()
        let directory = try makeDirectory(binaries)
        registry.withLock { _ = $0.insert(directory.path) }
        try binaries.run("initdb", ["-D", "data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "-N"], in: directory)
        return directory
    }

    /// A new `/tmp/z2k-pg-…` directory owned by the server's user, recording the test
    /// process's pid (so that a later run can tell it was abandoned).
    private static func makeDirectory(_ binaries: PostgresServerBinaries) throws(Failure) -> URL {
        let directory = URL(fileURLWithPath: "/tmp/z2k-pg-\(UUID().uuidString.prefix(8).lowercased())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            try "\(getpid())\n".write(to: directory.appendingPathComponent("owner.pid"), atomically: false, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot create \(directory.path): \(error)")
        }
        binaries.chown(directory.path)
        return directory
    }

    // MARK: - Cleaning up

    /// Directories of this process's clusters, removed at exit.
    private static let registry: Mutex<Set<String>> = {
        atexit {
            let paths = PostgresCluster.registry.withLock { $0 }
            for path in paths { PostgresCluster.remove(path) }
        }
        return Mutex([])
    }()

    /// Stops the server in `path` (SIGQUIT to the postmaster: an immediate shutdown) and
    /// removes the directory.
    private static func remove(_ path: String) {
        if let pid = postmasterPID(in: path) {
            kill(pid, SIGQUIT)
            var status: Int32 = 0
            for _ in 0..<200 {  // at most 2 s; reaped if it is our child
                if waitpid(pid, &status, WNOHANG) == pid || kill(pid, 0) != 0 { break }
                usleep(10_000)
            }
        }
        try? FileManager.default.removeItem(atPath: path)
        registry.withLock { _ = $0.remove(path) }
    }

    /// The running postmaster's pid from `data/postmaster.pid`, if that process is a postgres.
    private static func postmasterPID(in path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: "\(path)/data/postmaster.pid", encoding: .utf8),
              let line = text.split(separator: "\n").first, let pid = pid_t(line), pid > 0, kill(pid, 0) == 0,
              let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
              name.hasPrefix("postgres") else { return nil }
        return pid
    }

    /// Removes clusters left by test processes that no longer run (killed before their exit).
    private static func reapAbandoned() {
        guard !reaped.exchange(true, ordering: .relaxed) else { return }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("z2k-pg-") {
            let path = "/tmp/\(entry)"
            guard let text = try? String(contentsOfFile: "\(path)/owner.pid", encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  owner != getpid(), kill(owner, 0) != 0, errno == ESRCH else { continue }
            remove(path)
        }
    }

    private static let reaped = Atomic<Bool>(false)
}
