import HTTPServer
import Logging

/// Starts a simulator's HTTP server: four event loops (tests run many transfers at once) and
/// generous timeouts for multi-gigabyte bodies.
/// - Returns: the running server and its base URL, `http://host:port`.
func startSimulatorServer(host: String, port: Int, router: Router, logger: Logger,
                          tune: (inout ServerConfiguration) -> Void) throws(IOError) -> (HTTPServer, String) {
    var configuration = ServerConfiguration()
    configuration.host = host
    configuration.port = port
    configuration.eventLoops = 4
    tune(&configuration)
    let server = try HTTPServer(configuration: configuration, router: router, logger: logger)
    server.start()
    return (server, "http://\(server.localAddress)")
}
