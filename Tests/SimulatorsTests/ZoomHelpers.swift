import Foundation
import HTTPClient
import Simulators

/// Raw Zoom calls for the tests: OAuth, the recordings API, a download URL without following.
struct ZoomCall {
    let zoom: ZoomSimulator
    let client = HTTPClient()

    func accessToken() throws -> String {
        let basic = Data("\(zoom.clientID):\(zoom.clientSecret)".utf8).base64EncodedString()
        let response = try client.send(HTTPRequest(
            method: "POST", url: zoom.baseURL + "/oauth/token?grant_type=account_credentials&account_id=\(zoom.accountID)",
            headers: [HTTPHeader("Authorization", "Basic \(basic)")]))
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return body?["access_token"] as? String ?? ""
    }

    /// `{method} /v2/meetings/{uuid}/recordings{suffix}` with a fresh access token; `uuid` as
    /// it goes in the path.
    func api(_ method: String, _ uuid: String, suffix: String = "") throws -> HTTPResponse {
        try client.send(HTTPRequest(method: method, url: zoom.baseURL + "/v2/meetings/\(uuid)/recordings\(suffix)",
                                    headers: [HTTPHeader("Authorization", "Bearer \(try accessToken())")]))
    }

    /// The download URL's answer, not followed.
    func download(_ fileID: String, token: String) throws -> HTTPResponse {
        try client.send(HTTPRequest(url: zoom.baseURL + "/rec/webhook_download/\(fileID)",
                                    headers: [HTTPHeader("Authorization", "Bearer \(token)")]))
    }

    /// The file's bytes through the redirect and the CDN, with an optional `Range: bytes=N-`.
    func fetch(_ fileID: String, token: String, from offset: Int? = nil) throws -> (cdn: HTTPResponse, bytes: [UInt8]) {
        let redirect = try download(fileID, token: token)
        guard let location = redirect.header("Location") else { return (redirect, redirect.body) }
        return try cdn(location, from: offset)
    }

    func cdn(_ location: String, from offset: Int? = nil) throws -> (cdn: HTTPResponse, bytes: [UInt8]) {
        var bytes: [UInt8] = []
        let headers = offset.map { [HTTPHeader("Range", "bytes=\($0)-")] } ?? []
        let response = try client.stream(HTTPRequest(url: location, headers: headers), onHead: { _ in true },
                                         onData: { bytes.append(contentsOf: $0); return true })
        return (response, bytes)
    }

    static func json(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}
