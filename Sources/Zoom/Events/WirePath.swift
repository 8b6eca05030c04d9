/// Turns a decoder's coding path into the dotted JSON path the errors show
/// (`payload.object.recording_files[2].download_url`), and its type names into words.
enum WirePath {
    static func render(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out
    }

    /// "a string", "an integer", … for the type a decoder expected.
    static func expected(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Int64.self || type == Int.self { return "an integer" }
        if type == Bool.self { return "true or false" }
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.hasPrefix("[String") { return "an object" }
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
        return "an object"
    }

    /// The one place a `DecodingError` becomes a `WebhookDecodeError`.
    static func error(from error: DecodingError) -> WebhookDecodeError {
        switch error {
        case .keyNotFound(let key, let context):
            return .missingField(path: render(context.codingPath + [key]))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return .wrongType(path: render(context.codingPath), expected: expected(type))
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .invalidJSON("it is not well-formed JSON text in UTF-8")
        case .dataCorrupted(let context):
            return .invalidValue(path: render(context.codingPath), requirement: "a value of the documented form")
        @unknown default:
            return .invalidJSON("it could not be decoded")
        }
    }
}
