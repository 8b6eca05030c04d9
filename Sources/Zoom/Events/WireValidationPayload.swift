/// `payload` of `endpoint.url_validation`: the token to sign back, 1 to 512 characters.
struct WireValidationPayload: Decodable {
    let plainToken: String

    private enum Key: String, CodingKey { case plainToken }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let token = try container.decode(String.self, forKey: .plainToken)
        guard (1...512).contains(token.count) else {
            throw WebhookDecodeError.invalidValue(
                path: WirePath.render(container.codingPath + [Key.plainToken]),
                requirement: "a string of 1 to 512 characters")
        }
        plainToken = token
    }
}
