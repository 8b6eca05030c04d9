import Copier
import Crypto
import Foundation

/// Byte `i` of every fake file.
func fakeByte(_ i: Int64) -> UInt8 { UInt8(truncatingIfNeeded: i &* 2654435761 >> 7) }

func fakeFile(_ size: Int) -> [UInt8] { (0..<Int64(size)).map(fakeByte) }

/// A source serving a deterministic file, with scripted failures.
final class FakeSource: ByteSource, @unchecked Sendable {
    // Invariant for @unchecked Sendable: mutable state only under `lock`.
    let size: Int64
    let supportsRange: Bool
    let pieceSize = 16 * 1024
    private let lock = NSLock()
    private var failures: [(afterBytes: Int64, error: CopyError)]
    private(set) var readOffsets: [Int64] = []

    init(size: Int, supportsRange: Bool, failures: [(afterBytes: Int64, error: CopyError)] = []) {
        self.size = Int64(size)
        self.supportsRange = supportsRange
        self.failures = failures
    }

    var offsetsAsked: [Int64] { lock.withLock { readOffsets } }

    func read(from offset: Int64, onData: (Int64, UnsafeRawBufferPointer) -> Bool) throws(CopyError) {
        let failure: (afterBytes: Int64, error: CopyError)? = lock.withLock {
            readOffsets.append(offset)
            return failures.isEmpty ? nil : failures.removeFirst()
        }
        var position = supportsRange ? offset : 0
        var sentThisRead: Int64 = 0
        while position < size {
            if let failure, sentThisRead >= failure.afterBytes { throw failure.error }
            let n = Int(min(Int64(pieceSize), size - position))
            let piece = (position..<(position + Int64(n))).map(fakeByte)
            let go = piece.withUnsafeBytes { onData(position, $0) }
            if !go { return }
            position += Int64(n)
            sentThisRead += Int64(n)
        }
        if let failure, failure.afterBytes >= size { throw failure.error }
    }
}

/// An upload token in memory that checks Kaltura's chunk rules and can fail on cue.
final class FakeUploader: ChunkUploader, @unchecked Sendable {
    // Invariant for @unchecked Sendable: mutable state only under `lock`.
    struct Call: Equatable { var offset: Int64; var size: Int; var isFinal: Bool }
    private let lock = NSLock()
    private(set) var content: [UInt8] = []
    private(set) var complete = false
    private(set) var calls: [Call] = []
    private var failures: [CopyError]
    /// Applies the chunk, then fails: an answer lost after the server acted.
    private var loseAnswers: Int

    init(failures: [CopyError] = [], loseAnswers: Int = 0, holding prefix: [UInt8] = []) {
        self.failures = failures
        self.loseAnswers = loseAnswers
        self.content = prefix
    }

    var snapshot: (content: [UInt8], complete: Bool, calls: [Call]) { lock.withLock { (content, complete, calls) } }

    func begin(fileName: String, fileSize: Int64) throws(CopyError) -> String { "token-1" }

    func state(token: String) throws(CopyError) -> UploadState {
        lock.withLock { UploadState(bytes: Int64(content.count), isComplete: complete) }
    }

    func upload(token: String, chunk: [UInt8], at offset: Int64, isFinal: Bool) throws(CopyError) {
        let result: CopyError? = lock.withLock {
            calls.append(Call(offset: offset, size: chunk.count, isFinal: isFinal))
            if !failures.isEmpty { return failures.removeFirst() }
            guard !complete else { return CopyError(side: .destination, transient: false, detail: "token already FULL") }
            guard offset == Int64(content.count) else {
                return CopyError(side: .destination, transient: true, detail: "resumeAt \(offset) != size \(content.count)")
            }
            content.append(contentsOf: chunk)
            complete = isFinal
            if loseAnswers > 0 {
                loseAnswers -= 1
                return CopyError(side: .destination, transient: true, detail: "connection reset after the write")
            }
            return nil
        }
        if let result { throw result }
    }
}

/// A retry policy that records waits instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `waits` only under `lock`.
    private let lock = NSLock()
    private var waits: [Duration] = []
    var recorded: [Duration] { lock.withLock { waits } }
    var policy: RetryPolicy {
        RetryPolicy(maxAttempts: 4, sleep: { [self] d in lock.withLock { waits.append(d) } }, random: { 0.5 })
    }
}

let transientReset = CopyError(side: .source, transient: true, detail: "connection reset")
