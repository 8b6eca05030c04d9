import Foundation
import Testing
import Zoom

/// Fixture files under `Fixtures/`, and edits of a JSON document at a dotted path
/// (`payload.object.recording_files[1].download_url`) for the error tests.
enum Fixture {
    static let downloadToken = "eyJhbGciOiJFUzI1NiJ9.DOWNLOAD-TOKEN-MUST-NOT-LEAK.c2lnbmF0dXJl"
    /// A piece of the token that must not appear in any output.
    static let tokenMarker = "DOWNLOAD-TOKEN-MUST-NOT-LEAK"

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    /// The smallest recording.completed body with every required field, compact, two files.
    static let minimalRecording = #"""
        {"event":"recording.completed","event_ts":1740576801627,"download_token":"eyJhbGciOiJFUzI1NiJ9.DOWNLOAD-TOKEN-MUST-NOT-LEAK.c2lnbmF0dXJl","payload":{"account_id":"AAAA","object":{"uuid":"/ajXp112QmuoKj4854875==","id":88031573992,"type":2,"topic":"Test","host_id":"h1","host_email":"host@example.edu","start_time":"2025-02-26T13:31:01Z","duration":1,"recording_files":[{"id":"f1","file_type":"MP4","file_size":308098,"recording_start":"2025-02-26T13:31:22Z","download_url":"https://us06web.zoom.us/rec/webhook_download/x/y","status":"completed","recording_type":"speaker_view"},{"id":"f2","file_type":"M4A","file_size":26555,"recording_start":"2025-02-26T13:31:22Z","download_url":"https://us06web.zoom.us/rec/webhook_download/x/z","status":"completed","recording_type":"audio_only"}]}}}
        """#

    static let urlValidation = #"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1740576801627,"event":"endpoint.url_validation"}"#

    /// `document` with the value at `path` replaced by `value`, or removed when `value` is nil.
    static func editing(_ document: String, at path: String, setting value: Any?) throws -> [UInt8] {
        let root = try JSONSerialization.jsonObject(with: Data(document.utf8))
        let edited = try edit(root, parts(path)[...], value)
        return Array(try JSONSerialization.data(withJSONObject: edited))
    }

    /// The same with the new value given as JSON text (`"2"`, `1.5`, `null`, `[1]`).
    static func editing(_ document: String, at path: String, settingJSON json: String) throws -> [UInt8] {
        try editing(document, at: path, setting: try JSONSerialization.jsonObject(
            with: Data(json.utf8), options: .fragmentsAllowed))
    }

    private enum Part { case key(String), index(Int) }

    private static func parts(_ path: String) -> [Part] {
        var out: [Part] = []
        for segment in path.split(separator: ".") {
            var rest = Substring(segment)
            if let bracket = rest.firstIndex(of: "[") {
                out.append(.key(String(rest[..<bracket])))
                rest = rest[bracket...]
                while let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]") {
                    out.append(.index(Int(rest[rest.index(after: open)..<close]) ?? -1))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                out.append(.key(String(rest)))
            }
        }
        return out
    }

    private struct BadPath: Error {}

    private static func edit(_ node: Any, _ path: ArraySlice<Part>, _ value: Any?) throws -> Any {
        guard let first = path.first else { return value ?? NSNull() }
        let rest = path.dropFirst()
        switch first {
        case .key(let key):
            guard var object = node as? [String: Any] else { throw BadPath() }
            if rest.isEmpty {
                object[key] = value
            } else {
                guard let child = object[key] else { throw BadPath() }
                object[key] = try edit(child, rest, value)
            }
            return object
        case .index(let index):
            guard var array = node as? [Any], array.indices.contains(index) else { throw BadPath() }
            if rest.isEmpty {
                if let value { array[index] = value } else { array.remove(at: index) }
            } else {
                array[index] = try edit(array[index], rest, value)
            }
            return array
        }
    }
}

extension Result {
    /// The failure, or nil on success (for `#expect(result.failure == …)`).
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
