/// One element of `recording_files`. Required: file_type, download_url; the rest is optional
/// because CC and TIMELINE files come without id, status, size or recording type.
struct WireRecordingFile: Decodable {
    let id: String?
    let fileType: String
    let fileExtension: String?
    let fileSize: Int64?
    let recordingType: String?
    let recordingStart: String?
    let recordingEnd: String?
    let downloadURL: String
    let status: String?

    private enum Key: String, CodingKey {
        case id, status
        case fileType = "file_type"
        case fileExtension = "file_extension"
        case fileSize = "file_size"
        case recordingType = "recording_type"
        case recordingStart = "recording_start"
        case recordingEnd = "recording_end"
        case downloadURL = "download_url"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        fileType = try c.decode(String.self, forKey: .fileType)
        fileExtension = try c.decodeIfPresent(String.self, forKey: .fileExtension)
        fileSize = try c.decodeIfPresent(WireInteger.self, forKey: .fileSize)?.value
        recordingType = try c.decodeIfPresent(String.self, forKey: .recordingType)
        recordingStart = try c.decodeIfPresent(String.self, forKey: .recordingStart)
        recordingEnd = try c.decodeIfPresent(String.self, forKey: .recordingEnd)
        downloadURL = try c.decode(String.self, forKey: .downloadURL)
        status = try c.decodeIfPresent(String.self, forKey: .status)
    }

    /// The domain file; a missing or empty id becomes `"{file_type}-{recording_start}"`.
    func file(meetingStart: String) -> RecordingFile {
        let stableID = id.flatMap { $0.isEmpty ? nil : $0 } ?? "\(fileType)-\(recordingStart ?? meetingStart)"
        return RecordingFile(
            id: stableID, fileType: fileType, fileExtension: fileExtension, fileSize: fileSize,
            recordingType: recordingType, recordingStart: recordingStart, recordingEnd: recordingEnd,
            downloadURL: downloadURL, status: status)
    }
}
