/// Where a copy reads from (Zoom). Implementations stream; the copier never holds more than
/// its chunks.
public protocol ByteSource: Sendable {
    /// Streams the file from `offset` to its end into `onData`, with the absolute offset of
    /// each piece: from `offset` when the source can skip (HTTP Range), else from 0 (the
    /// copier discards what it already has). `onData` returns false to stop the read.
    /// - Throws: when the bytes cannot all be delivered (a reset, a wrong size, an HTML page).
    func read(from offset: Int64, onData: (_ at: Int64, _ bytes: UnsafeRawBufferPointer) -> Bool) throws(CopyError)
}

/// Where a copy writes to (Kaltura's upload token): chunks at offsets, acknowledged one by one.
public protocol ChunkUploader: Sendable {
    /// Creates the destination for a file of `fileSize` bytes; returns its id.
    func begin(fileName: String, fileSize: Int64) throws(CopyError) -> String
    /// What the destination holds for `token` (to resume after a crash or a lost answer).
    func state(token: String) throws(CopyError) -> UploadState
    /// Writes `chunk` at `offset`; `isFinal` marks the last one (it may be empty).
    func upload(token: String, chunk: [UInt8], at offset: Int64, isFinal: Bool) throws(CopyError)
}

/// What a destination holds: the bytes written so far, and whether the final chunk arrived.
public struct UploadState: Sendable, Equatable {
    public var bytes: Int64
    public var isComplete: Bool

    public init(bytes: Int64, isComplete: Bool) {
        self.bytes = bytes
        self.isComplete = isComplete
    }
}

/// Progress saved after each acknowledged chunk, so that a restarted process resumes there.
public struct Checkpoint: Sendable, Equatable, Codable {
    public var uploadToken: String
    public var bytesAcknowledged: Int64

    public init(uploadToken: String, bytesAcknowledged: Int64) {
        self.uploadToken = uploadToken
        self.bytesAcknowledged = bytesAcknowledged
    }
}

/// What a finished copy sent.
public struct CopyResult: Sendable, Equatable {
    public var uploadToken: String
    public var bytes: Int64
    /// SHA-256 of the whole file as read from the source. nil when this run resumed with a
    /// Range request and so never saw the first bytes.
    public var sha256: [UInt8]?
    /// Bytes uploaded in this run (after a resume, less than `bytes`).
    public var bytesSent: Int64
}
