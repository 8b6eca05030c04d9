import Foundation

/// JSON in and out for the simulators, on Foundation's JSONSerialization (test equipment: the
/// shapes are loose dictionaries that mirror what the real services send).
enum SimJSON {
    /// Compact, keys sorted, `/` not escaped; fragments (a bare string, `null`) allowed.
    static func encode(_ value: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: value,
                                                options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return Array(data)
    }

    /// JSON `null`: what void actions return.
    static var null: Any { NSNull() }

    /// A JSON object, or nil when the bytes are not one.
    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? [String: Any]
    }

    /// A scalar parameter as the PHP server would see it after json_decode: strings as they are,
    /// numbers and booleans in their decimal form (true → "1", false → "0").
    static func scalar(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
