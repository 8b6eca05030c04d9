import Crypto

/// Zoom's `x-zm-signature` scheme in one place: the verifier checks it, tests and simulators
/// produce it. `v0=` + lowercase hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`).
package enum WebhookSignature {
    /// The scheme prefix, the only version Zoom sends.
    static let prefix: [UInt8] = Array("v0=".utf8)

    /// The header value Zoom would send for `body` at `timestamp` (the header, verbatim).
    package static func header(key: [UInt8], timestamp: String, body: [UInt8]) -> String {
        "v0=" + Digest.hex(mac(key: key, timestamp: timestamp, body: body))
    }

    /// The raw 32-byte MAC over `v0:{timestamp}:{body}`; the body is hashed as received.
    static func mac(key: [UInt8], timestamp: String, body: [UInt8]) -> [UInt8] {
        var message = [UInt8]()
        message.reserveCapacity(4 + timestamp.utf8.count + body.count)
        message.append(contentsOf: "v0:".utf8)
        message.append(contentsOf: timestamp.utf8)
        message.append(UInt8(ascii: ":"))
        message.append(contentsOf: body)
        return Digest.hmacSHA256(key: key, message: message)
    }

    /// The 32 MAC bytes of a header value, or nil unless it is exactly `v0=` and 64 lowercase
    /// hex digits (what Zoom sends; no whitespace, no uppercase, no other version).
    static func parse(_ header: String) -> [UInt8]? {
        let bytes = Array(header.utf8)
        guard bytes.count == prefix.count + 64, bytes.starts(with: prefix) else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(32)
        var index = prefix.count
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
