import Foundation
import Synchronization

/// What `serve` and `demo` start from `Application`'s `started` hook: the driver on a thread of
/// its own, its report at the end.
public enum DemoRun {
    /// `serve` in sandbox mode: sends the sample, shows each job's state changes as plain lines
    /// among the JSON logs, then says where `/status` is, and lets the service keep serving.
    public static func serveSample(_ service: RunningService) {
        Thread.detachNewThread {
            let outcome = DemoDriver(service: service).run(style: .lines)
            DemoOutput.write(outcome.report + statusHint(service))
        }
    }

    /// Where `/status` is and how to authenticate, for `make run`.
    static func statusHint(_ service: RunningService) -> String {
        let c = service.configuration
        let url = DemoDriver.loopbackBase(host: c.listenHost, port: service.port) + "/status"
        guard c.adminToken == nil else {
            return "zoom2kaltura: status at \(url) (bearer token: ADMIN_TOKEN); still serving, Ctrl-C stops\n"
        }
        let file = (c.dataDirectory as NSString).appendingPathComponent(AdminTokenFile.name)
        return """
            zoom2kaltura: status at \(url) (bearer token in \(file)); still serving, Ctrl-C stops
              curl -H "Authorization: Bearer $(cat \(file))" \(url)

            """
    }

    /// `demo`: drives the sample, prints the report, then stops the service gracefully; the
    /// outcome is kept in `verdict` for the exit status.
    static func demo(_ service: RunningService, verdict: DemoVerdict) {
        Thread.detachNewThread {
            let outcome = DemoDriver(service: service).run(style: DemoOutput.isTerminal ? .bars : .lines)
            DemoOutput.write(outcome.report)
            verdict.set(outcome.passed)
            service.stop()
        }
    }
}

/// The demo's result, handed from the driver's thread to the main thread.
final class DemoVerdict: Sendable {
    private let value = Mutex<Bool?>(nil)
    func set(_ passed: Bool) { value.withLock { $0 = passed } }
    /// nil when the driver did not finish (a start-up failure, a signal).
    var passed: Bool? { value.withLock { $0 } }
}
