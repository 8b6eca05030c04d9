import HTTPServer
import Logging
import Simulators

/// A loopback endpoint that checks `x-zm-signature` the way a Zoom receiver must.
final class WebhookReceiver {
    let server: HTTPServer
    var url: String { "http://127.0.0.1:\(server.localAddress.port)/hook" }

    init(secret: String) throws {
        var router = Router()
        router.add("POST", "/hook") { request in
            guard let stamp = request.headers["x-zm-request-timestamp"], let signature = request.headers["x-zm-signature"],
                  Int64(stamp) != nil, stamp.count == 10,
                  signature == ZoomSimulator.signature(secret: secret, timestamp: stamp, body: request.body) else {
                return Response(status: .unauthorized)
            }
            return Response(status: .ok)
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        server = try HTTPServer(configuration: configuration, router: router, logger: Logger(level: .error, sink: .memory()))
        server.start()
    }

    func stop() {
        server.shutdown(gracePeriod: .zero)
        server.wait()
    }
}
