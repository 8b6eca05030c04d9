import TestSupport
import HTTP1
import HTTPClient
@testable import HTTPServer
@testable import Kaltura
import Logging
import Synchronization

/// An in-process Kaltura stand-in on 127.0.0.1 (a free port) that records every request and
/// answers through the test's closure: enough to check what the client sends and how it reads
/// the answers. Stopped by `stop()` at the end of each test.
final class FakeKaltura: Sendable {
    /// One request as the server received it.
    struct Recorded: Sendable {
        var target: String
        var contentType: String?
        var service: String
        var action: String
        var body: [UInt8]
        /// The parsed JSON body, for JSON requests.
        var json: JSONValue?
        /// The parts, for multipart requests.
        var parts: [FormPart]

        var text: String { String(decoding: body, as: UTF8.self) }
        func part(_ name: String) -> FormPart? { parts.first { $0.name == name } }
    }

    /// One multipart part.
    struct FormPart: Sendable, Equatable {
        var name: String
        var filename: String?
        var contentType: String?
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    let loopback: LoopbackServer
    private let log: RequestLog
    var base: String { loopback.baseURL }

    /// - Parameter respond: the answer to a request, given it and how many requests for the
    ///   same service.action came before it (0 for the first).
    init(respond: @escaping @Sendable (Recorded, Int) -> Response) throws {
        var router = Router()
        let log = RequestLog()
        self.log = log
        router.add("POST", "/api_v3/service/{service}/action/{action}", bodyLimit: 8 << 20) { request, _ in
            let recorded = Self.record(request)
            let previous = log.entries.withLock { entries in
                let count = entries.filter { $0.service == recorded.service && $0.action == recorded.action }.count
                entries.append(recorded)
                return count
            }
            return .now(respond(recorded, previous))
        }
        loopback = try LoopbackServer(router: router) { configuration in
            configuration.eventLoops = 1
            configuration.limits.maxBodyBytes = 8 << 20
        }
    }

    func stop() { loopback.stop() }

    var requests: [Recorded] { log.entries.withLock { $0 } }

    func requests(_ service: String, _ action: String) -> [Recorded] {
        requests.filter { $0.service == service && $0.action == action }
    }

    private static func record(_ request: Request) -> Recorded {
        let contentType = request.headers["Content-Type"]
        var json: JSONValue?
        var parts: [FormPart] = []
        if contentType == "application/json" {
            json = try? JSONParser.parse(request.body)
        } else if let contentType, let boundary = Self.boundary(contentType) {
            parts = Self.parts(request.body, boundary: boundary)
        }
        return Recorded(target: request.head.target, contentType: contentType,
                        service: request.pathParameters["service"] ?? "", action: request.pathParameters["action"] ?? "",
                        body: request.body, json: json, parts: parts)
    }

    private static func boundary(_ contentType: String) -> String? {
        guard contentType.hasPrefix("multipart/form-data"), let range = contentType.firstRange(of: "boundary=") else {
            return nil
        }
        return String(contentType[range.upperBound...]).trimmingCharacters(in: "\"")
    }

    /// A small multipart/form-data reader: enough for libcurl's output.
    private static func parts(_ body: [UInt8], boundary: String) -> [FormPart] {
        let delimiter = Array("--\(boundary)".utf8)
        var pieces: [[UInt8]] = []
        var start: Int?
        var index = 0
        while index + delimiter.count <= body.count {
            if body[index..<index + delimiter.count].elementsEqual(delimiter) {
                if let start { pieces.append(Array(body[start..<index])) }
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        var parts: [FormPart] = []
        let separator = Array("\r\n\r\n".utf8)
        for piece in pieces {
            guard let headEnd = firstIndex(of: separator, in: piece) else { continue }
            let head = String(decoding: piece[0..<headEnd], as: UTF8.self)
            var data = Array(piece[(headEnd + 4)...])
            if data.suffix(2) == [13, 10] { data.removeLast(2) }   // the CRLF before the next delimiter
            var part = FormPart(name: "", data: data)
            for line in head.split(separator: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    part.name = attribute("name", in: String(line)) ?? ""
                    part.filename = attribute("filename", in: String(line))
                } else if lower.hasPrefix("content-type:") {
                    part.contentType = String(line.dropFirst("content-type:".count)).trimmingCharacters(in: " ")
                }
            }
            parts.append(part)
        }
        return parts
    }

    private static func attribute(_ name: String, in line: String) -> String? {
        guard let range = line.firstRange(of: " \(name)=\"") ?? line.firstRange(of: ";\(name)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set || text.first == " " { text = text.dropFirst() }
        while text.last == set || text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

extension Response {
    /// A Kaltura answer: HTTP 200 with a JSON body, as Kaltura sends results and errors alike.
    static func kaltura(_ json: String) -> Response {
        .json(.ok, Array(json.utf8))
    }

    /// The KS `session.start` returns for its `n`-th call (0-based).
    static func session(_ n: Int) -> Response { .kaltura("\"\(FakeKaltura.ks(n))\"") }
}

extension FakeKaltura {
    static func ks(_ n: Int) -> String { "djJ8fakeKS\(n)AAAA" }

    static let secret = "f00dfacef00dfacef00dfacef00dface"

    static func credentials(_ base: String, mode: KalturaCredentials.SessionMode = .remote) -> KalturaCredentials {
        KalturaCredentials(serviceURL: base + "/", partnerID: 4242, adminSecret: .init(secret), sessionMode: mode)
    }

    static let mediaJSON = """
        {"mediaType":1,"sourceType":"1","id":"0_abc123","name":"Weekly sync","partnerId":4242,"userId":"alice",\
        "referenceId":"zoom:u1:2024","status":7,"tags":"zoom","adminTags":"z2k","objectType":"KalturaMediaEntry"}
        """

    static func uploadTokenJSON(status: Int, uploaded: Int64? = nil) -> String {
        let uploadedField = uploaded.map { ",\"uploadedFileSize\":\($0)" } ?? ""
        return """
            {"id":"0_tok1","partnerId":4242,"status":\(status),"fileName":"a.mp4","fileSize":1000\(uploadedField),\
            "objectType":"KalturaUploadToken"}
            """
    }
}

/// The requests a `FakeKaltura` received, shared between its handler and the test.
final class RequestLog: Sendable {
    let entries = Mutex<[FakeKaltura.Recorded]>([])
}

/// Epoch seconds that a test moves by hand.
final class ManualClock: Sendable {
    private let now: Atomic<Int64>
    init(_ start: Int64) { now = Atomic(start) }
    func advance(_ seconds: Int64) { now.add(seconds, ordering: .relaxed) }
    var read: @Sendable () -> Int64 { { [self] in now.load(ordering: .relaxed) } }
}
