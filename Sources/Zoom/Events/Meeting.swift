/// The meeting (or webinar) a recording belongs to: `payload.object` of a recording event,
/// with the fields the copy needs for the Kaltura entry and the owner lookup.
public struct Meeting: Sendable, Equatable, Codable {
    /// The meeting instance's uuid (may contain `/` and `=`; the key for dedupe and referenceId).
    public var uuid: String
    /// The meeting number (shared by every instance of a recurring meeting).
    public var id: Int64
    /// Zoom's `type`: 1 instant, 2 scheduled, 3/8 recurring, 4 PMI; 5, 6, 9 webinars.
    public var type: Int
    public var topic: String
    public var hostID: String
    /// Host email: the key of the owner lookup in Kaltura.
    public var hostEmail: String
    /// `start_time`, as Zoom sends it (ISO 8601, UTC).
    public var startTime: String
    /// Minutes.
    public var duration: Int
    public var timezone: String?
    public var files: [RecordingFile]

    public init(
        uuid: String, id: Int64, type: Int = 2, topic: String, hostID: String, hostEmail: String,
        startTime: String, duration: Int = 0, timezone: String? = nil, files: [RecordingFile]
    ) {
        self.uuid = uuid
        self.id = id
        self.type = type
        self.topic = topic
        self.hostID = hostID
        self.hostEmail = hostEmail
        self.startTime = startTime
        self.duration = duration
        self.timezone = timezone
        self.files = files
    }

    /// Webinars (types 5, 6, 9) can be switched and categorised apart from meetings.
    public var isWebinar: Bool { [5, 6, 9].contains(type) }
}
