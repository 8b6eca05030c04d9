/// Why a store operation failed.
public enum JobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store cannot be used now (disk full, database locked, corrupt, unreachable). Callers
    /// answer 503 and retry later; `/readyz` reports it.
    case unavailable(String)
    /// The job does not exist.
    case notFound(Int64)
    /// The caller no longer holds the job's lease (it expired and another worker claimed it,
    /// or an admin changed the job): stop working on it.
    case leaseLost(Int64)
    /// The operation does not apply to the job's state (retrying a done job, …).
    case invalidState(Int64, JobState)

    public var description: String {
        switch self {
        case .unavailable(let reason): "job store unavailable: \(reason)"
        case .notFound(let id): "job \(id) does not exist"
        case .leaseLost(let id): "the lease on job \(id) was lost"
        case .invalidState(let id, let state): "job \(id) is \(state.rawValue); the operation does not apply"
        }
    }
}

/// Whether the store can take writes, for `/readyz`.
public enum StoreHealth: Sendable, Equatable {
    case ready
    case unavailable(reason: String)
}
