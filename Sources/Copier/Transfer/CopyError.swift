/// Why a copy stopped. `isTransient` tells the worker whether waiting and retrying can help
/// (DESIGN.md §3: 5xx, 429, resets, timeouts are transient; 404, HTML error pages, size
/// mismatches and rejected credentials are not).
public struct CopyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Side: String, Sendable { case source, destination }

    public let side: Side
    public let isTransient: Bool
    /// Wait at least this long before retrying (a peer's Retry-After).
    public let retryAfter: Duration?
    /// What went wrong, for logs and `/status`; never a token or URL query.
    public let detail: String

    public init(side: Side, transient: Bool, retryAfter: Duration? = nil, detail: String) {
        self.side = side
        self.isTransient = transient
        self.retryAfter = retryAfter
        self.detail = detail
    }

    /// The copy was asked to stop (shutdown); the checkpoint is where to resume.
    public static let cancelled = CopyError(side: .destination, transient: true, detail: "cancelled")

    public var description: String { "\(side.rawValue): \(detail)" }
}
