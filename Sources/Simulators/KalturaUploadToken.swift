import Crypto

/// A simulated upload token. Only a running SHA-256 and the size of the contiguous prefix
/// are kept, plus each written chunk's hash (to recognise a retried chunk) and chunks parked
/// ahead of the prefix (capped), so that a 1 GiB upload costs no memory.
final class KalturaUploadToken {
    enum Status: Int {
        case pending = 0, partialUpload = 1, fullUpload = 2, closed = 3, timedOut = 4, deleted = 5
    }

    let id: String
    let userID: String
    var status: Status = .pending
    var fileName: String?
    var fileSize: Int?
    var autoFinalize: Bool
    var size = 0
    var digest = SHA256Stream()
    /// Offset → (length, fingerprint) of every chunk appended since the last replace.
    var chunks: [Int: (length: Int, fingerprint: UInt64)] = [:]
    /// Chunks written ahead of `size`, waiting for the gap to fill.
    var parked: [Int: [UInt8]] = [:]
    var parkedBytes: Int { parked.values.reduce(0) { $0 + $1.count } }
    let createdAt: Int64
    var updatedAt: Int64
    /// An entry whose `addContent` named this token before it was full.
    var attachedEntryID: String?

    init(id: String, userID: String, fileName: String?, fileSize: Int?, autoFinalize: Bool, now: Int64) {
        self.id = id
        self.userID = userID
        self.fileName = fileName
        self.fileSize = fileSize
        self.autoFinalize = autoFinalize
        createdAt = now
        updatedAt = now
    }

    /// Starts over (`resume=false`).
    func replace() {
        size = 0
        digest = SHA256Stream()
        chunks = [:]
        parked = [:]
    }

    /// Appends at `size`, then any parked chunks that became contiguous.
    func append(_ data: [UInt8]) {
        chunks[size] = (data.count, ChunkFingerprint.of(data))
        digest.update(data)
        size += data.count
        while let next = parked.removeValue(forKey: size) {
            chunks[size] = (next.count, ChunkFingerprint.of(next))
            digest.update(next)
            size += next.count
        }
        parked = parked.filter { $0.key > size }
    }

    var sha256Hex: String { Digest.hex(digest.snapshot()) }

    func json(partnerID: Int, base: String) -> [String: Any] {
        var object: [String: Any] = [
            "objectType": "KalturaUploadToken", "id": id, "partnerId": partnerID, "userId": userID,
            "status": status.rawValue, "uploadedFileSize": size, "createdAt": createdAt, "updatedAt": updatedAt,
            "uploadUrl": base, "autoFinalize": autoFinalize ? 1 : 0,
        ]
        if let fileName { object["fileName"] = fileName }
        if let fileSize { object["fileSize"] = fileSize }
        if let attachedEntryID {
            object["attachedObjectType"] = "KalturaMediaEntry"
            object["attachedObjectId"] = attachedEntryID
        }
        return object
    }
}
