/// Where a job is in its life (DESIGN.md §3).
public enum JobState: String, Sendable, Codable, CaseIterable, Comparable {
    /// Waiting for a worker.
    case queued
    /// Leased by a worker until its lease ends.
    case running
    /// Backing off after a transient failure, until `runAt`.
    case waiting
    /// Copied to the holding user (owner unmatched); deletion scheduled.
    case held
    /// Not copied on purpose (opt-out, disabled type); `reason` says why.
    case skipped
    /// Copied.
    case done
    /// Gave up: a permanent error or attempts exhausted; `reason` says why. An admin can retry.
    case failed

    /// States a worker can claim from (a `running` job is claimable once its lease expired).
    public static let claimable: [JobState] = [.queued, .waiting]

    /// Whether the job has reached an end (until an admin retries it).
    public var isFinal: Bool { [.held, .skipped, .done, .failed].contains(self) }

    public static func < (a: JobState, b: JobState) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
