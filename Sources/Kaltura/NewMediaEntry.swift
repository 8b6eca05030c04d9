/// What `media.add` creates: one recording's entry before its content is attached.
public struct NewMediaEntry: Sendable, Equatable {
    /// `KalturaMediaType`; insert-only.
    public enum MediaType: Int, Sendable, Equatable {
        case video = 1
        case audio = 5
    }

    public var name: String
    public var description: String
    /// The owner; an admin KS auto-creates an unknown user.
    public var userID: String
    /// Comma-separated.
    public var tags: String
    /// Comma-separated; not shown to viewers.
    public var adminTags: String
    /// Links the entry to the Zoom recording, so that a retry finds it instead of duplicating it.
    public var referenceID: String
    public var conversionProfileID: Int?
    /// Full category names, comma-separated.
    public var categories: String?
    /// Makes the entry a child (another view of the same meeting) of this entry.
    public var parentEntryID: String?
    public var mediaType: MediaType

    public init(name: String, description: String = "", userID: String, tags: String = "", adminTags: String = "",
                referenceID: String, conversionProfileID: Int? = nil, categories: String? = nil,
                parentEntryID: String? = nil, mediaType: MediaType = .video) {
        self.name = name
        self.description = description
        self.userID = userID
        self.tags = tags
        self.adminTags = adminTags
        self.referenceID = referenceID
        self.conversionProfileID = conversionProfileID
        self.categories = categories
        self.parentEntryID = parentEntryID
        self.mediaType = mediaType
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "objectType": "KalturaMediaEntry",
            "name": .string(name),
            "description": .string(description),
            "userId": .string(userID),
            "tags": .string(tags),
            "adminTags": .string(adminTags),
            "referenceId": .string(referenceID),
            "mediaType": .int(Int64(mediaType.rawValue)),
        ]
        if let conversionProfileID { members["conversionProfileId"] = .int(Int64(conversionProfileID)) }
        if let categories { members["categories"] = .string(categories) }
        if let parentEntryID { members["parentEntryId"] = .string(parentEntryID) }
        return .object(members)
    }
}
