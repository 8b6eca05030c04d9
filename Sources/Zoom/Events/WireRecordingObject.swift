/// `payload.object` of a recording event. Required: uuid, id, topic, host_id, host_email,
/// start_time, recording_files (may be empty). Defaults: type 2, duration 0. Everything else
/// (participant_audio_files, passwords, share_url, …) is ignored.
struct WireRecordingObject: Decodable {
    let meeting: Meeting
    let accountID: String?

    private enum Key: String, CodingKey {
        case uuid, id, type, topic, duration, timezone
        case hostID = "host_id"
        case hostEmail = "host_email"
        case startTime = "start_time"
        case recordingFiles = "recording_files"
        case accountID = "account_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let uuid = try c.decode(String.self, forKey: .uuid)
        let id = try c.decode(WireInteger.self, forKey: .id).value
        let type = try c.decodeIfPresent(WireInteger.self, forKey: .type).map {
            try WireInteger.int($0.value, at: c.codingPath + [Key.type])
        }
        let topic = try c.decode(String.self, forKey: .topic)
        let hostID = try c.decode(String.self, forKey: .hostID)
        let hostEmail = try c.decode(String.self, forKey: .hostEmail)
        let startTime = try c.decode(String.self, forKey: .startTime)
        let duration = try c.decodeIfPresent(WireInteger.self, forKey: .duration).map {
            try WireInteger.int($0.value, at: c.codingPath + [Key.duration])
        }
        let timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        let files = try c.decode([WireRecordingFile].self, forKey: .recordingFiles)
        accountID = try c.decodeIfPresent(String.self, forKey: .accountID)
        meeting = Meeting(
            uuid: uuid, id: id, type: type ?? 2, topic: topic, hostID: hostID, hostEmail: hostEmail,
            startTime: startTime, duration: duration ?? 0, timezone: timezone,
            files: files.map { $0.file(meetingStart: startTime) })
    }
}
