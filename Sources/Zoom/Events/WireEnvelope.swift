/// The top level of a webhook body: `event` decides how the rest is read. Events we do not
/// handle are not read further, so their payloads cannot fail the delivery.
struct WireEnvelope: Decodable {
    let webhook: ZoomWebhook

    private enum Key: String, CodingKey {
        case event, payload
        case eventTimestamp = "event_ts"
        case downloadToken = "download_token"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let event = try container.decode(String.self, forKey: .event)
        if event == "endpoint.url_validation" {
            let payload = try container.decode(WireValidationPayload.self, forKey: .payload)
            webhook = .urlValidation(plainToken: payload.plainToken)
            return
        }
        guard let kind = RecordingEvent.Kind(rawValue: event) else {
            webhook = .other(event: event)
            return
        }
        let timestamp = try container.decode(WireInteger.self, forKey: .eventTimestamp).value
        let token = try container.decodeIfPresent(String.self, forKey: .downloadToken)
        let payload = try container.decode(WireRecordingPayload.self, forKey: .payload)
        webhook = .recording(RecordingEvent(
            kind: kind, eventTimestamp: timestamp, downloadToken: token,
            accountID: payload.accountID ?? payload.object.accountID, meeting: payload.object.meeting))
    }
}
