import Kaltura
import Zoom

extension JobRunner {
    /// Zoom's caption files are small; anything larger than this is not a transcript.
    static let maxTextFileBytes: Int64 = 32 << 20

    /// A transcript or closed captions as a WebVTT caption asset (English, labelled with its
    /// source), unless the entry already has a caption with that label (an earlier attempt,
    /// or Kaltura's own integration, attached it).
    func attachCaption(_ run: JobRun, entryID: String, file: RecordingFile, segment: RecordingSegment) throws(JobFailure) {
        guard !run.progress.assets.contains(file.id) else { return }
        try run.checkCancelled()
        let label = file.captionLabel
        let existing = try kalturaRead("listing captions") { () throws(KalturaError) in try kaltura.listCaptions(entryID: entryID) }
        if !existing.contains(where: { $0.label == label }) {
            let text = try downloadText(file, segment: segment)
            _ = try kalturaCall("adding the caption") { () throws(KalturaError) in
                try kaltura.addCaption(entryID: entryID, label: label, content: text)
            }
        }
        run.progress.assets.insert(file.id)
        try run.save()
    }

    /// The meeting chat as a text attachment, named as Kaltura's integration names it.
    func attachChat(_ run: JobRun, entryID: String, file: RecordingFile, segment: RecordingSegment) throws(JobFailure) {
        guard !run.progress.assets.contains(file.id) else { return }
        try run.checkCancelled()
        let name = "Recording \(segment.meeting.id) chat file.txt"
        let existing = try kalturaRead("listing attachments") { () throws(KalturaError) in
            try kaltura.listAttachments(entryID: entryID)
        }
        if !existing.contains(where: { $0.filename == name }) {
            let text = try downloadText(file, segment: segment)
            _ = try kalturaCall("adding the chat") { () throws(KalturaError) in
                try kaltura.addAttachment(entryID: entryID, fileName: name, title: "Zoom chat", content: text)
            }
        }
        run.progress.assets.insert(file.id)
        try run.save()
    }

    /// A small text file from Zoom, whole, as UTF-8.
    func downloadText(_ file: RecordingFile, segment: RecordingSegment) throws(JobFailure) -> String {
        if let size = file.fileSize, size > Self.maxTextFileBytes {
            throw .permanent("file \(file.id) is \(size) bytes, too large for a \(file.fileType) file")
        }
        let source = try self.source(for: file, segment: segment)
        var bytes: [UInt8] = []
        var tooLarge = false
        do throws(CopyError) {
            try source.read(from: 0) { at, piece in
                guard at == Int64(bytes.count) else { return at < Int64(bytes.count) }
                bytes.append(contentsOf: piece)
                tooLarge = Int64(bytes.count) > Self.maxTextFileBytes
                return !tooLarge
            }
        } catch {
            throw JobFailure(error, while: "downloading file \(file.id)")
        }
        if tooLarge { throw .permanent("file \(file.id) is larger than \(Self.maxTextFileBytes) bytes") }
        peers.succeeded(.zoom, at: now())
        return String(decoding: bytes, as: UTF8.self)
    }
}
