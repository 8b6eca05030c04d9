#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Config
import HTTP1
import HTTPClient
import Synchronization

/// Zoom's REST API with a Server-to-Server OAuth app: the access token is cached and renewed
/// a minute before it expires (Zoom's tokens last an hour; there is no refresh token), and a
/// 401 drops it and tries once more with a new one.
public final class ZoomAPIClient: Sendable {
    public struct Credentials: Sendable {
        public var accountID: String
        public var clientID: String
        public var clientSecret: Secret
        public var apiURL: String
        public var oauthURL: String

        public init(accountID: String, clientID: String, clientSecret: Secret, apiURL: String, oauthURL: String) {
            self.accountID = accountID
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.apiURL = apiURL
            self.oauthURL = oauthURL
        }
    }

    /// A recording's files with a fresh download token, from the recordings API.
    public struct Recording: Sendable, Equatable {
        public var meeting: Meeting
        public var downloadToken: String?
    }

    let credentials: Credentials
    let http: HTTPClient
    private let now: @Sendable () -> Int64
    /// The cached access token (internal: the extensions' requests share it).
    let token = Mutex<(value: String, expires: Int64)?>(nil)

    /// - Parameter now: epoch seconds (tests pass a manual clock).
    public init(credentials: Credentials, http: HTTPClient, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.credentials = credentials
        self.http = http
        self.now = now
    }

    /// `POST /oauth/token?grant_type=account_credentials&account_id=…`, cached.
    public func accessToken() throws(ZoomAPIError) -> String {
        if let cached = token.withLock({ $0 }), cached.expires - 60 > now() { return cached.value }
        let basic = Data("\(credentials.clientID):\(credentials.clientSecret.reveal())".utf8).base64EncodedString()
        let url = "\(credentials.oauthURL)?grant_type=account_credentials&account_id=\(Self.percentEncode(credentials.accountID))"
        let request = HTTPRequest(method: "POST", url: url, headers: [HTTPHeader("Authorization", "Basic \(basic)")])
        let response: HTTPResponse
        do throws(HTTPClientError) { response = try http.send(request, maxBodyBytes: 64 << 10) } catch { throw .transport(error) }
        guard response.status == 200 else { throw .answer(response, what: "OAuth token") }
        struct Answer: Decodable {
            let access_token: String
            let expires_in: Int64
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
            throw ZoomAPIError(status: 200, transient: false, detail: "OAuth token: the answer has no access_token/expires_in")
        }
        token.withLock { $0 = (answer.access_token, now() + answer.expires_in) }
        return answer.access_token
    }

    /// `GET /meetings/{uuid}/recordings?include_fields=download_access_token`: the files with
    /// fresh download URLs and token, for when the webhook's 24-hour token has expired.
    public func recording(meetingUUID: String) throws(ZoomAPIError) -> Recording {
        let url = "\(credentials.apiURL)/meetings/\(Self.encodeMeetingUUID(meetingUUID))/recordings"
            + "?include_fields=download_access_token&ttl=86400"
        var retried = false
        while true {
            let request = HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("Authorization", "Bearer \(try accessToken())")])
            let response: HTTPResponse
            do throws(HTTPClientError) { response = try http.send(request, maxBodyBytes: 4 << 20) } catch { throw .transport(error) }
            if response.status == 401, !retried {
                token.withLock { $0 = nil }  // revoked or expired early: one new token, one retry
                retried = true
                continue
            }
            guard response.status == 200 else { throw .answer(response, what: "recordings of a meeting") }
            guard let answer = try? JSONDecoder().decode(WireAPIRecording.self, from: Data(response.body)) else {
                throw ZoomAPIError(status: 200, transient: false, detail: "recordings of a meeting: the answer is not a recording")
            }
            return Recording(meeting: answer.object.meeting, downloadToken: answer.downloadToken)
        }
    }

    /// `DELETE /meetings/{uuid}/recordings?action=trash`: moves every file of the meeting to
    /// Zoom's trash (recoverable for 30 days), after a verified copy when the policy asks for it;
    /// with `fileID`, `DELETE /meetings/{uuid}/recordings/{fileID}?action=trash` trashes that
    /// file only (as Kaltura's integration does, keeping what was not copied).
    /// 204 is success; so is 404, since a recording that is already gone (trashed by a previous
    /// attempt whose answer was lost, or by its host) is what this call wants.
    public func trashRecording(meetingUUID: String, fileID: String? = nil) throws(ZoomAPIError) {
        let file = fileID.map { "/" + Self.percentEncode($0) } ?? ""
        let url = "\(credentials.apiURL)/meetings/\(Self.encodeMeetingUUID(meetingUUID))/recordings\(file)?action=trash"
        var retried = false
        while true {
            let request = HTTPRequest(method: "DELETE", url: url,
                                      headers: [HTTPHeader("Authorization", "Bearer \(try accessToken())")])
            let response: HTTPResponse
            do throws(HTTPClientError) { response = try http.send(request, maxBodyBytes: 64 << 10) } catch { throw .transport(error) }
            switch response.status {
            case 200..<300, 404:
                return
            case 401 where !retried:
                token.withLock { $0 = nil }  // revoked or expired early: one new token, one retry
                retried = true
            default:
                throw .answer(response, what: "trash a recording")
            }
        }
    }

    /// A meeting uuid for a URL path: encoded twice when it holds a `/`, otherwise once. Zoom's
    /// docs ask for two when it starts with `/` or contains `//`; a lone `%2F` may be decoded
    /// before routing, and a uuid encoded twice is decoded twice, so two for any `/` is the safe
    /// rule (zoom-facts §2's vectors include a lone `/`; ZIP always encodes twice).
    public static func encodeMeetingUUID(_ uuid: String) -> String {
        let once = percentEncode(uuid)
        return uuid.contains("/") ? percentEncode(once) : once
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func percentEncode(_ text: String) -> String { PercentEncoding.encode(text) }
}

/// The recordings API's answer: the recording object at the top level plus the token.
struct WireAPIRecording: Decodable {
    let object: WireRecordingObject
    let downloadToken: String?

    private enum Key: String, CodingKey { case downloadToken = "download_access_token" }

    init(from decoder: any Decoder) throws {
        object = try WireRecordingObject(from: decoder)
        downloadToken = try decoder.container(keyedBy: Key.self).decodeIfPresent(String.self, forKey: .downloadToken)
    }
}
