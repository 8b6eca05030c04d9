import HTTP1
import Testing

/// The one percent-encoder: RFC 3986 by default, PHP's form flavour for Kaltura, strict decoding.
@Suite struct PercentEncodingTests {
    @Test func encodesAllButTheKeptBytesInUpperCaseHex() {
        #expect(PercentEncoding.encode("a b/c~d=é") == "a%20b%2Fc~d%3D%C3%A9")
        #expect(PercentEncoding.encode("a b~", keeping: PercentEncoding.isFormSafe, spaceAsPlus: true) == "a+b%7E")
    }

    @Test func decodesEitherCaseAndRoundTrips() {
        #expect(PercentEncoding.decode("a%2fb%2Fc+d") == "a/b/c+d")
        #expect(PercentEncoding.decode("c+d", plusIsSpace: true) == "c d")
        for text in ["", "plain", "/ajXp112QmuoKj4854875==", "ünï cødé 🎓 & = + %"] {
            #expect(PercentEncoding.decode(Substring(PercentEncoding.encode(text))) == text)
        }
    }

    @Test(arguments: ["%", "%4", "%G1", "abc%", "%C3", "%FF%FE"])
    func refusesMalformedEscapesAndNonUTF8(_ text: String) {
        #expect(PercentEncoding.decode(Substring(text)) == nil)
    }
}
