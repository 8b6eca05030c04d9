import HTTP1
import HTTPServer
import Testing

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        router.add("GET", "/jobs") { _ in Response(status: .ok) }
        router.add("GET", "/jobs/{id}") { _ in Response(status: .ok) }
        router.add("POST", "/jobs/{id}/retry") { _ in Response(status: .ok) }
        router.add("POST", "/upload", bodyLimit: 42) { _ in Response(status: .ok) }
        return router
    }

    @Test func literalAndParameterSegments() {
        guard case .found(_, let parameters, nil) = router().match(method: "GET", path: "/jobs/17") else {
            Issue.record("no match")
            return
        }
        #expect(parameters == ["id": "17"])
        guard case .found(_, let none, _) = router().match(method: "GET", path: "/jobs") else {
            Issue.record("no match")
            return
        }
        #expect(none.isEmpty)
    }

    @Test func headFallsBackToGet() {
        guard case .found = router().match(method: "HEAD", path: "/jobs") else {
            Issue.record("HEAD not served by GET")
            return
        }
    }

    @Test func wrongMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allow) = router().match(method: "DELETE", path: "/jobs/1") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == ["GET", "HEAD"])
    }

    @Test func unknownPathsAndEmptyParametersAreNotFound() {
        for path in ["/", "/jobs/", "/jobs/1/2", "/job", "/jobs//retry"] {
            guard case .notFound = router().match(method: "GET", path: Substring(path)) else {
                Issue.record("\(path) should be 404")
                continue
            }
        }
    }

    @Test func routeBodyLimitIsReported() {
        guard case .found(_, _, let limit) = router().match(method: "POST", path: "/upload") else {
            Issue.record("no match")
            return
        }
        #expect(limit == 42)
    }
}
