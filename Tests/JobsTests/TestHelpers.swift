import Foundation
import Jobs

/// Collects enqueue results from store threads.
final class ResultsBox: @unchecked Sendable {
    // Invariant for @unchecked Sendable: all state is accessed under `condition`.
    private let condition = NSCondition()
    private var results: [Result<EnqueueOutcome, JobStoreError>] = []

    func add(_ result: Result<EnqueueOutcome, JobStoreError>) {
        condition.lock()
        results.append(result)
        condition.broadcast()
        condition.unlock()
    }

    func waitForCount(_ n: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(30)
        while results.count < n { if !condition.wait(until: deadline) { return false } }
        return true
    }

    var successes: Int {
        condition.lock()
        defer { condition.unlock() }
        return results.filter { if case .success = $0 { true } else { false } }.count
    }
}

/// Runs closures on many threads at once and waits for them.
final class ConcurrentGroup: Sendable {
    private let group = DispatchGroup()

    func run(_ body: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(group: group, execute: body)
    }

    func wait() { group.wait() }
}

/// A fresh temporary directory, removed by `cleanup`.
struct TemporaryDirectory {
    let url: URL = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-jobs-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}
