import HTTPServer

/// `GET /healthz`: liveness. No auth, no work: the process answers, so it is alive.
public enum HealthRoutes {
    public static func register(on router: inout Router) {
        router.add("GET", "/healthz") { _ in
            .json(.ok, Array(#"{"status":"ok"}"#.utf8))
        }
    }
}
