/// A credential read from the environment. It prints as a mask, so that putting a
/// configuration in a log line, an error or `/status` can never leak it; code that needs the
/// value asks for `reveal()` by name.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself, for the one call that sends or uses it.
    public func reveal() -> String { value }

    public var description: String { "<set>" }
    public var debugDescription: String { "<set>" }
}
