import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server programs (`initdb`, `postgres`) and how to run them: as the `postgres`
/// user when the tests run as root (initdb and postgres refuse root), as the current user otherwise.
struct PostgresServerBinaries: Sendable {
    let directory: URL
    /// The command prefix that drops root (`setpriv … --`, which execs: the server's pid is the
    /// one we spawn), or none.
    let prefix: [String]
    /// The user and group the server's files must belong to, when running as root.
    let owner: (uid: uid_t, gid: gid_t)?

    static let installHint = "run scripts/install-deps.sh (it installs Debian's postgresql package), or `make test`, which does"

    /// Finds the newest `/usr/lib/postgresql/*/bin`, else `initdb` on PATH.
    static func find() throws(PostgresCluster.Failure) -> PostgresServerBinaries {
        guard let directory = candidates().first(where: { dir in
            ["initdb", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent($0).path) }
        }) else {
            throw .init(description: "PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin or on PATH: \(installHint)")
        }
        guard geteuid() == 0 else { return PostgresServerBinaries(directory: directory, prefix: [], owner: nil) }
        guard let user = getpwnam("postgres") else {
            throw .init(description: "running as root, and there is no `postgres` user to run the PostgreSQL server as: \(installHint)")
        }
        let owner = (uid: user.pointee.pw_uid, gid: user.pointee.pw_gid)
        guard let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw .init(description: "running as root, and setpriv (util-linux) is missing to run the PostgreSQL server as `postgres`")
        }
        return PostgresServerBinaries(directory: directory, prefix: [setpriv, "--reuid=postgres", "--regid=postgres", "--init-groups", "--"],
                                      owner: owner)
    }

    private static func candidates() -> [URL] {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let installed = versions.compactMap { Int($0) }.sorted(by: >).map { root.appendingPathComponent("\($0)/bin") }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { dir in
            URL(fileURLWithPath: String(dir)).appendingPathComponent("initdb").resolvingSymlinksInPath().deletingLastPathComponent()
        }
        return installed + path
    }

    /// Runs `program` from the server's bin directory in `directory`, as the server's user.
    func run(_ program: String, _ arguments: [String], in directory: URL) throws(PostgresCluster.Failure) {
        try execute(prefix + [self.directory.appendingPathComponent(program).path] + arguments, named: program, in: directory)
    }

    /// Runs `command` (a path and its arguments) in `directory`, waits, and throws with its
    /// output when it fails.
    func execute(_ command: [String], named program: String, in directory: URL) throws(PostgresCluster.Failure) {
        let output = directory.appendingPathComponent("\(program).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = directory  // readable by the postgres user, unlike the repo
        do {
            let handle = try FileHandle(forWritingTo: output)
            defer { try? handle.close() }
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw .init(description: "cannot run \(command.joined(separator: " ")): \(error)")
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw .init(description: "\(program) failed (exit \(process.terminationStatus)): \(text)")
        }
    }

    /// Gives `path` to the server's user (when running as root).
    func chown(_ path: String) {
        guard let owner else { return }
        _ = Glibc.chown(path, owner.uid, owner.gid)
    }
}
