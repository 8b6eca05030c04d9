import Foundation

/// The real `zoom2kaltura` binary started as a child process for an integration test, on a
/// loopback port it picks itself (LISTEN=127.0.0.1:0), stopped by pid.
public final class ServiceProcess: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `box` is guarded by `lock`; the rest is set in init.
    public let process: Process
    public let port: Int
    public let directory: URL
    private let lock = NSLock()
    private let box = PortBox()

    /// The binary built next to the test bundle.
    public static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zoom2kaltura"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/zoom2kaltura"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    /// Starts `zoom2kaltura serve` with `environment` added to a minimal one, in a fresh
    /// temporary directory, and waits (at most 20 s) for its "listening" line. `serve` runs
    /// with `--no-sample` unless `arguments` say otherwise: a test sees only its own jobs.
    ///
    /// To restart on the same data (after `crash()`), pass the same `DATABASE_URL` in
    /// `environment`, pointing outside `directory` (which `stop()` removes).
    /// - Parameter binary: the executable to run; default `ServiceProcess.binary` (benchmarks
    ///   pass the release build).
    public init(environment: [String: String] = [:], arguments: [String] = ["serve", "--no-sample"], binary: URL? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = binary ?? Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "LISTEN": "127.0.0.1:0", "EVENT_LOOPS": "2", "SHUTDOWN_GRACE": "10s",
                   "DATABASE_URL": "sqlite:\(directory.path)/data/z2k.db"]
        env.merge(environment) { $1 }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let ready = DispatchSemaphore(value: 0)
        let portBox = box
        pipe.fileHandleForReading.readabilityHandler = { [lock] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; ready.signal(); return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                lock.lock(); portBox.lines.append(String(line)); lock.unlock()
                if line.contains("\"msg\":\"listening\""), let port = Self.port(in: String(line)) {
                    portBox.port = port
                    ready.signal()
                }
            }
        }
        try process.run()
        _ = ready.wait(timeout: .now() + 20)
        lock.lock(); let found = portBox.port; let lines = portBox.lines; lock.unlock()
        self.port = found ?? 0
        guard found != nil else {
            process.terminate()
            throw TestConnection.Failure(description: "service did not start: \(lines.joined(separator: "\n"))")
        }
    }

    /// Everything the process printed so far (JSON log lines).
    public var output: [String] {
        lock.lock(); defer { lock.unlock() }
        return box.lines
    }

    /// Sends a signal (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit, at most `timeout`; its status, or nil if still running.
    public func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// kill -9: the process gets no chance to checkpoint or release anything. Waits (at most
    /// 20 s) for it to be gone; true once it is.
    @discardableResult
    public func crash() -> Bool {
        signal(SIGKILL)
        return waitForExit() != nil
    }

    /// Stops the process (SIGKILL if it does not exit on SIGTERM) and removes its directory.
    public func stop() {
        if process.isRunning {
            signal(SIGTERM)
            if waitForExit(timeout: .seconds(10)) == nil { signal(SIGKILL); _ = waitForExit() }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    static func port(in line: String) -> Int? {
        guard let range = line.range(of: "\"listen.port\":") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// Runs the binary to completion (for commands such as check-config): status and output.
    public static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

private final class PortBox: @unchecked Sendable {
    // Guarded by ServiceProcess.lock.
    var port: Int?
    var lines: [String] = []
}
