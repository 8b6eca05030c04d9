import Config
import Zoom

/// What one job makes of its segment's files (DESIGN.md §1.2, after Kaltura's own integration):
/// one primary recording for the entry, other views as optional child entries, transcripts
/// and closed captions as caption assets, the chat as an attachment, and a reason for every
/// file left out. Pure: the same files and settings always give the same plan.
public struct SegmentPlan: Sendable, Equatable {
    /// The entry's media: the best video view by `VIEW_PRIORITY`, else the audio-only file.
    public var primary: RecordingFile?
    /// Other video views, in priority order (only with `CHILD_VIEWS`).
    public var children: [RecordingFile]
    /// WebVTT transcripts and closed captions.
    public var captions: [RecordingFile]
    public var chat: RecordingFile?
    /// Everything else, each with why it is not copied.
    public var skipped: [SkippedFile]

    public init(files: [RecordingFile], viewPriority: [String] = Configuration.defaultViewPriority, childViews: Bool = false) {
        var videos: [RecordingFile] = []
        var audio: [RecordingFile] = []
        var captions: [RecordingFile] = []
        var chats: [RecordingFile] = []
        var skipped: [SkippedFile] = []
        for file in files {
            switch file.fileType.uppercased() {
            case "MP4": videos.append(file)
            case "M4A": audio.append(file)
            case "TRANSCRIPT", "CC": captions.append(file)
            case "CHAT": chats.append(file)
            default: skipped.append(SkippedFile(file, "a \(file.fileType) file is not copied"))
            }
        }

        // Listed views in priority order (ties keep the event's order), then unlisted ones.
        func rank(_ file: RecordingFile) -> Int {
            file.recordingType.flatMap { viewPriority.firstIndex(of: $0) } ?? viewPriority.count
        }
        let ranked = videos.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
        let listed = ranked.filter { rank($0) < viewPriority.count }
        let unlisted = ranked.filter { rank($0) == viewPriority.count }

        if let best = listed.first ?? unlisted.first {
            primary = best
            for file in audio { skipped.append(SkippedFile(file, "audio only; the segment has video")) }
        } else {
            primary = audio.first
            for file in audio.dropFirst() { skipped.append(SkippedFile(file, "a second audio file")) }
        }
        var children: [RecordingFile] = []
        for file in ranked where file != primary {
            if rank(file) == viewPriority.count {
                skipped.append(SkippedFile(file, "view \(file.recordingType ?? "unknown") is not in VIEW_PRIORITY"))
            } else if childViews {
                children.append(file)
            } else {
                skipped.append(SkippedFile(file, "another view of the same recording (CHILD_VIEWS is off)"))
            }
        }
        self.children = children
        self.captions = captions
        // The meeting chat (`chat_file`) before any other chat export.
        let chat = chats.first { $0.recordingType == "chat_file" } ?? chats.first
        self.chat = chat
        for file in chats where file != chat { skipped.append(SkippedFile(file, "a second chat file")) }
        self.skipped = skipped
    }

    /// The files whose bytes the job needs, in the order it copies them.
    public var neededFiles: [RecordingFile] {
        [primary].compactMap { $0 } + children + captions + [chat].compactMap { $0 }
    }

    /// Needed files Zoom is still processing: the job waits for them rather than failing.
    public var processing: [RecordingFile] { neededFiles.filter(\.isProcessing) }
}

/// A file a plan leaves out, and why (logged, and shown on the job).
public struct SkippedFile: Sendable, Equatable {
    public var fileID: String
    public var fileType: String
    public var reason: String

    public init(_ file: RecordingFile, _ reason: String) {
        self.fileID = file.id
        self.fileType = file.fileType
        self.reason = reason
    }
}

extension RecordingFile {
    /// The caption label naming where the track came from, as Kaltura's integration names it
    /// (`Zoom_TRANSCRIPT`, `Zoom_CC`), so that either tool sees the other's captions.
    public var captionLabel: String {
        fileType.uppercased() == "CC" || recordingType == "closed_caption" ? "Zoom_CC" : "Zoom_TRANSCRIPT"
    }
}
