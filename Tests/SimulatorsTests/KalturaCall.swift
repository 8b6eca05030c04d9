import Foundation
import HTTPClient
import Simulators

/// Raw Kaltura API calls for the tests: exactly the wire protocol, no client library.
struct KalturaCall {
    let simulator: KalturaSimulator
    let client = HTTPClient()

    func url(_ service: String, _ action: String, query: String = "") -> String {
        simulator.baseURL + "/api_v3/service/\(service)/action/\(action)" + (query.isEmpty ? "" : "?\(query)")
    }

    /// A JSON call with `format: 1`; returns the decoded result (object, string or NSNull).
    func json(_ service: String, _ action: String, _ params: [String: Any], contentType: String = "application/json",
              query: String = "") throws -> Any {
        var body = params
        body["format"] = 1
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try client.send(HTTPRequest(method: "POST", url: url(service, action, query: query),
                                                   headers: [HTTPHeader("Content-Type", contentType),
                                                             HTTPHeader("Accept", "application/json")],
                                                   body: .bytes(Array(data))))
        return try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
    }

    func object(_ service: String, _ action: String, _ params: [String: Any], contentType: String = "application/json",
                query: String = "") throws -> [String: Any] {
        try json(service, action, params, contentType: contentType, query: query) as? [String: Any] ?? [:]
    }

    func adminKS() throws -> String {
        let ks = try json("session", "start", ["secret": simulator.adminSecret, "partnerId": simulator.partnerID, "type": 2])
        return ks as? String ?? ""
    }

    /// `uploadToken.upload` as multipart: plain fields plus the `fileData` file part.
    func upload(ks: String, token: String, data: [UInt8], resume: Bool, finalChunk: Bool, resumeAt: Int) throws -> [String: Any] {
        let parts: [MultipartPart] = [
            .field("format", "1"), .field("ks", ks), .field("uploadTokenId", token), .field("resume", resume ? "1" : "0"),
            .field("finalChunk", finalChunk ? "1" : "0"), .field("resumeAt", String(resumeAt)),
            MultipartPart(name: "fileData", filename: "chunk.mp4", contentType: "application/octet-stream", data: data),
        ]
        let response = try client.send(HTTPRequest(method: "POST", url: url("uploadToken", "upload"), body: .multipart(parts)))
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }
}
