/// A caption track already on an entry, as `caption_captionasset.list` reports it: enough for
/// a retried job to see that the transcript or closed captions it would add are there.
public struct CaptionAsset: Sendable, Equatable {
    public var id: String
    /// What the copier named it (`Zoom_TRANSCRIPT`, `Zoom_CC`); the key for "already added".
    public var label: String
    public var language: String?
    /// `KalturaFlavorAssetStatus`: 0 QUEUED (no content yet), 2 READY, −1 ERROR, 3 DELETED, …
    public var status: Int?

    public static let statusQueued = 0
    public static let statusReady = 2

    public init(id: String, label: String, language: String? = nil, status: Int? = nil) {
        self.id = id
        self.label = label
        self.language = language
        self.status = status
    }

    init(json: JSONValue) throws(KalturaError) {
        guard let id = json["id"]?.string, !id.isEmpty else { throw .invalidResponse("caption asset without an id") }
        self.init(id: id, label: json["label"]?.string ?? "", language: json["language"]?.string,
                  status: json["status"]?.int.map { Int($0) })
    }
}

/// An attachment already on an entry, as `attachment_attachmentasset.list` reports it: how a
/// retried job sees that the chat transcript is attached.
public struct AttachmentAsset: Sendable, Equatable {
    public var id: String
    public var filename: String
    public var title: String?

    public init(id: String, filename: String, title: String? = nil) {
        self.id = id
        self.filename = filename
        self.title = title
    }

    init(json: JSONValue) throws(KalturaError) {
        guard let id = json["id"]?.string, !id.isEmpty else { throw .invalidResponse("attachment asset without an id") }
        self.init(id: id, filename: json["filename"]?.string ?? "", title: json["title"]?.string)
    }
}
