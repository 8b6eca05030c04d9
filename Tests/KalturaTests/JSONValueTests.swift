@testable import Kaltura
import Testing

/// The small JSON reader and writer the client speaks Kaltura with.
@Suite struct JSONValueTests {
    func parse(_ text: String) -> JSONValue? { try? JSONParser.parse(Array(text.utf8)) }

    @Test func readsKalturasShapes() {
        #expect(parse(#" "djJ8abc" "#) == .string("djJ8abc"))
        #expect(parse("null") == .null)
        #expect(parse(#"{"a":[1,-2,3.5,true,false,null],"b":{"c":"\u00e9\ud83d\ude00\n\/"}}"#)
                == ["a": [1, -2, .double(3.5), true, false, nil], "b": ["c": "é😀\n/"]])
        #expect(parse(#"{"sourceType":"6","status":2}"#)?["sourceType"]?.int == 6)
        #expect(parse("12345678901234567890")?.int == nil)
    }

    @Test func rejectsWhatIsNotJSON() {
        for text in ["", "<xml/>", "{", #"{"a":1,}"#, "[1 2]", "nul", #""a"#, "{} x", "\"\u{01}\"", #"{"a"}"#, "-", "01x"] {
            #expect(parse(text) == nil, "\(text)")
        }
        #expect(parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) == nil)
    }

    @Test func writesSortedEscapedCompactText() {
        let value: JSONValue = ["z": "a\"b\\c\n\u{01}é", "a": [1, true, nil], "m": .double(0.5)]
        let text = String(decoding: value.serialized, as: UTF8.self)
        #expect(text == #"{"a":[1,true,null],"m":0.5,"z":"a\"b\\c\n\u0001é"}"#)
        #expect(parse(text) == value)
    }
}
