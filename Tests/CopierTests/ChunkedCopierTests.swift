import Copier
import Crypto
import Testing

@Suite struct ChunkedCopierTests {
    /// The chunk size of these tests (small, so that debug builds stay fast).
    let mib = 1 << 16

    func copy(source: FakeSource, uploader: FakeUploader, size: Int, chunk: Int, sleeper: SleepRecorder = SleepRecorder(),
              resume: Checkpoint? = nil) throws(CopyError) -> (CopyResult, [Checkpoint]) {
        let copier = ChunkedCopier(source: source, destination: uploader, chunkSize: chunk, retry: sleeper.policy)
        var checkpoints: [Checkpoint] = []
        let result = try copier.copy(fileName: "f.mp4", fileSize: Int64(size), resumingFrom: resume) { checkpoints.append($0) }
        return (result, checkpoints)
    }

    @Test func copiesInChunksWithCheckpointsAndTheSourceDigest() throws {
        let size = 5 * mib + 123
        let uploader = FakeUploader()
        let (result, checkpoints) = try copy(source: FakeSource(size: size, supportsRange: true), uploader: uploader, size: size, chunk: mib)
        let expected = fakeFile(size)
        #expect(uploader.snapshot.content == expected && uploader.snapshot.complete)
        #expect(result.sha256 == Digest.sha256(expected) && result.bytes == Int64(size) && result.bytesSent == Int64(size))
        #expect(uploader.snapshot.calls.map(\.offset) == (0...5).map { Int64($0 * mib) })
        #expect(uploader.snapshot.calls.map(\.isFinal) == [false, false, false, false, false, true])
        #expect(checkpoints.map(\.bytesAcknowledged) == (1...5).map { Int64($0 * mib) } + [Int64(size)])
    }

    @Test func aSizeThatIsAMultipleOfTheChunkMarksItsLastChunkFinal() throws {
        let uploader = FakeUploader()
        _ = try copy(source: FakeSource(size: 2 * mib, supportsRange: true), uploader: uploader, size: 2 * mib, chunk: mib)
        #expect(uploader.snapshot.calls == [.init(offset: 0, size: mib, isFinal: false), .init(offset: Int64(mib), size: mib, isFinal: true)])
        #expect(uploader.snapshot.complete)
    }

    @Test func anEmptyFileIsOneEmptyFinalChunk() throws {
        let uploader = FakeUploader()
        let (result, _) = try copy(source: FakeSource(size: 0, supportsRange: true), uploader: uploader, size: 0, chunk: mib)
        #expect(uploader.snapshot.calls == [.init(offset: 0, size: 0, isFinal: true)])
        #expect(result.sha256 == Digest.sha256([]))
    }

    @Test func aResetDownloadResumesWithRangeAtTheFirstByteNotHandedOver() throws {
        let size = 4 * mib
        let source = FakeSource(size: size, supportsRange: true, failures: [(afterBytes: Int64(2 * mib + mib / 2), error: transientReset)])
        let uploader = FakeUploader()
        let sleeper = SleepRecorder()
        let (result, _) = try copy(source: source, uploader: uploader, size: size, chunk: mib, sleeper: sleeper)
        #expect(uploader.snapshot.content == fakeFile(size))
        #expect(source.offsetsAsked == [0, Int64(2 * mib)])
        #expect(result.sha256 == Digest.sha256(fakeFile(size)))
        #expect(sleeper.recorded.count == 1)
    }

    @Test func withoutRangeTheDownloadRestartsAndDiscardsWhatWasSent() throws {
        let size = 3 * mib
        let source = FakeSource(size: size, supportsRange: false, failures: [(afterBytes: Int64(mib + 5), error: transientReset)])
        let uploader = FakeUploader()
        _ = try copy(source: source, uploader: uploader, size: size, chunk: mib)
        #expect(uploader.snapshot.content == fakeFile(size))
        #expect(uploader.snapshot.calls.filter { $0.size > 0 }.map(\.offset) == [0, Int64(mib), Int64(2 * mib)])
    }

    @Test func aFailedChunkIsRetriedAloneHonouringRetryAfter() throws {
        let size = 3 * mib
        let uploader = FakeUploader(failures: [
            CopyError(side: .destination, transient: true, detail: "HTTP 500"),
            CopyError(side: .destination, transient: true, retryAfter: .seconds(7), detail: "HTTP 429"),
        ])
        let sleeper = SleepRecorder()
        _ = try copy(source: FakeSource(size: size, supportsRange: true), uploader: uploader, size: size, chunk: mib, sleeper: sleeper)
        #expect(uploader.snapshot.content == fakeFile(size))
        #expect(uploader.snapshot.calls.prefix(3).map(\.offset) == [0, 0, 0])
        #expect(sleeper.recorded.count == 2 && sleeper.recorded[1] >= .seconds(7))
    }

    @Test func aChunkWhoseAnswerWasLostIsNotSentTwice() throws {
        let size = 2 * mib + 1
        let uploader = FakeUploader(loseAnswers: 1)
        _ = try copy(source: FakeSource(size: size, supportsRange: true), uploader: uploader, size: size, chunk: mib)
        #expect(uploader.snapshot.content == fakeFile(size))
        #expect(uploader.snapshot.calls.map(\.offset) == [0, Int64(mib), Int64(2 * mib)])
    }

    @Test func resumesFromWhatTheDestinationHolds() throws {
        let size = 4 * mib
        let held = Array(fakeFile(size).prefix(2 * mib))
        let uploader = FakeUploader(holding: held)
        let source = FakeSource(size: size, supportsRange: true)
        // The checkpoint says 1 MiB, the token holds 2: the token wins.
        let (result, _) = try copy(source: source, uploader: uploader, size: size, chunk: mib,
                                   resume: Checkpoint(uploadToken: "token-1", bytesAcknowledged: Int64(mib)))
        #expect(uploader.snapshot.content == fakeFile(size))
        #expect(source.offsetsAsked == [Int64(2 * mib)])
        #expect(result.bytesSent == Int64(2 * mib) && result.sha256 == nil)
    }

    @Test func permanentErrorsStopAtOnce() {
        let html = CopyError(side: .source, transient: false, detail: "text/html instead of the recording")
        let source = FakeSource(size: 2 * mib, supportsRange: true, failures: [(afterBytes: 0, error: html)])
        let sleeper = SleepRecorder()
        #expect(throws: html) { try copy(source: source, uploader: FakeUploader(), size: 2 * mib, chunk: mib, sleeper: sleeper) }
        #expect(sleeper.recorded.isEmpty)
    }

    @Test func retriesAreBounded() {
        let failures = (0..<10).map { _ in (afterBytes: Int64(10), error: transientReset) }
        let source = FakeSource(size: 2 * mib, supportsRange: true, failures: failures)
        #expect(throws: transientReset) { try copy(source: source, uploader: FakeUploader(), size: 2 * mib, chunk: mib) }
        #expect(source.offsetsAsked.count == 4)
    }

    @Test func aCheckpointThatCannotBeSavedStopsTheCopy() {
        let lost = CopyError(side: .destination, transient: false, detail: "lease lost")
        let copier = ChunkedCopier(source: FakeSource(size: 3 * mib, supportsRange: true), destination: FakeUploader(),
                                   chunkSize: mib, retry: SleepRecorder().policy)
        #expect(throws: lost) {
            try copier.copy(fileName: "f", fileSize: Int64(3 * mib)) { (_: Checkpoint) throws(CopyError) in throw lost }
        }
    }
}
