import Crypto

/// The download side of a copy, on its own thread: reads the source into chunk-sized buffers
/// and hands each to the uploader, restarting a broken read where the handed-off bytes end.
final class Producer: @unchecked Sendable {
    // Invariant for @unchecked Sendable: used by the download thread alone until `run` returns;
    // `digest()` is read by the copier only after that (it waits for the thread).
    let source: any ByteSource
    let handoff: ChunkHandoff
    let chunkSize: Int
    let fileSize: Int64
    let retry: RetryPolicy
    let isCancelled: @Sendable () -> Bool
    /// The first byte not yet handed to the uploader.
    private var next: Int64
    private var hash: SHA256Stream?
    private var hashedUpTo: Int64 = 0
    private var digestValue: [UInt8]?

    init(source: any ByteSource, handoff: ChunkHandoff, chunkSize: Int, fileSize: Int64, start: Int64,
         retry: RetryPolicy, isCancelled: @escaping @Sendable () -> Bool) {
        self.source = source
        self.handoff = handoff
        self.chunkSize = chunkSize
        self.fileSize = fileSize
        self.retry = retry
        self.isCancelled = isCancelled
        self.next = start
        self.hash = SHA256Stream()
    }

    /// The SHA-256 of the whole file, if every byte passed through this producer.
    func digest() -> [UInt8]? { digestValue }

    func run() {
        var attempt = 1
        while true {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(min(chunkSize, Int(clamping: fileSize - next)))
            var consumerGone = false
            var gap = false
            do throws(CopyError) {
                try source.read(from: next) { at, bytes in
                    if isCancelled() { return false }
                    absorbForHash(at: at, bytes)
                    let wanted = next + Int64(buffer.count)  // the next byte the buffer needs
                    let end = at + Int64(bytes.count)
                    guard end > wanted else { return true }   // all already handed off: skip
                    guard at <= wanted else { gap = true; return false }
                    var piece = UnsafeRawBufferPointer(rebasing: bytes[Int(wanted - at)...])
                    while !piece.isEmpty {
                        let take = min(piece.count, chunkSize - buffer.count)
                        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[..<take]))
                        piece = UnsafeRawBufferPointer(rebasing: piece[take...])
                        if buffer.count == chunkSize {
                            guard handoff.put(.chunk(buffer)) else { consumerGone = true; return false }
                            next += Int64(buffer.count)
                            buffer = []
                            buffer.reserveCapacity(min(chunkSize, Int(clamping: fileSize - next)))
                        }
                    }
                    return true
                }
                if consumerGone { return }
                if isCancelled() { _ = handoff.put(.failed(.cancelled)); return }
                if gap { throw CopyError(side: .source, transient: false, detail: "the source skipped bytes it was asked for") }
                if !buffer.isEmpty {
                    guard handoff.put(.chunk(buffer)) else { return }
                    next += Int64(buffer.count)
                }
                guard next == fileSize else {
                    throw CopyError(side: .source, transient: true, detail: "the download ended at \(next) of \(fileSize) bytes")
                }
                if hashedUpTo == fileSize { digestValue = hash?.finish() }
                _ = handoff.put(.end)
                return
            } catch {
                if consumerGone { return }
                if isCancelled() { _ = handoff.put(.failed(.cancelled)); return }
                guard error.isTransient, attempt < retry.maxAttempts else {
                    _ = handoff.put(.failed(error))
                    return
                }
                retry.sleep(retry.delay(afterAttempt: attempt, retryAfter: error.retryAfter))
                attempt += 1
            }
        }
    }

    /// Feeds the digest with bytes it has not seen; a skip (a Range resume) makes the digest
    /// impossible for this run.
    private func absorbForHash(at: Int64, _ bytes: UnsafeRawBufferPointer) {
        guard let hash else { return }
        let end = at + Int64(bytes.count)
        guard at <= hashedUpTo else {
            self.hash = nil
            return
        }
        guard end > hashedUpTo else { return }
        hash.update(UnsafeRawBufferPointer(rebasing: bytes[Int(hashedUpTo - at)...]))
        hashedUpTo = end
    }
}
