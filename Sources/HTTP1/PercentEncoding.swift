/// Percent-encoding (RFC 3986 §2.1) and its form variant: the one implementation the Zoom and
/// Kaltura clients, the admin routes and the simulators share. Pure; upper-case hex out,
/// either case in.
public enum PercentEncoding {
    /// RFC 3986's unreserved characters: letters, digits, `-._~`.
    @inlinable public static func isUnreserved(_ byte: UInt8) -> Bool {
        isFormSafe(byte) || byte == UInt8(ascii: "~")
    }

    /// What PHP's `http_build_query` keeps (Kaltura's KS fields are built with it): letters,
    /// digits, `-_.`.
    @inlinable public static func isFormSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    /// `text` with every byte that `keep` refuses written `%XX`; with `spaceAsPlus`, a space
    /// is `+` (form bodies).
    public static func encode(_ text: String, keeping keep: (UInt8) -> Bool = isUnreserved, spaceAsPlus: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                out.append(byte)
            } else if spaceAsPlus, byte == UInt8(ascii: " ") {
                out.append(UInt8(ascii: "+"))
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; with `plusIsSpace`, `+` is a space (form bodies and queries).
    /// Strict: nil for a `%` not followed by two hex digits, or bytes that are not UTF-8.
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else { return nil }
                out.append(high << 4 | low)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(byte)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
