import Config
import Crypto

/// Kaltura Sessions (KS) generated here, without a round trip and without sending the admin
/// secret: the format Kaltura's server accepts (`kSessionBase::generateKsV2`) and its Python
/// client writes (`generateSessionV2`).
///
/// fields = http_build_query({privilege k:v…, _e: expiry, _t: type, _u: userId});
/// plain = sha1(rand16 + fields) + rand16 + fields, zero-padded to 16 bytes;
/// KS = base64url("v2|{partnerId}|" + AES-128-CBC(key: sha1(adminSecret)[0..<16], iv: 0, plain)),
/// with `+`→`-`, `/`→`_` and the `=` padding kept. It always starts with `djJ8` ("v2|").
public enum KalturaSession {
    /// Session types: a USER KS acts as its user only; an ADMIN KS may act for anyone.
    public static let userType = 0
    public static let adminType = 2

    /// Builds a KS v2.
    /// - Parameters:
    ///   - expiry: the absolute expiry, in epoch seconds (`_e`).
    ///   - privileges: comma-separated `name:value` (or bare `name`); `*` means `all:*`.
    ///   - random16: 16 random bytes (`Digest.randomBytes(16)`); fixed only in tests.
    public static func v2(partnerID: Int, adminSecret: Secret, userID: String, type: Int, expiry: Int64,
                          privileges: String, random16: [UInt8]) -> String {
        precondition(random16.count == 16, "KS v2 takes exactly 16 random bytes")
        let fieldBytes = Array(FormEncoding.encode(fields(userID: userID, type: type, expiry: expiry,
                                                          privileges: privileges)).utf8)
        let salted = random16 + fieldBytes
        let plain = AES128CBC.zeroPadded(Digest.sha1(salted) + salted)
        // The key is 16 bytes and the input whole blocks: libcrypto has nothing left to refuse.
        let cipher = AES128CBC.encrypt(plain, key: key(adminSecret), iv: zeroIV) ?? []
        return Base64.encode(Array("v2|\(partnerID)|".utf8) + cipher, urlSafe: true)
    }

    /// The ordered fields of a KS v2, as `http_build_query` receives them. A privilege named
    /// twice keeps its first position and its last value, as in a PHP array.
    static func fields(userID: String, type: Int, expiry: Int64, privileges: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        func set(_ key: String, _ value: String) {
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[index].1 = value
            } else {
                pairs.append((key, value))
            }
        }
        for raw in privileges.split(separator: ",", omittingEmptySubsequences: true) {
            var privilege = raw.trimmingASCIISpaces
            if privilege.isEmpty { continue }
            if privilege == "*" { privilege = "all:*" }
            let parts = privilege.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            set(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        set("_e", String(expiry))
        set("_t", String(type))
        set("_u", userID)
        return pairs
    }

    static let zeroIV = [UInt8](repeating: 0, count: 16)

    static func key(_ adminSecret: Secret) -> [UInt8] {
        Array(Digest.sha1(Array(adminSecret.reveal().utf8)).prefix(16))
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (PHP `trim` on a privilege).
    var trimmingASCIISpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
