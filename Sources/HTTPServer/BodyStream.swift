/// A response body produced while it is written, for bodies too large to hold (the simulators
/// serve recordings of gigabytes). The server asks for the next piece whenever the socket has
/// taken the previous one, so memory per connection stays at one piece.
public struct BodyStream: Sendable {
    /// The exact body length, sent as Content-Length.
    public let length: Int
    /// The bytes of `range` (never more than 256 KiB at a time). Returning fewer ends the
    /// response there and closes the connection: the client sees a body cut short, which is
    /// how a simulator injects a reset mid-body.
    public let produce: @Sendable (Range<Int>) -> [UInt8]

    public init(length: Int, produce: @escaping @Sendable (Range<Int>) -> [UInt8]) {
        precondition(length >= 0)
        self.length = length
        self.produce = produce
    }

    /// The largest piece asked for at once.
    public static let pieceSize = 256 * 1024
}
