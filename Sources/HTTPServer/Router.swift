import HTTP1

/// Maps method and path to handlers. Patterns are literal segments and `{name}` parameters
/// (`/jobs/{id}`); the first pattern that matches the path wins. HEAD is served by the GET
/// handler without a body. A path that matches with another method gives 405 with `Allow`.
public struct Router: Sendable {
    struct Route: Sendable {
        var method: String
        var segments: [Segment]
        /// The pattern itself when it has no parameters: matched by one string comparison.
        var literalPath: String?
        var bodyLimit: Int?
        var handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// The outcome of a lookup.
    public enum Match: Sendable {
        case found(handler: Handler, parameters: [String: String], bodyLimit: Int?)
        case methodNotAllowed(allow: [String])
        case notFound
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route.
    /// - Parameters:
    ///   - method: `GET`, `POST`, …
    ///   - pattern: `/status`, `/jobs/{id}`.
    ///   - bodyLimit: largest accepted body; nil for the server's default (1 MiB).
    ///   - handler: called on an event loop with the complete request.
    public mutating func add(_ method: String, _ pattern: String, bodyLimit: Int? = nil, handler: @escaping Handler) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with /: \(pattern)")
        let segments = Self.split(Substring(pattern)).map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        let literal = segments.allSatisfy { if case .literal = $0 { true } else { false } }
        routes.append(Route(method: method, segments: segments, literalPath: literal ? pattern : nil,
                            bodyLimit: bodyLimit, handler: handler))
    }

    /// Adds a route whose handler always answers at once.
    public mutating func add(_ method: String, _ pattern: String, bodyLimit: Int? = nil,
                             respond: @escaping @Sendable (Request) -> Response) {
        add(method, pattern, bodyLimit: bodyLimit) { request, _ in .now(respond(request)) }
    }

    /// Finds the handler for a request line.
    public func match(method: String, path: Substring) -> Match {
        var parts: [Substring]?  // split only when a route with parameters is tried
        var allowed: [String] = []
        for route in routes {
            let parameters: [String: String]?
            if let literal = route.literalPath {
                parameters = path == literal ? [:] : nil
            } else {
                if parts == nil { parts = Self.split(path) }
                parameters = Self.bind(route.segments, to: parts ?? [])
            }
            guard let parameters else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(handler: route.handler, parameters: parameters, bodyLimit: route.bodyLimit)
            }
            allowed.append(route.method)
            if route.method == "GET" { allowed.append("HEAD") }
        }
        if allowed.isEmpty { return .notFound }
        return .methodNotAllowed(allow: Array(Set(allowed)).sorted())
    }

    private static func split(_ path: Substring) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }

    private static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name):
                if part.isEmpty { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}
