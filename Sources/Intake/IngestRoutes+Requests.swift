#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP1
import HTTPServer
import Jobs
import Logging
import Zoom

/// The request bodies of `/ingest` and `/backfill`, and the answers both give.
extension IngestRoutes {
    /// A 4xx with its reason.
    struct Refusal: Error {
        let response: Response
        static func bad(_ code: String, _ detail: String) -> Refusal { Refusal(response: .error(.badRequest, code: code, detail: detail)) }
    }

    /// The longest meeting reference accepted (Zoom uuids are 24 characters).
    static let maxMeetingLength = 128

    /// `meeting` of an ingest body: a string (or a JSON integer, for a meeting number) of
    /// base64 characters (`A–Z a–z 0–9 + / =`, and URL-safe `-` `_`).
    static func meeting(in request: Request) -> Result<String, Refusal> {
        struct Body: Decodable {
            let meeting: Value?
            enum Value: Decodable {
                case text(String), number(Int64), other
                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if let text = try? container.decode(String.self) {
                        self = .text(text)
                    } else if let number = try? container.decode(Int64.self) {
                        self = .number(number)
                    } else {
                        self = .other
                    }
                }
            }
        }
        let body: Body
        switch decode(Body.self, request) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let decoded): body = decoded
        }
        let meeting: String
        switch body.meeting {
        case nil: return .failure(.bad("missing_field", "the body has no \"meeting\" (a meeting uuid or numeric meeting id), which is required"))
        case .other?: return .failure(.bad("wrong_type", "\"meeting\" must be a string: a meeting uuid or a numeric meeting id"))
        case .number(let number)?: meeting = String(number)
        case .text(let text)?: meeting = text
        }
        guard isMeetingReference(meeting) else {
            return .failure(.bad("invalid_meeting", "\"meeting\" must be a meeting uuid (up to \(maxMeetingLength) characters of "
                                 + "A-Z a-z 0-9 + / = - _) or a numeric meeting id"))
        }
        return .success(meeting)
    }

    static func isMeetingReference(_ text: String) -> Bool {
        guard (1...maxMeetingLength).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    /// `from` and `to` of a backfill body.
    static func range(in request: Request) -> Result<BackfillRange, Refusal> {
        struct Body: Decodable {
            let from: String?
            let to: String?
        }
        let body: Body
        switch decode(Body.self, request) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let decoded): body = decoded
        }
        guard let from = body.from else { return .failure(.bad("missing_field", "the body has no \"from\" (YYYY-MM-DD), which is required")) }
        guard let to = body.to else { return .failure(.bad("missing_field", "the body has no \"to\" (YYYY-MM-DD), which is required")) }
        do throws(BackfillRangeError) {
            return .success(try BackfillRange(from: from, to: to))
        } catch {
            return .failure(.bad("invalid_range", error.description))
        }
    }

    /// A JSON object body of type `T`; 415 when it is not sent as JSON, 400 when it is not a
    /// JSON object or a field has the wrong type.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) -> Result<T, Refusal> {
        guard WebhookRoutes.isJSON(request.headers["Content-Type"]) else {
            return .failure(Refusal(response: .error(.unsupportedMediaType, detail: "send the body as application/json")))
        }
        guard !request.body.isEmpty else { return .failure(.bad("invalid_json", "the body is empty; send a JSON object")) }
        guard (try? JSONDecoder().decode(JSONObjectProbe.self, from: Data(request.body))) != nil else {
            return .failure(.bad("invalid_json", "the body is not a JSON object"))
        }
        do {
            return .success(try JSONDecoder().decode(T.self, from: Data(request.body)))
        } catch let DecodingError.typeMismatch(_, context) {
            let field = context.codingPath.first?.stringValue ?? "a field"
            return .failure(.bad("wrong_type", "\"\(field)\" must be a string"))
        } catch {
            return .failure(.bad("invalid_json", "the body could not be read as a JSON object"))
        }
    }

    /// Decodes from any JSON object, and only from one.
    private struct JSONObjectProbe: Decodable {
        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: AnyKey.self) }
    }

    // MARK: - Answers

    static let notConfigured = Response.error(
        .serviceUnavailable, code: "zoom_api_not_configured",
        detail: "no Zoom API credentials are configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET "
            + "(a Server-to-Server OAuth app with cloud recording read scopes)",
        headers: [("Retry-After", "3600")])

    /// A failed Zoom API call, mapped once: 404 for a recording Zoom does not have, 503 when
    /// Zoom cannot be reached, is overloaded or refuses our credentials, 502 for any other
    /// answer.
    static func response(for error: ZoomAPIError, meeting: String) -> Response {
        if error.status == 404 {
            return .error(.notFound, code: "recording_not_found", detail: "Zoom has no cloud recording for meeting \(meeting)")
        }
        if error.isCredentialProblem {
            return .error(.serviceUnavailable, code: "zoom_credentials_refused",
                          detail: "Zoom refused the API credentials (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET): \(error.detail)",
                          headers: [("Retry-After", "300")])
        }
        if error.isTransient {
            let seconds = error.retryAfter.map { max(1, Int($0.components.seconds)) } ?? 60
            let unreachable = error.status == nil
            return .error(.serviceUnavailable, code: unreachable ? "zoom_unreachable" : "zoom_unavailable",
                          detail: unreachable ? "the Zoom API cannot be reached: \(error.detail)"
                              : "the Zoom API is unavailable for now: \(error.detail)",
                          headers: [("Retry-After", String(seconds))])
        }
        return .error(HTTPStatus(502), code: "zoom_error", detail: "the Zoom API answered unexpectedly: \(error.detail)")
    }
}
