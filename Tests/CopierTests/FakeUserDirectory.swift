import Copier
import Kaltura
import Synchronization

/// An in-memory Kaltura user directory: ids compare without case (as Kaltura's do), deleted
/// users are invisible, and every call is recorded.
final class FakeUserDirectory: UserDirectory {
    struct State {
        var users: [String: KalturaUser] = [:]
        var groups: [String: [String]] = [:]
        var calls: [String] = []
        var failure: KalturaError?
    }

    let state = Mutex(State())

    init() {}

    func add(_ id: String, email: String? = nil, status: KalturaUser.Status = .active, groups: [String] = []) {
        state.withLock {
            $0.users[id.lowercased()] = KalturaUser(id: id, email: email, status: status)
            $0.groups[id.lowercased()] = groups
        }
    }

    /// Every later call throws this.
    func failAll(with error: KalturaError) { state.withLock { $0.failure = error } }

    var calls: [String] { state.withLock { $0.calls } }
    func calls(_ prefix: String) -> [String] { calls.filter { $0.hasPrefix(prefix) } }
    func user(_ id: String) -> KalturaUser? { state.withLock { $0.users[id.lowercased()] } }

    private func record(_ call: String) throws(KalturaError) {
        let failure: KalturaError? = state.withLock {
            $0.calls.append(call)
            return $0.failure
        }
        if let failure { throw failure }
    }

    func user(id: String) throws(KalturaError) -> KalturaUser? {
        try record("user:\(id)")
        return state.withLock { $0.users[id.lowercased()].flatMap { $0.status == .deleted ? nil : $0 } }
    }

    func users(email: String) throws(KalturaError) -> [KalturaUser] {
        try record("email:\(email)")
        return state.withLock { state in
            state.users.values.filter { $0.status != .deleted && $0.email?.lowercased() == email.lowercased() }
                .sorted { $0.id < $1.id }
        }
    }

    func groups(of userID: String) throws(KalturaError) -> [String] {
        try record("groups:\(userID)")
        return state.withLock { $0.groups[userID.lowercased()] ?? [] }
    }

    func createUser(id: String, email: String) throws(KalturaError) -> KalturaUser {
        try record("create:\(id)")
        return state.withLock { state in
            if let existing = state.users[id.lowercased()], existing.status != .deleted { return existing }
            let user = KalturaUser(id: id, email: email, status: .active)
            state.users[id.lowercased()] = user
            return user
        }
    }
}
