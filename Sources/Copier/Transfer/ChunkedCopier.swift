import Crypto
import Foundation
import Synchronization

/// Streams one file from a `ByteSource` into a `ChunkUploader` in chunks, downloading chunk
/// N+1 while chunk N uploads: memory is about two chunks whatever the file size, and the
/// throughput is near the slower of the two links.
///
/// Every acknowledged chunk is reported through `onCheckpoint` before the next is sent, so a
/// crash loses at most the chunk in flight; `copy(resumingFrom:)` continues from the bytes the
/// destination says it holds. A failed chunk is retried with backoff (honouring Retry-After)
/// without restarting the file; a broken download resumes at the first byte not yet handed to
/// the uploader, with HTTP Range when the source offers it, else by reading and discarding.
public final class ChunkedCopier: Sendable {
    public let source: any ByteSource
    public let destination: any ChunkUploader
    public let chunkSize: Int
    public let retry: RetryPolicy

    public init(source: any ByteSource, destination: any ChunkUploader, chunkSize: Int, retry: RetryPolicy = RetryPolicy()) {
        precondition(chunkSize > 0)
        self.source = source
        self.destination = destination
        self.chunkSize = chunkSize
        self.retry = retry
    }

    /// Copies a file of `fileSize` bytes.
    /// - Parameters:
    ///   - checkpoint: where an earlier run stopped, or nil to start.
    ///   - isCancelled: polled between pieces; when true the copy stops with `.cancelled`.
    ///   - onCheckpoint: called after each acknowledged chunk (to persist it); an error it
    ///     throws stops the copy (e.g. the worker lost its lease).
    public func copy(fileName: String, fileSize: Int64, resumingFrom checkpoint: Checkpoint? = nil,
                     isCancelled: @escaping @Sendable () -> Bool = { false },
                     onCheckpoint: (Checkpoint) throws(CopyError) -> Void) throws(CopyError) -> CopyResult {
        let token: String
        if let checkpoint {
            token = checkpoint.uploadToken
        } else {
            token = try withRetries { () throws(CopyError) in try destination.begin(fileName: fileName, fileSize: fileSize) }
        }
        var acknowledged: Int64 = 0
        if checkpoint != nil {
            // The destination knows best what it holds (a chunk may have landed after the
            // last checkpoint was written).
            acknowledged = try withRetries { () throws(CopyError) in try destination.state(token: token) }.bytes
            guard acknowledged <= fileSize else {
                throw CopyError(side: .destination, transient: false,
                                detail: "the upload token holds \(acknowledged) bytes, more than the file's \(fileSize)")
            }
        }
        let start = acknowledged
        let handoff = ChunkHandoff()
        let producer = Producer(source: source, handoff: handoff, chunkSize: chunkSize, fileSize: fileSize,
                                start: start, retry: retry, isCancelled: isCancelled)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            producer.run()
            done.signal()
        }
        var joined = false
        /// Stops the producer (a blocked `put` returns) and waits for its thread, once.
        func join() {
            guard !joined else { return }
            joined = true
            handoff.close()
            done.wait()
        }
        defer { join() }

        var sent: Int64 = 0
        var sentFinal = false
        while !sentFinal {
            if isCancelled() { throw .cancelled }
            switch handoff.take() {
            case .failed(let error):
                throw error
            case .end:
                // The source ended: only an empty final chunk can be missing (a file whose
                // size is a multiple of the chunk size, or an empty file).
                guard acknowledged == fileSize else {
                    throw CopyError(side: .source, transient: true, detail: "the download ended at \(acknowledged) of \(fileSize) bytes")
                }
                try upload([], at: acknowledged, isFinal: true, token: token)
                sentFinal = true
            case .chunk(let chunk):
                let isFinal = acknowledged + Int64(chunk.count) == fileSize
                try upload(chunk, at: acknowledged, isFinal: isFinal, token: token)
                acknowledged += Int64(chunk.count)
                sent += Int64(chunk.count)
                sentFinal = isFinal
                try onCheckpoint(Checkpoint(uploadToken: token, bytesAcknowledged: acknowledged))
            }
        }
        join()  // the digest is final only once the producer's thread is done
        return CopyResult(uploadToken: token, bytes: acknowledged, sha256: producer.digest(), bytesSent: sent)
    }

    /// One chunk, retried on transient failures. Before re-sending after a lost answer it asks
    /// how much the destination holds: a chunk that did land is not sent twice.
    private func upload(_ chunk: [UInt8], at offset: Int64, isFinal: Bool, token: String) throws(CopyError) {
        var attempt = 1
        while true {
            do throws(CopyError) {
                try destination.upload(token: token, chunk: chunk, at: offset, isFinal: isFinal)
                return
            } catch {
                guard error.isTransient, attempt < retry.maxAttempts else { throw error }
                retry.sleep(retry.delay(afterAttempt: attempt, retryAfter: error.retryAfter))
                attempt += 1
                if let state = try? destination.state(token: token),
                   isFinal ? state.isComplete : state.bytes == offset + Int64(chunk.count) {
                    return  // the answer was lost, the chunk was not
                }
            }
        }
    }

    private func withRetries<T>(_ body: () throws(CopyError) -> T) throws(CopyError) -> T {
        var attempt = 1
        while true {
            do throws(CopyError) {
                return try body()
            } catch {
                guard error.isTransient, attempt < retry.maxAttempts else { throw error }
                retry.sleep(retry.delay(afterAttempt: attempt, retryAfter: error.retryAfter))
                attempt += 1
            }
        }
    }
}
