import Foundation

/// Runs closures on other threads and waits for them all.
final class ThreadGroup: Sendable {
    private let group = DispatchGroup()

    func run(_ body: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(group: group, execute: body)
    }

    func wait() { group.wait() }

    /// Runs `body` on another thread after `delay`.
    static func after(_ delay: Duration, _ body: @escaping @Sendable () -> Void) {
        let (seconds, attoseconds) = delay.components
        let nanos = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos), execute: body)
    }
}
