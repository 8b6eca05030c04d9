/// Percent-encoding and `application/x-www-form-urlencoded` parsing, as the simulated services
/// apply them (no Foundation: the rules are short and must be exact).
public enum FormEncoding {
    /// Decodes `%XX` escapes; with `plusIsSpace`, `+` becomes a space (form bodies and queries).
    /// Invalid escapes are kept as they are.
    public static func percentDecode(_ text: Substring, plusIsSpace: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var bytes = text.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = pending.isEmpty ? bytes.next() : pending.removeFirst() {
            if byte == UInt8(ascii: "%") {
                guard let high = bytes.next() else { out.append(byte); break }
                guard let low = bytes.next() else { out.append(byte); out.append(high); break }
                if let h = hexValue(high), let l = hexValue(low) {
                    out.append(h << 4 | l)
                } else {
                    out.append(byte)
                    pending = [high, low]
                }
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func percentDecode(_ text: String, plusIsSpace: Bool = false) -> String {
        percentDecode(Substring(text), plusIsSpace: plusIsSpace)
    }

    /// Percent-encodes everything except RFC 3986 unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `a=1&b=2` → pairs in order, names and values decoded.
    public static func pairs(_ text: Substring) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (percentDecode(pair[..<equals], plusIsSpace: true),
                        percentDecode(pair[pair.index(after: equals)...], plusIsSpace: true))
            }
            return (percentDecode(pair, plusIsSpace: true), "")
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
