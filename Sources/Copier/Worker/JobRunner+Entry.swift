import Kaltura
import Zoom

extension JobRunner {
    /// Admin tag of entries held for a host without a Kaltura account.
    static let heldTag = "zoom2kaltura-held"

    /// The `media.add` fields for a segment's file (DESIGN.md §1.5): named after the topic,
    /// described with the meeting's facts, tagged like Kaltura's own integration tags, owned
    /// by the resolved user (or the holding user), private unless categories are configured.
    func newEntry(_ segment: RecordingSegment, decision: OwnerDecision, file: RecordingFile, parentID: String?) -> NewMediaEntry {
        let meeting = segment.meeting
        var name = meeting.topic.isEmpty ? "Zoom recording \(meeting.id)" : meeting.topic
        if segment.part > 1 { name += " — part \(segment.part)" }
        if parentID != nil { name += " (\((file.recordingType ?? file.fileType).replacingUnderscores))" }
        var lines = [
            "Zoom \(meeting.isWebinar ? "webinar" : "meeting") ID: \(meeting.id)",
            "Host: \(meeting.hostEmail)",
            "Start: \(segment.recordingStart)",
            "Duration: \(meeting.duration) min",
            "UUID: \(meeting.uuid)",
        ]
        let owner: String
        var adminTags = "zoomentry"
        var categories: String?
        switch decision {
        case .hold:
            owner = settings.holdingUser
            adminTags += ",\(Self.heldTag)"
            lines.append("Held: the host has no Kaltura account; deleted after \(settings.holdHours) h unless it appears.")
        case .copy(let user):
            owner = user
            categories = parentID == nil ? policy.categories(for: meeting) : nil
        case .skip:
            owner = settings.holdingUser
        }
        return NewMediaEntry(name: name, description: lines.joined(separator: "\n"), userID: owner, tags: "zoom",
                             adminTags: adminTags, referenceID: parentID == nil ? segment.referenceID : Self.childReferenceID(segment, file),
                             conversionProfileID: settings.conversionProfileID, categories: categories,
                             parentEntryID: parentID, mediaType: file.fileType.uppercased() == "M4A" ? .audio : .video)
    }
}

extension JobRunner {
    /// A child view's reference id: the segment's, plus the view.
    static func childReferenceID(_ segment: RecordingSegment, _ file: RecordingFile) -> String {
        segment.referenceID + "_" + (file.recordingType ?? file.id)
    }
}

extension String {
    fileprivate var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
