import Foundation
import HTTP1

/// One case of `Corpus/requests.jsonl`. `raw` is read as Latin-1: each character U+0000–U+00FF
/// is one byte, so that any byte sequence can be written readably in JSON.
struct CorpusCase: Decodable, CustomStringConvertible {
    struct Message: Decodable, Equatable {
        var method: String
        var target: String
        var version: String
        var headers: [[String]]
        var body: String
        var keepAlive: Bool
    }

    struct Limits: Decodable {
        var maxTargetBytes: Int?
        var maxHeaderBytes: Int?
        var maxHeaderCount: Int?
        var maxBodyBytes: Int?
        var maxChunkLineBytes: Int?
        var maxChunkExtensionBytes: Int?
    }

    var id: String
    var source: String
    var raw: String
    var expect: String
    var messages: [Message]
    var status: Int?
    var error: String?
    /// A body limit set after each head, as a route would.
    var bodyLimit: Int?
    var limits: Limits?
    var policy_note: String?

    var description: String { id }

    var bytes: [UInt8] {
        raw.unicodeScalars.map { scalar in
            precondition(scalar.value <= 0xFF, "\(id): raw holds a character above U+00FF")
            return UInt8(scalar.value)
        }
    }

    var parserLimits: ParserLimits {
        var l = ParserLimits()
        if let v = limits?.maxTargetBytes { l.maxTargetBytes = v }
        if let v = limits?.maxHeaderBytes { l.maxHeaderBytes = v }
        if let v = limits?.maxHeaderCount { l.maxHeaderCount = v }
        if let v = limits?.maxBodyBytes { l.maxBodyBytes = v }
        if let v = limits?.maxChunkLineBytes { l.maxChunkLineBytes = v }
        if let v = limits?.maxChunkExtensionBytes { l.maxChunkExtensionBytes = v }
        return l
    }

    static func loadAll() throws -> [CorpusCase] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Corpus/requests.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { try decoder.decode(CorpusCase.self, from: Data($0.utf8)) }
    }
}
