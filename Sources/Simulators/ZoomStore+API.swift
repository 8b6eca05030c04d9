import Foundation
import HTTP1
import HTTPServer

/// Server-to-server OAuth and the recordings API, with Zoom's status codes and error bodies.
extension ZoomStore {
    /// `POST /oauth/token`: `grant_type=account_credentials&account_id=…` in the query or a form
    /// body, client credentials in `Authorization: Basic`.
    func token(_ request: Request) -> Response {
        var parameters = FormEncoding.pairs(request.head.query ?? "")
        if let type = request.headers["Content-Type"], type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            parameters += FormEncoding.pairs(Substring(String(decoding: request.body, as: UTF8.self)))
        }
        let rateLimited: Int? = state.withLock { state in
            state.counters.tokenRequests += 1
            let retry = state.rateLimit.take()
            if retry != nil { count(fault: "rateLimit", in: &state) }
            return retry
        }
        if let rateLimited { return Self.rateLimited(retryAfter: rateLimited) }
        guard let credentials = Self.basicCredentials(request), credentials == (clientID, clientSecret) else {
            return .json(.unauthorized, Array(#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#.utf8))
        }
        let value = { (name: String) in parameters.first { $0.0 == name }?.1 }
        guard value("grant_type") == "account_credentials" else {
            return .json(.badRequest, Array(#"{"reason":"Unsupported grant type","error":"unsupported_grant_type"}"#.utf8))
        }
        guard value("account_id") == accountID else {
            return .json(.badRequest, Array(#"{"reason":"Invalid request : Account does not exist","error":"invalid_request"}"#.utf8))
        }
        let token = Self.randomToken("zsim-at-")
        state.withLock { $0.accessTokens[token] = Self.now() + tokenLifetime }
        return .json(.ok, SimJSON.encode([
            "access_token": token, "token_type": "bearer", "expires_in": Int(tokenLifetime),
            "scope": "cloud_recording:read:list_recording_files:admin cloud_recording:delete:recording_file:admin user:read:user:admin",
            "api_url": baseURL,
        ] as [String: Any]))
    }

    static func basicCredentials(_ request: Request) -> (String, String)? {
        guard let value = request.headers["Authorization"], value.count > 6,
              equalsCaseInsensitive(String(value.prefix(6)), "Basic "),
              let data = Data(base64Encoded: String(value.dropFirst(6))) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Checks the bearer access token and the rate limit shared by every API call.
    func admitAPICall(_ request: Request) -> Response? {
        let token = Self.bearer(request)
        let now = Self.now()
        return state.withLock { state -> Response? in
            state.counters.apiCalls += 1
            if let retry = state.rateLimit.take() {
                count(fault: "rateLimit", in: &state)
                return Self.rateLimited(retryAfter: retry)
            }
            guard let token, let expires = state.accessTokens[token], expires > now else {
                return .json(.unauthorized, Array(#"{"code":124,"message":"Invalid access token."}"#.utf8))
            }
            return nil
        }
    }

    /// The meeting uuid from a path segment, as Zoom resolves it: decoded once by the web server,
    /// where a `/` would have split the path (so a uuid with `/` must be double-encoded), then
    /// once more when the result is still encoded.
    static func meetingUUID(fromSegment raw: String) -> String? {
        let once = FormEncoding.percentDecode(raw)
        if once.contains("/") { return nil }
        return once.contains("%") ? FormEncoding.percentDecode(once) : once
    }

    static let notFound = Response.json(.notFound, Array(#"{"code":3301,"message":"This recording does not exist."}"#.utf8))

    /// `GET /v2/meetings/{uuid or meeting id}/recordings[?include_fields=download_access_token]`.
    func recordings(_ request: Request) -> Response {
        if let refused = admitAPICall(request) { return refused }
        guard let segment = Self.meetingUUID(fromSegment: request.pathParameters["uuid"] ?? ""),
              let recording = self.recording(meeting: segment) else { return Self.notFound }
        let uuid = recording.uuid
        let query = FormEncoding.pairs(request.head.query ?? "")
        var body = recording.json(base: baseURL, downloadPath: "rec/download", accountID: accountID)
        let fields = query.filter { $0.0 == "include_fields" }.flatMap { $0.1.split(separator: ",") }
        if fields.contains("download_access_token") {
            body["download_access_token"] = issueDownloadToken(uuid: uuid)
        }
        return .json(.ok, SimJSON.encode(body))
    }

    /// `DELETE /v2/meetings/{uuid}/recordings[/{fileID}]?action=trash|delete`: 204.
    func deleteRecording(_ request: Request) -> Response {
        if let refused = admitAPICall(request) { return refused }
        guard let uuid = Self.meetingUUID(fromSegment: request.pathParameters["uuid"] ?? "") else { return Self.notFound }
        let fileID = request.pathParameters["fileID"].map { FormEncoding.percentDecode($0) }
        let found: Bool = state.withLock { state in
            guard var recording = state.recordings[uuid], !recording.trashed else { return false }
            if let fileID {
                guard recording.files.contains(where: { $0.id == fileID }) else { return false }
                recording.files.removeAll { $0.id == fileID }
                state.fileOwners[fileID] = nil
                state.counters.deletions.append("\(uuid)/\(fileID)")
            } else {
                recording.trashed = true
                state.counters.deletions.append(uuid)
            }
            state.recordings[uuid] = recording
            return true
        }
        return found ? Response(status: .noContent) : Self.notFound
    }
}
