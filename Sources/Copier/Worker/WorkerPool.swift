import Foundation
import Jobs
import Logging
import Platform
import Synchronization

/// `WORKERS` threads that claim jobs from the store, run them, and record how they ended.
/// A lease keeper renews the leases of running jobs; a job whose lease is lost (the store
/// gave it to another worker after a stall) is cancelled here. New jobs wake an idle worker
/// at once (`wake`); waiting jobs are found by polling every `pollInterval`.
///
/// `stop` stops claiming, cancels the copies in flight (each stops at its next chunk, its
/// checkpoint saved) and releases their leases, so that the next process resumes them.
public final class WorkerPool: Sendable {
    let store: any JobStore
    let runner: JobRunner
    let settings: CopierSettings
    let logger: Logger
    /// Unique per process and worker, so that a restarted process never takes over a lease
    /// by name.
    let ownerPrefix: String
    private let control = PoolControl()
    private let finished = DispatchGroup()

    public init(store: any JobStore, runner: JobRunner) {
        self.store = store
        self.runner = runner
        self.settings = runner.settings
        self.logger = runner.logger
        ownerPrefix = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    public func start() {
        for index in 0..<settings.workers {
            finished.enter()
            _ = startThread { [self] in
                work(owner: "\(ownerPrefix)-w\(index)")
                finished.leave()
            }
        }
        finished.enter()
        _ = startThread { [self] in
            keepLeases()
            finished.leave()
        }
    }

    /// New jobs are in the store: an idle worker looks now instead of at its next poll.
    public func wake() { control.wake() }

    /// Stops within `grace`: no new claims, copies cancelled and their leases released.
    /// - Returns: false if some worker was still busy when the time ran out (its lease then
    ///   expires and another process resumes the job from its checkpoint).
    @discardableResult
    public func stop(grace: Duration) -> Bool {
        control.stop()
        let deadline = DispatchTime.now() + .nanoseconds(Int(grace.milliseconds * 1_000_000))
        return finished.wait(timeout: deadline) == .success
    }

    private func work(owner: String) {
        var claimFailure: String?  // logged once per distinct error, not at every poll of an outage
        while !control.isStopping {
            let job: Job?
            do throws(JobStoreError) {
                let now = runner.now()
                job = try store.claim(owner: owner, leaseUntil: now + settings.lease.milliseconds, now: now)
            } catch {
                if claimFailure != error.description {
                    claimFailure = error.description
                    logger.error("cannot claim jobs; retrying quietly until it works", ["error": .string(error.description)])
                }
                control.idle(for: settings.pollInterval)
                continue
            }
            if claimFailure != nil {
                claimFailure = nil
                logger.info("claiming jobs again")
            }
            guard let job else {
                control.idle(for: settings.pollInterval)
                continue
            }
            let cancelled = control.begin(job: job.id, owner: owner)
            let log = logger.with("job.id", .int(Int(job.id))).with("meeting.uuid", .string(job.meetingUUID))
            log.info("job started", ["job.kind": .string(job.kind), "job.attempt": .int(job.attempts)])
            let outcome = runner.run(job, owner: owner) { cancelled.isSet }
            control.end(job: job.id)
            record(outcome, job: job, owner: owner, logger: log)
        }
    }

    private func record(_ outcome: JobOutcome, job: Job, owner: String, logger log: Logger) {
        let now = runner.now()
        do throws(JobStoreError) {
            switch outcome {
            case .finished(let state, let reason, let entryID):
                try store.finish(id: job.id, owner: owner, state: state, reason: reason, entryID: entryID, now: now)
                var fields: [String: LogValue] = ["job.state": .string(state.rawValue)]
                if let reason { fields["reason"] = .string(reason) }
                if let entryID { fields["entry.id"] = .string(entryID) }
                log.info("job finished", fields)
            case .retry(let at, let reason, let countsAttempt):
                try store.retry(id: job.id, owner: owner, at: at, reason: reason, countsAttempt: countsAttempt, now: now)
                log.warning("job waits", ["reason": .string(reason), "retry_in_ms": .int(Int(at - now)),
                                          "job.attempt": .int(job.attempts), "counts_attempt": .bool(countsAttempt)])
            case .failed(let reason):
                try store.fail(id: job.id, owner: owner, reason: reason, now: now)
                log.error("job failed", ["reason": .string(reason), "job.attempt": .int(job.attempts)])
            case .released:
                try store.release(id: job.id, owner: owner, now: now)
                log.info("job released for shutdown; it resumes from its checkpoint")
            case .leaseLost:
                log.warning("job lease lost; another worker has it")
            }
        } catch {
            log.error("cannot record the job's outcome; its lease will expire and it will run again",
                      ["error": .string(error.description)])
        }
    }

    /// Renews the lease of every running job a third of the way through it.
    private func keepLeases() {
        let period = Duration.milliseconds(max(settings.lease.milliseconds / 3, 1))
        while control.sleep(for: period) {
            let now = runner.now()
            for (id, run) in control.running() {
                do throws(JobStoreError) {
                    try store.renew(id: id, owner: run.owner, leaseUntil: now + settings.lease.milliseconds, now: now)
                } catch {
                    if case .leaseLost = error { run.cancelled.set() }
                    logger.warning("cannot renew a lease", ["job.id": .int(Int(id)), "error": .string(error.description)])
                }
            }
        }
    }
}

/// The pool's shared state: the stop flag, the wake-up signal, and the running jobs with
/// their cancel flags.
final class PoolControl: Sendable {
    struct Running: Sendable {
        let owner: String
        let cancelled: CancelFlag
    }

    private struct State {
        var stopping = false
        var wakeups = 0
        var running: [Int64: Running] = [:]
    }

    private let condition = NSCondition()
    // Invariant: read and written under `condition` only.
    private nonisolated(unsafe) var state = State()

    var isStopping: Bool { locked { $0.stopping } }

    func wake() {
        locked { $0.wakeups += 1 }
        condition.broadcast()
    }

    func stop() {
        locked { state in
            state.stopping = true
            for run in state.running.values { run.cancelled.set() }
        }
        condition.broadcast()
    }

    /// Waits for a wake-up, a stop, or `duration`.
    func idle(for duration: Duration) {
        condition.lock()
        defer { condition.unlock() }
        guard !state.stopping else { return }
        if state.wakeups > 0 {
            state.wakeups -= 1
            return
        }
        _ = condition.wait(until: Date(timeIntervalSinceNow: Double(duration.milliseconds) / 1000))
        if state.wakeups > 0 { state.wakeups -= 1 }
    }

    /// Sleeps `duration` unless stopped; returns false once stopping.
    func sleep(for duration: Duration) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: Double(duration.milliseconds) / 1000)
        while !state.stopping, condition.wait(until: deadline) {}
        return !state.stopping
    }

    func begin(job id: Int64, owner: String) -> CancelFlag {
        let flag = CancelFlag()
        locked { state in
            if state.stopping { flag.set() }
            state.running[id] = Running(owner: owner, cancelled: flag)
        }
        return flag
    }

    func end(job id: Int64) { locked { _ = $0.running.removeValue(forKey: id) } }

    func running() -> [(Int64, Running)] { locked { $0.running.map { ($0.key, $0.value) } } }

    private func locked<T>(_ body: (inout State) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&state)
    }
}

/// Set once to ask a running job to stop.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}
