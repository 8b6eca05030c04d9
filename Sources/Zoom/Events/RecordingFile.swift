/// One file of a recording (a view, the audio, a transcript, the chat…): what to download,
/// how big it should be, and whether Zoom has finished processing it.
public struct RecordingFile: Sendable, Equatable, Codable {
    /// Zoom's file id. CC and TIMELINE files come without one; they get
    /// `"{file_type}-{recording_start}"` (the meeting's start time when that is absent too),
    /// stable across deliveries of the same event.
    public var id: String
    /// `MP4`, `M4A`, `TRANSCRIPT`, `CC`, `CHAT`, `TIMELINE`, `CSV`, … as Zoom sends it.
    public var fileType: String
    public var fileExtension: String?
    /// Bytes; the download is checked against it when present.
    public var fileSize: Int64?
    /// The view or content (`speaker_view`, `audio_only`, `audio_transcript`, …).
    public var recordingType: String?
    public var recordingStart: String?
    public var recordingEnd: String?
    public var downloadURL: String
    /// `completed` or `processing` (absent on CC and TIMELINE files).
    public var status: String?

    public init(
        id: String, fileType: String, fileExtension: String? = nil, fileSize: Int64? = nil,
        recordingType: String? = nil, recordingStart: String? = nil, recordingEnd: String? = nil,
        downloadURL: String, status: String? = nil
    ) {
        self.id = id
        self.fileType = fileType
        self.fileExtension = fileExtension
        self.fileSize = fileSize
        self.recordingType = recordingType
        self.recordingStart = recordingStart
        self.recordingEnd = recordingEnd
        self.downloadURL = downloadURL
        self.status = status
    }

    /// A transcript or closed captions (`TRANSCRIPT`/`CC`, or recording type
    /// `audio_transcript`/`closed_caption`): what `recording.transcript_completed` is about.
    public var isTranscript: Bool {
        fileType == "TRANSCRIPT" || fileType == "CC"
            || recordingType == "audio_transcript" || recordingType == "closed_caption"
    }

    /// Zoom has not finished this file: wait for it rather than fail.
    public var isProcessing: Bool { status == "processing" }
}
