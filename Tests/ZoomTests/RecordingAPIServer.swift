import HTTP1
import HTTPServer
import Synchronization
import TestSupport

/// A stand-in for Zoom's OAuth and recordings-delete endpoints on a loopback server: each
/// request is recorded as `METHOD target` with its `Authorization`, then answered by `respond`
/// given the requests before it.
final class RecordingAPIServer: Sendable {
    struct Recorded: Sendable, Equatable {
        var line: String
        var authorization: String?
    }

    typealias Answer = (status: Int, headers: [(String, String)], body: String)

    private final class Log: Sendable {
        let entries = Mutex<[Recorded]>([])
    }

    private let server: LoopbackServer
    private let log = Log()

    var baseURL: String { server.baseURL }
    var requests: [Recorded] { log.entries.withLock { $0 } }

    init(respond: @escaping @Sendable (String, [Recorded]) -> Answer) throws {
        let log = self.log
        var router = Router()
        let handler: Handler = { request, _ in
            let recorded = Recorded(line: "\(request.method) \(request.head.target)", authorization: request.headers["Authorization"])
            let previous = log.entries.withLock { entries in
                defer { entries.append(recorded) }
                return entries
            }
            let answer = respond(recorded.line, previous)
            return .now(Response(status: HTTPStatus(answer.status), headers: HTTPHeaders(answer.headers),
                                 body: Array(answer.body.utf8)))
        }
        router.add("POST", "/oauth/token", handler: handler)
        router.add("DELETE", "/v2/meetings/{uuid}/recordings", handler: handler)
        router.add("DELETE", "/v2/meetings/{uuid}/recordings/{file}", handler: handler)
        server = try LoopbackServer(router: router)
    }

    func stop() { server.stop() }
}
