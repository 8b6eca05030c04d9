import Config
import Crypto

extension KalturaSession {
    /// A KS v2 opened with the admin secret: what the server would read from it. Used by tests
    /// and by simulators; the client itself never needs to open its own KS.
    public struct DecodedV2: Sendable, Equatable {
        public var partnerID: Int
        public var random: [UInt8]
        /// In the order written: privileges, then `_e`, `_t`, `_u`.
        public var fieldNames: [String]
        public var fields: [String: String]

        public var expiry: Int64? { fields["_e"].flatMap { Int64($0) } }
        public var type: Int? { fields["_t"].flatMap { Int($0) } }
        public var userID: String? { fields["_u"] }
    }

    /// Opens a KS v2: checks the `v2|pid|` prefix, decrypts, verifies the SHA-1, strips the zero
    /// padding (as `kSessionBase` does with `rtrim`). nil when any step fails (wrong secret, not a v2).
    public static func decodeV2(_ ks: String, adminSecret: Secret) -> DecodedV2? {
        guard let decoded = Base64.decode(ks) else { return nil }
        let parts = decoded.split(separator: UInt8(ascii: "|"), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual(Array("v2".utf8)),
              let partnerID = Int(String(decoding: parts[1], as: UTF8.self)),
              let plainPadded = AES128CBC.decrypt(Array(parts[2]), key: key(adminSecret), iv: zeroIV) else { return nil }
        var plain = plainPadded
        while plain.last == 0 { plain.removeLast() }
        guard plain.count >= 36 else { return nil }
        let hash = Array(plain[0..<20])
        let salted = Array(plain[20...])
        guard Digest.sha1(salted) == hash,
              let pairs = FormEncoding.decode(String(decoding: salted[16...], as: UTF8.self)) else { return nil }
        var fields: [String: String] = [:]
        for (key, value) in pairs { fields[key] = value }
        return DecodedV2(partnerID: partnerID, random: Array(salted[0..<16]), fieldNames: pairs.map(\.0), fields: fields)
    }
}
