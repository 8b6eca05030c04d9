/// Why a correctly signed body could not be understood (the server answers 400 with the
/// description). It names the JSON path and what was expected, never a value from the body,
/// so a download token cannot end up in a log through it.
public struct WebhookDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case invalidJSON(detail: String)
        case missingField(path: String)
        case wrongType(path: String, expected: String)
        case invalidValue(path: String, requirement: String)
    }

    private let reason: Reason
    private init(_ reason: Reason) { self.reason = reason }

    /// The body is not JSON (or not UTF-8).
    public static func invalidJSON(_ detail: String) -> Self { Self(.invalidJSON(detail: detail)) }
    /// A required field is absent, e.g. `payload.object.uuid`.
    public static func missingField(path: String) -> Self { Self(.missingField(path: path)) }
    /// A field has the wrong JSON type (`""` is the top level); `expected` is e.g. "a string".
    public static func wrongType(path: String, expected: String) -> Self {
        Self(.wrongType(path: path, expected: expected))
    }
    /// A field has the right type but an unusable value (e.g. an empty `payload.plainToken`).
    public static func invalidValue(path: String, requirement: String) -> Self {
        Self(.invalidValue(path: path, requirement: requirement))
    }

    /// A stable snake_case name for logs and metrics labels.
    public var code: String {
        switch reason {
        case .invalidJSON: "invalid_json"
        case .missingField: "missing_field"
        case .wrongType: "wrong_type"
        case .invalidValue: "invalid_value"
        }
    }

    /// The JSON path concerned, when there is one (`payload.object.recording_files[2].download_url`).
    public var path: String? {
        switch reason {
        case .invalidJSON: nil
        case .missingField(let path), .wrongType(let path, _), .invalidValue(let path, _): path
        }
    }

    public var description: String {
        switch reason {
        case .invalidJSON(let detail): "The body is not valid JSON: \(detail)."
        case .missingField(let path): "The webhook has no \(path), which is required."
        case .wrongType("", let expected): "The webhook body must be \(expected)."
        case .wrongType(let path, let expected): "The webhook's \(path) must be \(expected)."
        case .invalidValue(let path, let requirement): "The webhook's \(path) must be \(requirement)."
        }
    }
}
