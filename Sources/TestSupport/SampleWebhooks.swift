import Foundation
import Zoom

/// Zoom webhooks for tests and benchmarks: realistic bodies and correctly signed requests.
public enum SampleWebhooks {
    /// A `recording.completed` body: per segment a shared-screen MP4, a speaker-view MP4, an
    /// audio-only M4A, a transcript, a chat file and a timeline.
    public static func recordingCompleted(uuid: String, meetingID: Int64 = 85_012_345_678, segments: Int = 1,
                                          hostEmail: String = "host@uni.edu", topic: String = "Lecture",
                                          downloadBase: String = "https://us06web.zoom.us/rec/webhook_download") -> [UInt8] {
        var files: [[String: Any]] = []
        for segment in 0..<segments {
            let start = String(format: "2026-11-30T1%d:00:05Z", segment)
            let end = String(format: "2026-11-30T1%d:50:00Z", segment)
            let kinds: [(String, String, String)] = [
                ("MP4", "MP4", "shared_screen_with_speaker_view"), ("MP4", "MP4", "speaker_view"),
                ("M4A", "M4A", "audio_only"), ("TRANSCRIPT", "VTT", "audio_transcript"),
                ("CHAT", "TXT", "chat_file"), ("TIMELINE", "JSON", "timeline"),
            ]
            for (index, kind) in kinds.enumerated() {
                files.append([
                    "id": "\(uuid)-\(segment)-\(index)", "meeting_id": uuid, "recording_start": start, "recording_end": end,
                    "file_type": kind.0, "file_extension": kind.1, "file_size": 1_000_000 + index,
                    "download_url": "\(downloadBase)/\(segment)/\(index)", "status": "completed", "recording_type": kind.2,
                ])
            }
        }
        let object: [String: Any] = [
            "uuid": uuid, "id": meetingID, "account_id": "acct", "host_id": "host-\(meetingID)", "topic": topic,
            "type": 2, "start_time": "2026-11-30T10:00:00Z", "timezone": "America/Los_Angeles", "host_email": hostEmail,
            "duration": 50, "total_size": files.count * 1_000_000, "recording_count": files.count,
            "share_url": "https://us06web.zoom.us/rec/share/x", "recording_files": files,
        ]
        return json(["event": "recording.completed", "event_ts": 1_764_500_000_000,
                     "payload": ["account_id": "acct", "object": object], "download_token": "download-token-\(uuid)"])
    }

    /// An `endpoint.url_validation` body.
    public static func urlValidation(plainToken: String) -> [UInt8] {
        json(["event": "endpoint.url_validation", "event_ts": 1_764_500_000_000, "payload": ["plainToken": plainToken]])
    }

    /// A complete HTTP request carrying `body`, signed with `secret` at `timestamp` (epoch seconds).
    public static func signedRequest(body: [UInt8], secret: String, timestamp: Int64, path: String = "/webhooks/zoom",
                                     contentType: String = "application/json; charset=utf-8") -> [UInt8] {
        let stamp = String(timestamp)
        let signature = WebhookSignature.header(key: Array(secret.utf8), timestamp: stamp, body: body)
        let head = "POST \(path) HTTP/1.1\r\nHost: hooks.example\r\nUser-Agent: Zoom Marketplace/1.0a\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
            + "x-zm-request-timestamp: \(stamp)\r\nx-zm-signature: \(signature)\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// The request `signedRequest` makes, as text, without a body: for tools that sign themselves.
    public static func signature(body: [UInt8], secret: String, timestamp: Int64) -> String {
        WebhookSignature.header(key: Array(secret.utf8), timestamp: String(timestamp), body: body)
    }

    private static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}
