/// The fields `media.update` changes; nil leaves a field as it is. Used to hand a held copy to
/// its real owner and to fix names and tags afterwards.
public struct MediaEntryChanges: Sendable, Equatable {
    public var userID: String?
    public var name: String?
    public var description: String?
    public var tags: String?
    public var adminTags: String?

    public init(userID: String? = nil, name: String? = nil, description: String? = nil, tags: String? = nil,
                adminTags: String? = nil) {
        self.userID = userID
        self.name = name
        self.description = description
        self.tags = tags
        self.adminTags = adminTags
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["objectType": "KalturaMediaEntry"]
        if let userID { members["userId"] = .string(userID) }
        if let name { members["name"] = .string(name) }
        if let description { members["description"] = .string(description) }
        if let tags { members["tags"] = .string(tags) }
        if let adminTags { members["adminTags"] = .string(adminTags) }
        return .object(members)
    }
}
