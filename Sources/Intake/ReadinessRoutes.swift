import HTTPServer
import Jobs
import Synchronization

/// `GET /readyz`: whether this replica should get traffic: the job store takes writes and the
/// process is not draining. Liveness (`/healthz`) stays separate, so that a full disk makes the
/// load balancer route around the replica without an orchestrator restarting it.
public struct ReadinessRoutes: Sendable {
    let store: any JobStore
    let draining: Draining

    public init(store: any JobStore, draining: Draining) {
        self.store = store
        self.draining = draining
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("GET", "/readyz") { _ in routes.readiness() }
    }

    func readiness() -> Response {
        if draining.isDraining {
            return .error(.serviceUnavailable, code: "draining", detail: "the service is shutting down")
        }
        switch store.health {
        case .ready:
            return .json(.ok, Array(#"{"status":"ready"}"#.utf8))
        case .unavailable(let reason):
            return .error(.serviceUnavailable, code: "store_unavailable", detail: reason)
        }
    }
}

/// Set once shutdown starts; read by `/readyz`.
public final class Draining: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { flag.load(ordering: .relaxed) }

    public func begin() { flag.store(true, ordering: .relaxed) }
}
