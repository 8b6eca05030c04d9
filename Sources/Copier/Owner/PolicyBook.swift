import Config
import Foundation
import Jobs
import Synchronization

/// The owner rules in force, shared by every worker: the rules from `OVERRIDES_FILE` and
/// `OPT_OUT_FILE` merged with those admins keep in the job store over HTTP. On a conflict the
/// store wins: a stored mapping replaces the file's for the same email; opt-outs are the union
/// of both lists (so an opt-out from the file is lifted by editing the file).
///
/// Each part is replaced whole: `reload()` re-reads the files (SIGHUP), `refreshStored(from:)`
/// re-reads the store (at start, after every change over HTTP, and every minute with
/// `refreshPeriodically`, so that other replicas follow). A file with a mistake or an
/// unreachable store never replaces good rules.
public final class PolicyBook: Sendable {
    public let overridesFile: String?
    public let optOutFile: String?

    private struct Parts {
        var files: OwnerRules
        var stored = OwnerRules()
        /// The two merged, as decisions read them.
        var merged: OwnerRules

        init(files: OwnerRules) {
            self.files = files
            merged = files
        }

        mutating func merge() {
            merged = OwnerRules(overrides: files.overrides.merging(stored.overrides) { _, stored in stored },
                                optOuts: files.optOuts.union(stored.optOuts))
        }
    }

    private let parts: Mutex<Parts>

    /// Reads the files once; a bad file is a start-up error.
    public init(overridesFile: String?, optOutFile: String?) throws(PolicyFileError) {
        self.overridesFile = overridesFile
        self.optOutFile = optOutFile
        parts = Mutex(Parts(files: try OwnerRules.load(overridesFile: overridesFile, optOutFile: optOutFile)))
    }

    /// `OVERRIDES_FILE` and `OPT_OUT_FILE` from the configuration.
    public convenience init(configuration: Configuration) throws(PolicyFileError) {
        try self.init(overridesFile: configuration.overridesFile, optOutFile: configuration.optOutFile)
    }

    /// Fixed rules with no files behind them (tests, sandbox); `reload()` keeps them, and
    /// stored rules still merge over them.
    public init(rules: OwnerRules) {
        overridesFile = nil
        optOutFile = nil
        parts = Mutex(Parts(files: rules))
    }

    /// A snapshot of the rules in force (files and store merged).
    public var rules: OwnerRules { parts.withLock { $0.merged } }

    /// The part that came from the job store, as last refreshed.
    public var storedRules: OwnerRules { parts.withLock { $0.stored } }

    /// Re-reads both files. On success the new file rules replace the old ones and the merged
    /// rules in force are returned; on error the old rules stay in force and the error says
    /// which file and line to fix.
    @discardableResult
    public func reload() -> Result<OwnerRules, PolicyFileError> {
        guard overridesFile != nil || optOutFile != nil else { return .success(rules) }
        let result = Result { () throws(PolicyFileError) in
            try OwnerRules.load(overridesFile: overridesFile, optOutFile: optOutFile)
        }
        switch result {
        case .success(let fresh):
            return .success(parts.withLock { parts in
                parts.files = fresh
                parts.merge()
                return parts.merged
            })
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Replaces the stored part with `stored`; returns the merged rules now in force.
    @discardableResult
    public func replaceStored(_ stored: OwnerRules) -> OwnerRules {
        parts.withLock { parts in
            parts.stored = stored
            parts.merge()
            return parts.merged
        }
    }

    /// Re-reads the admins' mappings and opt-outs from the store (blocking: call it from a
    /// background thread). On error the previous stored rules stay in force.
    @discardableResult
    public func refreshStored(from store: any JobAdministration) -> Result<OwnerRules, JobStoreError> {
        do throws(JobStoreError) {
            let stored = OwnerRules(overrides: try store.mappings(), optOuts: try store.optOuts())
            return .success(replaceStored(stored))
        } catch {
            return .failure(error)
        }
    }

    /// Calls `refreshStored(from:)` every `interval` on a thread of its own until the returned
    /// refresher is stopped; `failed` hears of each refresh that could not read the store.
    public func refreshPeriodically(from store: any JobAdministration, every interval: Duration,
                                    failed: @escaping @Sendable (JobStoreError) -> Void = { _ in }) -> PolicyRefresher {
        let refresher = PolicyRefresher()
        Thread.detachNewThread { [self] in
            while refresher.sleep(for: interval) {
                if case .failure(let error) = refreshStored(from: store) { failed(error) }
            }
            refresher.finished.signal()
        }
        return refresher
    }
}

/// Stops `PolicyBook.refreshPeriodically`'s thread.
public final class PolicyRefresher: Sendable {
    private let condition = NSCondition()
    // Invariant: read and written under `condition` only.
    private nonisolated(unsafe) var stopped = false
    fileprivate let finished = DispatchSemaphore(value: 0)

    /// Waits `duration` unless stopped; false once stopped.
    fileprivate func sleep(for duration: Duration) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !stopped, condition.wait(until: deadline) {}
        return !stopped
    }

    /// Stops the thread and waits for it to leave (a refresh under way finishes first).
    public func stop() {
        condition.lock()
        let first = !stopped
        stopped = true
        condition.broadcast()
        condition.unlock()
        if first { finished.wait() }
    }
}
