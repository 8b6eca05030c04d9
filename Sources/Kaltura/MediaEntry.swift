/// A Kaltura media entry as the copier needs it: enough to find an earlier copy by reference
/// id, to check its owner, and to tell whether its content arrived (`status`).
public struct MediaEntry: Sendable, Equatable {
    public var id: String
    public var name: String
    public var userID: String
    public var referenceID: String?
    /// `KalturaEntryStatus`: −2 ERROR_IMPORTING, −1 ERROR_CONVERTING, 0 IMPORT, 1 PRECONVERT,
    /// 2 READY, 3 DELETED, 4 PENDING, 5 MODERATE, 6 BLOCKED, 7 NO_CONTENT.
    public var status: Int
    public var parentEntryID: String?
    public var tags: String?
    public var adminTags: String?

    public static let statusReady = 2
    public static let statusNoContent = 7
    public static let statusDeleted = 3
    /// ERROR_IMPORTING, ERROR_CONVERTING, DELETED: entries a copy never reuses
    /// (`statusNotIn=-2,-1,3`, kaltura-facts §1.5).
    public static let unusableStatuses = [-2, -1, statusDeleted]

    public init(id: String, name: String, userID: String, referenceID: String? = nil, status: Int,
                parentEntryID: String? = nil, tags: String? = nil, adminTags: String? = nil) {
        self.id = id
        self.name = name
        self.userID = userID
        self.referenceID = referenceID
        self.status = status
        self.parentEntryID = parentEntryID
        self.tags = tags
        self.adminTags = adminTags
    }

    init(json: JSONValue) throws(KalturaError) {
        guard let id = json["id"]?.string, !id.isEmpty else { throw .invalidResponse("media entry without an id") }
        guard let status = json["status"]?.int else { throw .invalidResponse("media entry \(id) without a status") }
        self.init(id: id, name: json["name"]?.string ?? "", userID: json["userId"]?.string ?? "",
                  referenceID: json["referenceId"]?.string, status: Int(status),
                  parentEntryID: json["parentEntryId"]?.string.flatMap { $0.isEmpty ? nil : $0 },
                  tags: json["tags"]?.string, adminTags: json["adminTags"]?.string)
    }
}
