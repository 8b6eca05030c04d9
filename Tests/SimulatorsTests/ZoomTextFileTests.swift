import Crypto
import Foundation
import Simulators
import Testing

/// Transcripts and closed captions are WebVTT, chats UTF-8 text, each exactly `size` bytes.
@Suite struct ZoomTextFileTests {
    static let sizes = Array(0...140) + [199, 200, 201, 512, 1000, 4096, 4097, 65_537, 300_001]

    /// WebVTT as far as a caption importer cares: the signature line, then blocks separated by
    /// one blank line, each an optional cue id, a timing line and at least one text line.
    static func isWebVTT(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        guard text.hasPrefix("WEBVTT"), !text.contains("\r") else { return false }
        let afterSignature = text.dropFirst(6).first
        guard afterSignature == "\n" || afterSignature == " " || afterSignature == "\t" else { return false }
        var body = Substring(text)
        while body.last == "\n" { body = body.dropLast() }  // the file's final line ends
        var blocks = body.split(separator: "\n\n", omittingEmptySubsequences: false).map(String.init)
        guard !blocks.removeFirst().contains("\n") else { return false }
        for block in blocks {
            var lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1, !lines[0].contains("-->") { lines.removeFirst() }
            guard lines.count >= 2, isTiming(lines[0]) else { return false }
            guard lines.dropFirst().allSatisfy({ !$0.isEmpty && !$0.contains("-->") }) else { return false }
        }
        return true
    }

    static func isTiming(_ line: Substring) -> Bool {
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[1] == "-->" else { return false }
        return [parts[0], parts[2]].allSatisfy { stamp in
            stamp.count == 12 && stamp.enumerated().allSatisfy { index, c in
                [2, 5].contains(index) ? c == ":" : index == 8 ? c == "." : c.isASCII && c.isNumber
            }
        }
    }

    @Test(arguments: ["TRANSCRIPT", "CC"])
    func captionsAreWebVTTOfExactlyTheirSize(fileType: String) {
        for size in Self.sizes {
            let bytes = ZoomSimulator.bytes(fileID: "meeting==-vtt", fileType: fileType, size: size)
            #expect(bytes.count == size)
            if size >= 7 { #expect(Self.isWebVTT(bytes), "size \(size): \(String(decoding: bytes.prefix(200), as: UTF8.self))") }
            #expect(bytes == ZoomSimulator.bytes(fileID: "meeting==-vtt", fileType: fileType, size: size))
        }
        // The checker itself refuses what is not WebVTT.
        #expect(!Self.isWebVTT(Array("WEBVTTX\n".utf8)))
        #expect(!Self.isWebVTT(Array("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n\n".utf8)))
        #expect(!Self.isWebVTT(Array("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhi\n".utf8)))
        #expect(Self.isWebVTT(Array("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nhi\n".utf8)))
        let lecture = ZoomSimulator.bytes(fileID: "a", fileType: fileType, size: 4096)
        #expect(lecture != ZoomSimulator.bytes(fileID: "b", fileType: fileType, size: 4096))
        #expect(String(decoding: lecture, as: UTF8.self).contains(" --> "))
        #expect(ZoomSimulator.sha256(fileID: "a", fileType: fileType, size: 4096) == Digest.hex(Digest.sha256(lecture)))
    }

    @Test func chatsAreUTF8LinesOfExactlyTheirSize() {
        for size in Self.sizes {
            let bytes = ZoomSimulator.bytes(fileID: "meeting==-chat", fileType: "CHAT", size: size)
            #expect(bytes.count == size)
            let text = String(validating: bytes, as: UTF8.self)
            #expect(text != nil, "size \(size)")
            if size > 0 { #expect(text?.hasSuffix("\n") == true) }
            if size >= 200 {
                let lines = text?.split(separator: "\n") ?? []
                #expect(lines.allSatisfy { $0.contains("\t From  ") && $0.contains(" : ") })
            }
        }
        // Video keeps its pattern bytes, whichever way they are asked for.
        #expect(ZoomSimulator.bytes(fileID: "v", fileType: "MP4", size: 999) == ZoomSimulator.bytes(fileID: "v", range: 0..<999))
        #expect(ZoomSimulator.sha256(fileID: "v", size: 999) == ZoomSimulator.sha256(fileID: "v", fileType: "M4A", size: 999))
    }

    @Test func theCDNServesTheTextWholeAndInRanges() throws {
        let zoom = try ZoomSimulator()
        defer { zoom.stop() }
        let call = ZoomCall(zoom: zoom)
        let token = zoom.addRecording(meetingUUID: "m==", files: [
            ZoomFile(id: "m-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 7_777),
            ZoomFile(id: "m-cc", fileType: "CC", recordingType: "closed_caption", size: 3_000),
            ZoomFile(id: "m-chat", fileType: "CHAT", recordingType: "chat_file", size: 1_234),
        ])
        for (id, type, contentType) in [("m-vtt", "TRANSCRIPT", "text/vtt"), ("m-cc", "CC", "text/vtt"),
                                        ("m-chat", "CHAT", "text/plain")] {
            let size = try #require(zoom.file(id: id)?.size)
            let expected = ZoomSimulator.bytes(fileID: id, fileType: type, size: size)
            let whole = try call.fetch(id, token: token)
            #expect(whole.cdn.header("Content-Type") == contentType)
            #expect(whole.bytes == expected)
            #expect(zoom.bytes(fileID: id) == expected)
            #expect(zoom.sha256(fileID: id) == Digest.hex(Digest.sha256(whole.bytes)))
            let tail = try call.fetch(id, token: token, from: 1_000)
            #expect(tail.cdn.status == 206)
            #expect(tail.bytes == Array(expected[1_000...]))
        }
        #expect(zoom.bytes(fileID: "nope") == nil)
    }
}
