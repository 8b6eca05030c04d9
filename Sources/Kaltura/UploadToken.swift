/// A Kaltura upload token: the server-side file a copy is uploaded into chunk by chunk, then
/// attached to an entry (`media.addContent`). `uploadedFileSize` is how a resumed copy learns
/// how much the server already holds.
public struct UploadToken: Sendable, Equatable {
    /// `KalturaUploadTokenStatus`.
    public enum Status: Int, Sendable, Equatable {
        case pending = 0
        case partialUpload = 1
        case fullUpload = 2
        case closed = 3
        case timedOut = 4
        case deleted = 5
    }

    public var id: String
    public var status: Status
    public var fileSize: Int64?
    public var uploadedFileSize: Int64?

    public init(id: String, status: Status, fileSize: Int64? = nil, uploadedFileSize: Int64? = nil) {
        self.id = id
        self.status = status
        self.fileSize = fileSize
        self.uploadedFileSize = uploadedFileSize
    }

    init(json: JSONValue) throws(KalturaError) {
        guard let id = json["id"]?.string, !id.isEmpty else { throw .invalidResponse("upload token without an id") }
        guard let raw = json["status"]?.int, let status = Status(rawValue: Int(raw)) else {
            throw .invalidResponse("upload token \(id) with an unknown status")
        }
        self.init(id: id, status: status, fileSize: json["fileSize"]?.int, uploadedFileSize: json["uploadedFileSize"]?.int)
    }
}
