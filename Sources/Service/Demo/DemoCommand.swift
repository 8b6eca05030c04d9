import Config
import Foundation
import Logging

/// `zoom2kaltura demo`: the service in sandbox mode on a free loopback port, with a throwaway
/// database, driven through the sample; exits 0 when every job reached its expected state.
public enum DemoCommand {
    /// - Returns: the exit status: 0 all expected states reached, 1 otherwise, 64 outside
    ///   sandbox mode, 78 for a bad configuration.
    public static func run(environment: [String: String], availableCPUs: Int) -> Int32 {
        if let url = environment["KALTURA_SERVICE_URL"], !url.trimmingCharacters(in: .whitespaces).isEmpty {
            FileHandle.standardError.write(Data("""
                zoom2kaltura: demo runs only in sandbox mode, against the built-in simulators; \
                unset KALTURA_SERVICE_URL to run it

                """.utf8))
            return 64  // EX_USAGE
        }
        var env = environment
        if env["LISTEN"]?.isEmpty ?? true { env["LISTEN"] = "127.0.0.1:0" }
        if env["LOG_LEVEL"]?.isEmpty ?? true { env["LOG_LEVEL"] = "warning" }
        var scratch: URL?
        if env["DATABASE_URL"]?.isEmpty ?? true {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zoom2kaltura-demo-\(UUID().uuidString)")
            scratch = directory
            env["DATABASE_URL"] = "sqlite:\(directory.path)/zoom2kaltura.db"
        }
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }

        let configuration: Configuration
        do {
            configuration = try Configuration.load(from: env, availableCPUs: availableCPUs)
        } catch {
            FileHandle.standardError.write(Data("zoom2kaltura: \(error)\n".utf8))
            return 78  // EX_CONFIG
        }
        DemoOutput.write("demo: starting the service in sandbox mode (Zoom and Kaltura simulators in this process)\n")
        let verdict = DemoVerdict()
        let status = Application(configuration: configuration, logger: Logger(level: configuration.logLevel)) { service in
            DemoRun.demo(service, verdict: verdict)
        }.run()
        switch verdict.passed {
        case true?: return status
        case false?: return 1
        case nil: return status == 0 ? 1 : status
        }
    }
}
