/// Size limits the parser enforces. One struct, so a reviewer sees every bound in one place.
///
/// The defaults fit a webhook receiver and an admin API; none of them is a leniency switch.
public struct ParserLimits: Sendable, Equatable {
    /// Longest request-target in bytes; longer is 414. Default 8 KiB.
    public var maxTargetBytes: Int
    /// Largest header section (request line, fields, final CRLF), and separately the largest
    /// trailer section of a chunked body; larger is 431. Default 16 KiB.
    public var maxHeaderBytes: Int
    /// Most header fields in one request; more is 431. Default 100.
    public var maxHeaderCount: Int
    /// Largest body when the route does not set its own limit; larger is 413. Default 1 MiB.
    public var maxBodyBytes: Int
    /// Longest single chunk-size line, extensions included; longer is 400. Default 1 KiB.
    public var maxChunkLineBytes: Int
    /// Most chunk-extension bytes in one message, summed over its chunks; more is 400.
    /// Stops a body of one-byte chunks with long extensions from costing far more than its size.
    /// Default 16 KiB.
    public var maxChunkExtensionBytes: Int

    /// - Parameters: see the properties; each defaults to the value documented there.
    public init(
        maxTargetBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024,
        maxChunkLineBytes: Int = 1024,
        maxChunkExtensionBytes: Int = 16 * 1024
    ) {
        self.maxTargetBytes = maxTargetBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxChunkExtensionBytes = maxChunkExtensionBytes
    }
}
