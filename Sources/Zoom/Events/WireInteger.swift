/// A JSON integer field. The decoder reports a non-integral or out-of-range number as corrupt
/// data without a path; this turns it into a type error at the field, like any other.
struct WireInteger: Decodable {
    let value: Int64

    init(from decoder: any Decoder) throws {
        do {
            value = try decoder.singleValueContainer().decode(Int64.self)
        } catch {
            throw DecodingError.typeMismatch(
                Int64.self, .init(codingPath: decoder.codingPath, debugDescription: "expected an integer"))
        }
    }

    /// The value as `Int`, or a type error at the field when it does not fit.
    static func int(_ value: Int64, at codingPath: [any CodingKey]) throws -> Int {
        guard let int = Int(exactly: value) else {
            throw DecodingError.typeMismatch(Int.self, .init(codingPath: codingPath, debugDescription: "too large"))
        }
        return int
    }
}
