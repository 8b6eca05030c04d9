/// Byte classes from RFC 9110 §5.6.2 (tchar), §5.5 (field-vchar) and RFC 3986 (URI characters),
/// as 256-entry tables so the hot loops do one load per byte.
enum ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let token: [Bool] = table { b in
        isAlnum(b) || "!#$%&'*+-.^_`|~".utf8.contains(b)
    }

    /// field-vchar / SP / HTAB; obs-text (0x80–0xFF) is allowed, CTLs and DEL are not.
    static let fieldValue: [Bool] = table { b in
        b == htab || b == sp || (0x21...0x7E).contains(b) || b >= 0x80
    }

    /// Characters allowed in a request-target: unreserved, reserved without "#", and "%".
    static let target: [Bool] = table { b in
        isAlnum(b) || "-._~:/?[]@!$&'()*+,;=%".utf8.contains(b)
    }

    /// Characters of `uri-host [":" port]` in a Host value: reg-name, IP-literal brackets, port.
    static let host: [Bool] = table { b in
        isAlnum(b) || "-._~!$&'()*+,;=%:[]".utf8.contains(b)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: Int(b - 0x30)
        case 0x41...0x46: Int(b - 0x41 + 10)
        case 0x61...0x66: Int(b - 0x61 + 10)
        default: nil
        }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    private static func table(_ member: (UInt8) -> Bool) -> [Bool] {
        (0...255).map { member(UInt8($0)) }
    }
}
