/// One file of a simulated Zoom recording. Its bytes are `ZoomSimulator.bytes(fileID:fileType:size:)`:
/// pattern bytes, or WebVTT / chat text for TRANSCRIPT, CC and CHAT.
public struct ZoomFile: Sendable, Equatable {
    public var id: String
    /// `MP4`, `M4A`, `TRANSCRIPT`, `CHAT`, `CC`, `TIMELINE`, …
    public var fileType: String
    /// `shared_screen_with_speaker_view`, `audio_only`, …
    public var recordingType: String
    public var size: Int
    public var recordingStart: String
    public var recordingEnd: String
    /// `completed` or `processing`.
    public var status: String

    public init(id: String, fileType: String = "MP4", recordingType: String = "shared_screen_with_speaker_view", size: Int,
                recordingStart: String = "2026-11-30T10:00:05Z", recordingEnd: String = "2026-11-30T10:50:00Z",
                status: String = "completed") {
        self.id = id
        self.fileType = fileType
        self.recordingType = recordingType
        self.size = size
        self.recordingStart = recordingStart
        self.recordingEnd = recordingEnd
        self.status = status
    }

    /// The extension Zoom reports for the type.
    public var fileExtension: String {
        switch fileType {
        case "TRANSCRIPT", "CC": "VTT"
        case "CHAT": "TXT"
        case "TIMELINE": "JSON"
        case "CSV": "CSV"
        default: fileType
        }
    }

    /// The `Content-Type` the CDN serves it with.
    var contentType: String {
        switch fileType {
        case "MP4": "video/mp4"
        case "M4A": "audio/mp4"
        case "TRANSCRIPT", "CC": "text/vtt"
        case "CHAT": "text/plain"
        case "TIMELINE": "application/json"
        default: "application/octet-stream"
        }
    }
}

/// A simulated meeting recording: what the webhook and the recordings API describe.
struct ZoomRecording: Sendable {
    var uuid: String
    var meetingID: Int64
    var topic: String
    var hostEmail: String
    var hostID: String
    var startTime: String
    var type: Int
    var files: [ZoomFile]
    var trashed = false

    /// The `object` of a webhook or the body of `GET /v2/meetings/{uuid}/recordings`.
    func json(base: String, downloadPath: String, accountID: String) -> [String: Any] {
        let files: [[String: Any]] = files.map { file in
            [
                "id": file.id, "meeting_id": uuid, "recording_start": file.recordingStart, "recording_end": file.recordingEnd,
                "file_type": file.fileType, "file_extension": file.fileExtension, "file_size": file.size,
                "play_url": "\(base)/rec/play/\(file.id)", "download_url": "\(base)/\(downloadPath)/\(file.id)",
                "status": file.status, "recording_type": file.recordingType,
            ]
        }
        return [
            "uuid": uuid, "id": meetingID, "account_id": accountID, "host_id": hostID, "host_email": hostEmail,
            "topic": topic, "type": type, "start_time": startTime, "timezone": "America/Los_Angeles", "duration": 50,
            "total_size": self.files.reduce(0) { $0 + $1.size }, "recording_count": self.files.count,
            "share_url": "\(base)/rec/share/\(meetingID)", "recording_files": files,
        ]
    }
}
