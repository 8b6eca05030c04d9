import CPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running `postgres` server, our child process (not daemonized, unlike with `pg_ctl`),
/// started with `posix_spawn` so that it inherits none of the test process's descriptors,
/// and stopped by its pid.
struct PostgresServerProcess: Sendable {
    let pid: pid_t

    /// Starts `postgres` on `directory/data`, logging to `directory/server.log`, and waits (at
    /// most 30 s) until it accepts connections on 127.0.0.1:`port`.
    /// - Parameter durable: commits reach the disk (fsync, synchronous commit), as in
    ///   production: for benchmarks. Tests run without, which is faster.
    static func start(_ binaries: PostgresServerBinaries, _ directory: URL, port: Int,
                      durable: Bool = false) throws(PostgresCluster.Failure) -> PostgresServerProcess {
        let durability = durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        let arguments = binaries.prefix + [
            binaries.directory.appendingPathComponent("postgres").path, "-D", directory.appendingPathComponent("data").path,
            "-c", "listen_addresses=127.0.0.1", "-p", "\(port)", "-k", directory.path,
            "-c", "max_connections=300", "-c", "shared_buffers=16MB",
        ] + durability
        let log = open(directory.appendingPathComponent("server.log").path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else { throw .init(description: "cannot open the server log: \(String(cString: strerror(errno)))") }
        defer { close(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)
        closeTheRest(&actions)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard rc == 0 else { throw .init(description: "cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        let server = PostgresServerProcess(pid: pid)

        let conninfo = "host=127.0.0.1 port=\(port) user=postgres dbname=postgres connect_timeout=2"
        for _ in 0..<1500 {  // 30 s at most
            if PQping(conninfo) == PQPING_OK { return server }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw .init(description: "postgres exited at start (status \(status)); see \(directory.path)/server.log")
            }
            usleep(20_000)
        }
        server.stop()
        throw .init(description: "postgres did not accept connections within 30 s; see \(directory.path)/server.log")
    }

    /// Fast shutdown (SIGINT: sessions end with 57P01), waiting at most 30 s, then SIGKILL.
    func stop() {
        kill(pid, SIGINT)
        var status: Int32 = 0
        for _ in 0..<3000 {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    /// Closes every descriptor above 2 in the child (glibc's addclosefrom_np, which Swift's
    /// Glibc module does not export, looked up at run time). Without it the server would
    /// keep other tests' sockets and pipes open.
    private static func closeTheRest(_ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
    }
}
