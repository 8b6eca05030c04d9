#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `recording.completed` webhook Zoom would have sent for a recording, made from the
/// recordings API's answer: for missed webhooks and recordings older than the service
/// (`POST /ingest`, backfill). Stored as a job's payload it decodes exactly as a delivered
/// webhook does, with the same segments and dedupe keys, so that ingesting a recording the
/// webhook already brought (or ingesting it twice) stores nothing new.
///
/// The body: `{"download_token": <download_access_token>, "event": "recording.completed",
/// "event_ts": <ms>, "payload": {"account_id": …, "object": <the API's recording object>}}`;
/// the object keeps every field the API sent except `download_access_token`, which moves to
/// the top level as in a webhook. The body holds a credential: never log it.
public struct APIRecordingWebhook: Sendable, Equatable, CustomStringConvertible {
    /// The webhook body, compact JSON with sorted keys.
    public let body: [UInt8]
    /// The body, decoded as the worker will decode it.
    public let event: RecordingEvent

    /// - Parameters:
    ///   - answer: the body of `GET /meetings/{id}/recordings?include_fields=download_access_token`.
    ///   - accountID: `payload.account_id` when the object carries no `account_id`.
    ///   - eventTimestamp: `event_ts`, epoch milliseconds.
    /// - Returns: the webhook, or why the answer is not a recording.
    public static func make(fromAPIAnswer answer: [UInt8], accountID: String,
                            eventTimestamp: Int64) -> Result<APIRecordingWebhook, WebhookDecodeError> {
        guard case .object(var object)? = try? JSONDecoder().decode(WireJSON.self, from: Data(answer)) else {
            return .failure(.wrongType(path: "", expected: "a JSON object"))
        }
        let token = object.removeValue(forKey: "download_access_token")?.string
        var envelope: [String: WireJSON] = [
            "event": .string(RecordingEvent.Kind.completed.rawValue),
            "event_ts": .int(eventTimestamp),
            "payload": .object(["account_id": .string(object["account_id"]?.string ?? accountID), "object": .object(object)]),
        ]
        if let token { envelope["download_token"] = .string(token) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(WireJSON.object(envelope)) else {
            return .failure(.invalidJSON("it could not be re-encoded"))
        }
        let body = Array(data)
        switch WebhookDecoder.decode(body) {
        case .success(.recording(let event)): return .success(APIRecordingWebhook(body: body, event: event))
        case .success: return .failure(.invalidJSON("it does not make a recording event"))
        case .failure(let error): return .failure(error)
        }
    }

    public var description: String { "webhook from the API: \(event)" }
}
