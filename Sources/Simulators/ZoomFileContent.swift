/// The bytes of a simulated Zoom file, whatever its type, and exactly `size` of them: video and
/// audio are `PatternBytes` (any size, any range, no memory); a transcript or closed captions
/// (TRANSCRIPT, CC) are valid WebVTT and a chat (CHAT) is Zoom-style UTF-8 text, both built
/// whole and deterministic per file id, so that a test can compare what reached Kaltura as a
/// caption or attachment with what the simulator served. Text files are small in real life;
/// one of `size` bytes costs `size` bytes of memory while it is served.
struct ZoomFileContent: Sendable {
    private enum Source: Sendable {
        case pattern(PatternBytes)
        case text([UInt8])
    }

    private let source: Source
    let size: Int

    init(fileID: String, fileType: String, size: Int) {
        self.size = max(0, size)
        switch fileType.uppercased() {
        case "TRANSCRIPT", "CC":
            source = .text(Self.webVTT(seed: PatternBytes(fileID: fileID).seed, size: self.size))
        case "CHAT":
            source = .text(Self.chat(seed: PatternBytes(fileID: fileID).seed, size: self.size))
        default:
            source = .pattern(PatternBytes(fileID: fileID))
        }
    }

    /// Whether the file is text (`Content-Type` with a charset).
    var isText: Bool {
        if case .text = source { return true }
        return false
    }

    /// The bytes at `range`, clamped to the file.
    func bytes(_ range: Range<Int>) -> [UInt8] {
        let clamped = range.clamped(to: 0..<size)
        switch source {
        case .pattern(let pattern): return pattern.bytes(clamped)
        case .text(let text): return Array(text[clamped])
        }
    }

    // MARK: - Text

    private static let speakers = ["Alice Example", "Bob Müller", "Chloé Martin", "Dmitri Ivanov", "Emi Sato"]
    private static let phrases = [
        "Good morning, everyone.", "Can you see my screen?", "Let's look at the second example.",
        "The deadline moves to Friday.", "Any questions so far?", "Déjà vu: we covered this last week.",
        "Naïve approaches fail here — why?", "I'll share the slides afterwards.", "Thanks, that helps!",
        "Über-important: read chapter 3.",
    ]
    /// ASCII filler: padding never splits a multi-byte character and never forms `-->`.
    private static let filler = Array(" and so on".utf8)

    /// `WEBVTT`, a blank line, then numbered cues (`HH:MM:SS.mmm --> HH:MM:SS.mmm`, then
    /// `Speaker: text`), as Zoom's audio transcripts look. The last cue's text (or the header
    /// line, which may carry text after a space) is padded to reach `size` exactly; under 7
    /// bytes no valid WebVTT exists and a prefix of `WEBVTT\n` is all there is.
    static func webVTT(seed: UInt64, size: Int) -> [UInt8] {
        let header = Array("WEBVTT\n\n".utf8)
        guard size >= header.count else {
            if size == 7 { return Array("WEBVTT\n".utf8) }
            return Array(Array("WEBVTT\n".utf8).prefix(size))
        }
        var out = header
        var lastTextEnd: Int?  // where the last cue's text line ends (before "\n\n")
        var index = 0
        var millis = 1_000
        while true {
            let pick = PatternBytes.mix(seed &+ UInt64(index))
            let length = 1_500 + Int(pick % 4_000)
            let text = "\(speakers[Int(pick >> 8) % speakers.count]): \(phrases[Int(pick >> 16) % phrases.count])"
            let cue = Array("\(index + 1)\n\(timestamp(millis)) --> \(timestamp(millis + length))\n\(text)\n\n".utf8)
            guard out.count + cue.count <= size else { break }
            out += cue
            lastTextEnd = out.count - 2
            index += 1
            millis += length + 200
        }
        let missing = size - out.count
        guard missing > 0 else { return out }
        if let lastTextEnd {
            out.insert(contentsOf: padding(missing), at: lastTextEnd)
        } else {
            // No cue fits: "WEBVTT" + " " + text on the header line is still valid.
            out.insert(contentsOf: [UInt8(ascii: " ")] + padding(missing - 1), at: 6)
        }
        return out
    }

    /// Zoom's meeting chat export: one `HH:MM:SS\t From  Name : message` line per message.
    /// The last line is padded to reach `size` exactly; when no line fits, padding ends in a
    /// newline.
    static func chat(seed: UInt64, size: Int) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        var seconds = 65
        while true {
            let pick = PatternBytes.mix(seed &+ UInt64(index) &+ 0x5151)
            let line = "\(timestamp(seconds * 1_000).prefix(8))\t From  \(speakers[Int(pick >> 8) % speakers.count]) : "
                + "\(phrases[Int(pick >> 16) % phrases.count])\n"
            let bytes = Array(line.utf8)
            guard out.count + bytes.count <= size else { break }
            out += bytes
            index += 1
            seconds += 3 + Int(pick % 90)
        }
        let missing = size - out.count
        guard missing > 0 else { return out }
        if out.isEmpty { return padding(missing - 1) + [UInt8(ascii: "\n")] }
        out.insert(contentsOf: padding(missing), at: out.count - 1)
        return out
    }

    private static func padding(_ count: Int) -> [UInt8] {
        (0..<max(0, count)).map { filler[$0 % filler.count] }
    }

    /// `HH:MM:SS.mmm`.
    private static func timestamp(_ millis: Int) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis % 1_000
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(two(millis / 3_600_000)):\(two(millis / 60_000 % 60)):\(two(millis / 1_000 % 60)).\(msText)"
    }
}
