import Crypto
import Foundation

/// A Kaltura session as the server understands it, and the KS v2 format (kSessionBase):
/// `"v2|{pid}|" + AES-128-CBC(key = sha1(adminSecret)[0:16], IV 0, zero padding)` of
/// `sha1(rand16 + fields) + rand16 + fields`, URL-safe base64. `session.start` issues the
/// same format, so sessions the simulator issues and those a client generates locally are
/// checked by one path.
struct KalturaSession: Sendable, Equatable {
    var partnerID: Int
    /// 0 USER, 2 ADMIN.
    var type: Int
    var userID: String
    /// Absolute expiry, epoch seconds.
    var expiry: Int64
    var privileges: [String: String]
    /// The KS string this session came from.
    var raw = ""

    var isAdmin: Bool { type == 2 }
}

/// Why a KS was refused: the INVALID_KS code and description.
struct KSFailure: Error, Equatable {
    var code: Int
    var description: String
}

enum KalturaKS {
    static func encodeV2(_ session: KalturaSession, adminSecret: String) -> String {
        var fields = session.privileges.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        fields += [("_e", String(session.expiry)), ("_t", String(session.type)), ("_u", session.userID)]
        let encoded = fields.map { "\(FormEncoding.percentEncode($0.0))=\(FormEncoding.percentEncode($0.1))" }
            .joined(separator: "&")
        let random = Digest.randomBytes(16)
        let body = random + Array(encoded.utf8)
        let plain = Digest.sha1(body) + body
        let key = Array(Digest.sha1(Array(adminSecret.utf8)).prefix(16))
        let cipher = AES128CBC.encrypt(AES128CBC.zeroPadded(plain), key: key, iv: [UInt8](repeating: 0, count: 16)) ?? []
        return urlSafeBase64(Array("v2|\(session.partnerID)|".utf8) + cipher)
    }

    /// Decodes and verifies a KS v2; `secrets` are tried in order (admin, then user secret).
    static func decodeV2(_ ks: String, partnerID: Int, secrets: [String], now: Int64) -> Result<KalturaSession, KSFailure> {
        guard let raw = fromURLSafeBase64(ks), raw.count > 5, raw.starts(with: Array("v2|".utf8)) else {
            return .failure(KSFailure(code: -1, description: "INVALID_STR"))
        }
        let afterVersion = raw.dropFirst(3)
        guard let bar = afterVersion.firstIndex(of: UInt8(ascii: "|")) else {
            return .failure(KSFailure(code: -1, description: "INVALID_STR"))
        }
        guard let pid = Int(String(decoding: afterVersion[afterVersion.startIndex..<bar], as: UTF8.self)), pid == partnerID else {
            return .failure(KSFailure(code: -2, description: "INVALID_PARTNER"))
        }
        let cipher = Array(raw[(bar + 1)...])
        for secret in secrets {
            let key = Array(Digest.sha1(Array(secret.utf8)).prefix(16))
            guard var plain = AES128CBC.decrypt(cipher, key: key, iv: [UInt8](repeating: 0, count: 16)), plain.count > 36 else { continue }
            while plain.last == 0 { plain.removeLast() }
            guard plain.count >= 36 else { continue }
            let hash = Array(plain[0..<20])
            let body = Array(plain[20...])
            guard Digest.sha1(body) == hash else { continue }
            let fields = FormEncoding.pairs(Substring(String(decoding: body.dropFirst(16), as: UTF8.self)))
            var session = KalturaSession(partnerID: pid, type: 0, userID: "", expiry: 0, privileges: [:])
            for (name, value) in fields {
                switch name {
                case "_e": session.expiry = Int64(value) ?? 0
                case "_t": session.type = Int(value) ?? 0
                case "_u": session.userID = value
                default: session.privileges[name] = value
                }
            }
            guard session.expiry > now else { return .failure(KSFailure(code: -5, description: "EXPIRED")) }
            return .success(session)
        }
        return .failure(KSFailure(code: -1, description: "INVALID_STR"))
    }

    static func urlSafeBase64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    static func fromURLSafeBase64(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map { Array($0) }
    }
}
