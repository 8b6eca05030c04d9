/// A simulated media entry, as the inspection accessors and `GET /sim/entries` report it.
public struct KalturaEntry: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var userID: String
    public var creatorID: String
    public var referenceID: String?
    /// The entry this one is another view of (multi-stream child).
    public var parentEntryID: String?
    public var tags: String
    public var adminTags: String
    public var mediaType: Int
    /// 7 NO_CONTENT after add, 0 IMPORT while its upload token fills, 2 READY, 3 DELETED.
    public var status: Int
    /// Hex SHA-256 and size of the content, once READY.
    public var contentSHA256: String?
    public var contentSize: Int?
    public var captionIDs: [String] = []
    public var attachmentIDs: [String] = []
    public var categoryIDs: [Int] = []
    public var partnerData: String?
    public var entitledUsersEdit = ""
    public var entitledUsersPublish = ""
    public var entitledUsersView = ""
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The upload token `addContent` attached while it was not yet full.
    var pendingTokenID: String?

    func json(partnerID: Int) -> [String: Any] {
        var object: [String: Any] = [
            "objectType": "KalturaMediaEntry", "id": id, "name": name, "description": description, "partnerId": partnerID,
            "userId": userID, "creatorId": creatorID, "tags": tags, "adminTags": adminTags, "mediaType": mediaType,
            "status": status, "type": 1, "createdAt": createdAt, "updatedAt": updatedAt, "rootEntryId": id,
            "sourceType": "1", "moderationStatus": 6, "displayInSearch": 1,
            "categoriesIds": categoryIDs.map(String.init).joined(separator: ","),
            "entitledUsersEdit": entitledUsersEdit, "entitledUsersPublish": entitledUsersPublish,
            "entitledUsersView": entitledUsersView, "operationAttributes": [Any](),
        ]
        if let referenceID { object["referenceId"] = referenceID }
        if let parentEntryID { object["parentEntryId"] = parentEntryID }
        if let partnerData { object["partnerData"] = partnerData }
        if status == 2 { object["duration"] = 0 }
        return object
    }

    /// The inspection shape of `GET /sim/entries`.
    func inspection(assets: [String: KalturaAsset], categories: [Int: String]) -> [String: Any] {
        var object: [String: Any] = [
            "id": id, "name": name, "userId": userID, "status": status, "mediaType": mediaType,
            "captions": captionIDs.compactMap { assets[$0]?.inspection },
            "attachments": attachmentIDs.compactMap { assets[$0]?.inspection },
            "categories": categoryIDs.map { ["id": $0, "fullName": categories[$0] ?? ""] as [String: Any] },
        ]
        if let referenceID { object["referenceId"] = referenceID }
        if let contentSHA256 { object["sha256"] = contentSHA256 }
        if let contentSize { object["size"] = contentSize }
        return object
    }
}

/// A caption or attachment asset of an entry.
public struct KalturaAsset: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case caption, attachment }

    public var id: String
    public var entryID: String
    public var kind: Kind
    /// The scalar fields the client set (`label`, `language`, `format`, `fileExt`, `filename`, …).
    public var fields: [String: String]
    /// 0 QUEUED until content is set, then 2 READY.
    public var status: Int
    /// The content (text from a KalturaStringResource), or the URL of a KalturaUrlResource.
    public var content: [UInt8]?
    public var url: String?

    var objectType: String { kind == .caption ? "KalturaCaptionAsset" : "KalturaAttachmentAsset" }

    func json(partnerID: Int, now: Int64) -> [String: Any] {
        var object: [String: Any] = ["objectType": objectType, "id": id, "entryId": entryID, "partnerId": partnerID,
                                     "status": status, "updatedAt": now]
        for (name, value) in fields where name != "objectType" {
            object[name] = Int(value).map { $0 as Any } ?? value
        }
        if let content { object["size"] = content.count }
        return object
    }

    var inspection: [String: Any] {
        var object: [String: Any] = ["id": id, "status": status, "fields": fields]
        if let content { object["size"] = content.count; object["text"] = String(decoding: content, as: UTF8.self) }
        if let url { object["url"] = url }
        return object
    }
}

/// A simulated Kaltura user.
public struct KalturaUser: Sendable, Equatable {
    public var id: String
    public var email: String
    public var screenName: String
    public var firstName: String
    public var lastName: String
    /// 0 BLOCKED, 1 ACTIVE, 2 DELETED.
    public var status: Int
    public var isAdmin: Bool
    public var createdAt: Int64

    public init(id: String, email: String = "", screenName: String = "", firstName: String = "", lastName: String = "",
                status: Int = 1, isAdmin: Bool = false, createdAt: Int64 = 0) {
        self.id = id
        self.email = email
        self.screenName = screenName
        self.firstName = firstName
        self.lastName = lastName
        self.status = status
        self.isAdmin = isAdmin
        self.createdAt = createdAt
    }

    func json(partnerID: Int) -> [String: Any] {
        ["objectType": "KalturaUser", "id": id, "partnerId": partnerID, "email": email,
         "screenName": screenName.isEmpty ? id : screenName, "firstName": firstName, "lastName": lastName,
         "fullName": "\(firstName) \(lastName)".trimming(" ").description, "status": status, "isAdmin": isAdmin,
         "type": 0, "createdAt": createdAt, "updatedAt": createdAt, "loginEnabled": false]
    }
}
