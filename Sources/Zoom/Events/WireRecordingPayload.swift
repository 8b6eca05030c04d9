/// `payload` of a recording event: the account and the recorded meeting.
struct WireRecordingPayload: Decodable {
    let accountID: String?
    let object: WireRecordingObject

    private enum Key: String, CodingKey {
        case object
        case accountID = "account_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        accountID = try container.decodeIfPresent(String.self, forKey: .accountID)
        object = try container.decode(WireRecordingObject.self, forKey: .object)
    }
}
