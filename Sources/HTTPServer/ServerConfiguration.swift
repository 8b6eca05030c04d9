import HTTP1

/// Everything the HTTP server needs to know, fixed at start. Each field has its default here.
public struct ServerConfiguration: Sendable {
    /// Address to listen on; a host name, IPv4 or IPv6 literal. Default `0.0.0.0`.
    public var host: String = "0.0.0.0"
    /// TCP port; 0 picks a free port (tests). Default 8080.
    public var port: Int = 8080
    /// Event loops, one thread each. Default: the CPUs this process may run on.
    public var eventLoops: Int = 1
    /// Open connections at most; one more is answered 503 and closed. Default 10,000.
    public var maxConnections: Int = 10_000
    /// Time to receive a whole header section, from its first byte (or from accept for the first
    /// request). Not extended by trickling bytes: this is the slowloris bound. Default 10 s.
    public var headerTimeout: Duration = .seconds(10)
    /// Time to receive a whole body after its head. Default 30 s.
    public var bodyTimeout: Duration = .seconds(30)
    /// Time a keep-alive connection may sit between requests. Default 60 s.
    public var idleTimeout: Duration = .seconds(60)
    /// Time a response write may make no progress. Default 30 s.
    public var writeTimeout: Duration = .seconds(30)
    /// Time a handler that answers later may take before the client gets 503. Default 30 s.
    public var handlerTimeout: Duration = .seconds(30)
    /// Parser bounds; the body limit is the default for routes without their own.
    public var limits = ParserLimits()
    /// listen(2) backlog. Default 1024.
    public var backlog: Int32 = 1024

    public init() {}
}
