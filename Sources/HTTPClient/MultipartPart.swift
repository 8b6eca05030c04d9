/// One part of a `multipart/form-data` body, held in memory. Kaltura's `uploadToken.upload`
/// takes the chunk as a file part (`fileData`) beside plain form fields.
public struct MultipartPart: Sendable {
    /// The form field name (`Content-Disposition: form-data; name="…"`).
    public var name: String
    /// Sent as `filename="…"` when set: servers treat the part as a file upload.
    public var filename: String?
    /// The part's `Content-Type`; nil lets libcurl choose (`application/octet-stream` for a
    /// file part, none for a plain field).
    public var contentType: String?
    /// The part's bytes. libcurl reads them from here during the transfer; they are not copied.
    public var data: [UInt8]

    public init(name: String, filename: String? = nil, contentType: String? = nil, data: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }

    /// A plain text field.
    public static func field(_ name: String, _ value: String) -> MultipartPart {
        MultipartPart(name: name, data: Array(value.utf8))
    }
}
