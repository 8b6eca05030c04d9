import HTTPClient

/// What one call sends: parameters as a JSON object, or form fields and a file part.
enum RequestBody {
    case json(JSONValue)
    case multipart([MultipartPart])
}

extension KalturaClient {
    /// Sends one request and decodes the answer: a non-200 status, a body that is not JSON or a
    /// `KalturaAPIException` become a `KalturaError`; anything else is the action's result.
    /// - Parameter ks: the KS the body carries (nil for `session.start`), removed from any
    ///   server message before it can reach an error description.
    func perform(_ service: String, _ action: String, body: RequestBody, ks: String?) throws(KalturaError) -> JSONValue {
        let url = "\(credentials.baseURL)/api_v3/service/\(service)/action/\(action)"
        var request = HTTPRequest(method: "POST", url: url, headers: [HTTPHeader("Accept", "application/json")],
                                  timeouts: timeouts)
        switch body {
        case .json(let value):
            request.headers.append(HTTPHeader("Content-Type", "application/json"))
            request.body = .bytes(value.serialized)
        case .multipart(let parts):
            request.body = .multipart(parts)
        }
        let response: HTTPResponse
        do {
            response = try http.send(request)
        } catch {
            throw .transport(error)
        }
        guard response.status == 200 else {
            throw .http(status: response.status, retryAfter: Self.retryAfter(response.header("Retry-After")))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(response.body)
        } catch {
            throw .invalidResponse("\(service).\(action) answered \(response.body.count) bytes that are not JSON (\(error.reason))")
        }
        if let exception = apiError(in: value, ks: ks) { throw exception }
        return value
    }

    /// The error a `KalturaAPIException` body describes, with the KS and the admin secret
    /// replaced in its message and arguments; nil for any other body.
    func apiError(in value: JSONValue, ks: String?) -> KalturaError? {
        guard case .object(let members) = value else { return nil }
        let objectType = members["objectType"]?.string
        let isException = objectType == "KalturaAPIException"
            || (objectType == nil && members["code"]?.string != nil && members["message"] != nil)
        guard isException else { return nil }
        var arguments: [String: String] = [:]
        for (name, argument) in members["args"]?.object ?? [:] {
            if let text = argument.string { arguments[name] = scrubbed(text, ks: ks) }
        }
        return .api(code: members["code"]?.string ?? "UNKNOWN", message: scrubbed(members["message"]?.string ?? "", ks: ks),
                    arguments: arguments)
    }

    /// `text` without the KS or the admin secret.
    func scrubbed(_ text: String, ks: String?) -> String {
        var out = text
        let secret = credentials.adminSecret.reveal()
        if !secret.isEmpty { out = out.replacing(secret, with: "<secret>") }
        if let ks, !ks.isEmpty { out = out.replacing(ks, with: "<ks>") }
        return out
    }

    /// `Retry-After` in seconds; nil when absent or an HTTP date (not worth a date parser here).
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Int64(value.filter { $0 != " " && $0 != "\t" }), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}
