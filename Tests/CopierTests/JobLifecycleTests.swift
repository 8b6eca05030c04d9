import Config
import Copier
import Jobs
import Kaltura
import Simulators
import Testing
import Zoom

/// Deliveries, retries, waits, crashes and faults: whatever happens, one entry per segment.
@Suite struct JobLifecycleTests {
    static let ada = KalturaUser(id: "ada@uni.edu", email: "ada@uni.edu", status: 1)
    static let start = "2026-11-30T10:00:05Z"

    static func harness(settings: (inout CopierSettings) -> Void = { _ in }) throws -> PoolHarness {
        let harness = try PoolHarness(settings: settings)
        harness.kaltura.addUser(ada)
        return harness
    }

    @Test func aDuplicateDeliveryIsOneJobAndOneEntry() throws {
        let harness = try Self.harness()
        let first = try harness.deliver(uuid: "dup==", host: "ada@uni.edu", files: PoolHarness.lectureFiles(prefix: "d"))
        let second = try harness.deliver(uuid: "dup==", host: "ada@uni.edu")
        #expect(first == second)
        try harness.waitFor(first)
        let third = try harness.deliver(uuid: "dup==", host: "ada@uni.edu")  // after it is done
        #expect(third == first)
        #expect(harness.liveEntries(referenceID: "Zoom_dup==\(Self.start)").count == 1)
    }

    @Test func twoSegmentsAreTwoEntriesAndTheSecondIsPartTwo() throws {
        let harness = try Self.harness()
        let files = PoolHarness.lectureFiles(prefix: "s1", size: 1 << 20)
            + PoolHarness.lectureFiles(prefix: "s2", size: 1 << 20, start: "2026-11-30T11:00:05Z")
        let ids = try harness.deliver(uuid: "seg==", host: "ada@uni.edu", files: files)
        #expect(ids.count == 2)
        #expect(try harness.waitFor(ids).map(\.state) == [.done, .done])
        let first = try #require(harness.liveEntries(referenceID: "Zoom_seg==\(Self.start)").first)
        let second = try #require(harness.liveEntries(referenceID: "Zoom_seg==2026-11-30T11:00:05Z").first)
        #expect(first.name == "Lecture" && second.name == "Lecture — part 2")
        #expect(second.contentSHA256 == harness.zoom.sha256(fileID: "s2-screen"))
    }

    @Test func withoutVideoTheAudioBecomesAnAudioEntry() throws {
        let harness = try Self.harness()
        let ids = try harness.deliver(uuid: "audio==", host: "ada@uni.edu", files: [
            ZoomFile(id: "a-m4a", fileType: "M4A", recordingType: "audio_only", size: 700_000),
            ZoomFile(id: "a-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 2000),
        ])
        #expect(try harness.waitFor(ids)[0].state == .done)
        let entry = try #require(harness.liveEntries(referenceID: "Zoom_audio==\(Self.start)").first)
        #expect(entry.mediaType == 5 && entry.contentSHA256 == harness.zoom.sha256(fileID: "a-m4a"))
        #expect(entry.captionIDs.count == 1)
    }

    /// The file is uploaded before the entry is made: a copy that cannot be made (the file
    /// deleted at Zoom) fails without leaving an empty entry in the owner's My Media.
    @Test func aFileZoomNoLongerHasFailsWithoutAnEmptyEntry() throws {
        let harness = try Self.harness()
        harness.zoom.htmlErrorPage(forFile: "gone-mp4")
        let ids = try harness.deliver(uuid: "gone==", host: "ada@uni.edu", files: [ZoomFile(id: "gone-mp4", size: 500_000)])
        let job = try harness.waitFor(ids)[0]
        #expect(job.state == .failed && job.entryID == nil, "\(job.state) \(job.reason ?? "") \(job.entryID ?? "")")
        #expect(harness.kaltura.entries().isEmpty, "\(harness.kaltura.entries())")
    }

    @Test func otherViewsBecomeChildEntriesWhenConfigured() throws {
        let harness = try Self.harness { $0.childViews = true }
        let ids = try harness.deliver(uuid: "views==", host: "ada@uni.edu", files: PoolHarness.lectureFiles(prefix: "v", size: 1 << 20))
        #expect(try harness.waitFor(ids)[0].state == .done)
        let parent = try #require(harness.liveEntries(referenceID: "Zoom_views==\(Self.start)").first)
        let child = try #require(harness.liveEntries(referenceID: "Zoom_views==\(Self.start)_speaker_view").first)
        #expect(child.parentEntryID == parent.id && child.contentSHA256 == harness.zoom.sha256(fileID: "v-speaker"))
        #expect(harness.kaltura.entries().count == 2)  // the audio-only file is not a view
    }

    @Test func aFileStillProcessingIsWaitedForNotFailed() throws {
        let harness = try Self.harness()
        let ids = try harness.deliver(uuid: "proc==", host: "ada@uni.edu",
                                      files: PoolHarness.lectureFiles(prefix: "p", size: 1 << 20, videoStatus: "processing"))
        let waiting = try harness.waitFor(ids, in: [.waiting])[0]
        #expect(waiting.reason?.contains("still processing") == true)
        #expect(harness.kaltura.entries().isEmpty)
        harness.zoom.setFileStatus(fileID: "p-screen", status: "completed")
        let done = try harness.waitFor(ids)[0]
        #expect(done.state == .done && done.attempts == 1, "waits for Zoom do not use up attempts")
        #expect(harness.liveEntries(referenceID: "Zoom_proc==\(Self.start)").first?.contentSHA256
                == harness.zoom.sha256(fileID: "p-screen"))
    }

    @Test func transcriptsBeforeTheEntryWaitAndAfterItAttachOnce() throws {
        let harness = try Self.harness()
        let files = PoolHarness.lectureFiles(prefix: "t", size: 1 << 20)
        harness.zoom.addRecording(meetingUUID: "tr==", hostEmail: "ada@uni.edu", files: files)
        // The transcript event first: no entry yet, so it waits and never makes one.
        let early = try harness.deliver(uuid: "tr==", event: "recording.transcript_completed", host: "ada@uni.edu")
        let waiting = try harness.waitFor(early, in: [.waiting])[0]
        #expect(waiting.reason?.contains("to exist") == true && harness.kaltura.entries().isEmpty)
        let recording = try harness.deliver(uuid: "tr==", host: "ada@uni.edu")
        let jobs = try harness.waitFor(early + recording)
        #expect(jobs.map(\.state) == [.done, .done])
        let entry = try #require(harness.liveEntries(referenceID: "Zoom_tr==\(Self.start)").first)
        #expect(jobs[0].entryID == entry.id && harness.kaltura.entries().count == 1)
        #expect(entry.captionIDs.count == 1)
        // Delivered again later (after the entry exists): still one caption.
        harness.zoom.addRecording(meetingUUID: "tr==", hostEmail: "ada@uni.edu", files: files + [
            ZoomFile(id: "t-cc", fileType: "CC", recordingType: "closed_caption", size: 3000, recordingStart: Self.start),
        ])
        let late = try harness.deliver(uuid: "tr==", event: "recording.transcript_completed", host: "ada@uni.edu")
        #expect(try harness.waitFor(late)[0].state == .done)
        let labels = try #require(harness.kaltura.entry(id: entry.id)).captionIDs.compactMap { harness.kaltura.asset(id: $0)?.fields["label"] }
        #expect(labels.sorted() == ["Zoom_CC", "Zoom_TRANSCRIPT"])
    }

    /// The answer to `media.add` is lost and the search index lags: the lookup that follows
    /// misses the entry, and the job waits for the index instead of adding a second one.
    @Test func aLostCreationAnswerNeverMakesASecondEntry() throws {
        let harness = try Self.harness { $0.listLag = .seconds(3) }
        harness.kaltura.listLag(seconds: 1)
        harness.kaltura.loseNextAnswers(to: "media.add", 1)
        let ids = try harness.deliver(uuid: "lost==", host: "ada@uni.edu", files: [ZoomFile(id: "lost-mp4", size: 1 << 20)])
        let job = try harness.waitFor(ids)[0]
        #expect(job.state == .done)
        #expect(harness.kaltura.counters.faults["lostAnswer"] == 1)
        #expect(harness.kaltura.counters.calls["media.add"] == 1)
        #expect(harness.logs.lines.contains { $0.contains("waiting for Kaltura's search") })
        #expect(harness.liveEntries(referenceID: "Zoom_lost==\(Self.start)").count == 1)
        #expect(harness.kaltura.entry(id: job.entryID ?? "")?.status == 2)
    }

    @Test func anEntryMadeByKalturasOwnIntegrationIsReused() throws {
        let harness = try Self.harness()
        let existing = try harness.client.addMedia(NewMediaEntry(name: "Lecture", userID: "ada@uni.edu",
                                                                 referenceID: "Zoom_reuse==\(Self.start)"))
        let ids = try harness.deliver(uuid: "reuse==", host: "ada@uni.edu", files: [ZoomFile(id: "reuse-mp4", size: 1 << 20)])
        let job = try harness.waitFor(ids)[0]
        #expect(job.state == .done && job.entryID == existing.id)
        #expect(harness.kaltura.entries().count == 1)
        #expect(harness.kaltura.entry(id: existing.id)?.contentSHA256 == harness.zoom.sha256(fileID: "reuse-mp4"))
    }

    /// Shutdown in the middle of a copy: the job goes back to the queue with its checkpoint,
    /// and the next pool sends only what Kaltura had not acknowledged.
    @Test func aStoppedCopyResumesFromItsCheckpoint() throws {
        let harness = try Self.harness()
        let size = 8 << 20
        harness.zoom.slowDownloads(bytesPerSecond: 6 << 20)
        let ids = try harness.deliver(uuid: "stop==", host: "ada@uni.edu", files: [ZoomFile(id: "stop-mp4", size: size)])
        let deadline = ContinuousClock.now + .seconds(30)
        while harness.kaltura.counters.uploadedBytes < 3 << 20, ContinuousClock.now < deadline {
            try harness.pausePolling()
        }
        #expect(harness.restartPool())
        harness.zoom.slowDownloads(bytesPerSecond: nil)
        let job = try harness.waitFor(ids)[0]
        #expect(job.state == .done)
        let resent = harness.kaltura.counters.uploadedBytes - size
        #expect(resent < 2 << 20, "re-sent \(resent) bytes")
        #expect(harness.liveEntries(referenceID: "Zoom_stop==\(Self.start)").first?.contentSHA256
                == harness.zoom.sha256(fileID: "stop-mp4"))
        #expect(harness.logs.lines.contains { $0.contains("job released for shutdown") })
    }

    /// Kaltura goes away: jobs wait without using up attempts, the problem is on the peer
    /// board, and copying resumes by itself when Kaltura is back on the same address.
    @Test func aKalturaOutageIsWaitedOut() throws {
        let harness = try Self.harness { $0.maxAttempts = 2 }
        let port = harness.kaltura.port
        harness.kaltura.stop()
        let ids = try harness.deliver(uuid: "down==", host: "ada@uni.edu", files: [ZoomFile(id: "down-mp4", size: 1 << 20)])
        let deadline = ContinuousClock.now + .seconds(30)
        while harness.peers.snapshot().first(where: { $0.peer == .kaltura })?.problem == nil, ContinuousClock.now < deadline {
            try harness.pausePolling()
        }
        let problem = harness.peers.snapshot().first { $0.peer == .kaltura }?.problem
        #expect(problem?.contains("Kaltura unreachable") == true)
        // Several retries pass while it is down; none of them counts.
        while (try harness.store.job(id: ids[0])?.reason) == nil, ContinuousClock.now < deadline { try harness.pausePolling() }
        harness.kaltura = try KalturaSimulator(port: port)
        harness.kaltura.addUser(Self.ada)
        let job = try harness.waitFor(ids)[0]
        #expect(job.state == .done, "\(job.reason ?? "")")
        #expect(harness.peers.snapshot().allSatisfy { $0.problem == nil })
        #expect(harness.liveEntries(referenceID: "Zoom_down==\(Self.start)").count == 1)
    }

    /// 5% of calls on both sides fail (500s, 429s, resets): every recording still ends done,
    /// with exactly one entry each and the right bytes.
    @Test func fiftyRecordingsThroughRandomFaults() throws {
        let harness = try Self.harness { $0.maxAttempts = 20 }
        harness.kaltura.randomFaults(rate: 0.05, seed: 7)
        harness.zoom.randomFaults(rate: 0.05, seed: 11)
        var ids: [Int64] = []
        for n in 0..<50 {
            ids += try harness.deliver(uuid: "fault\(n)==", host: "ada@uni.edu", files: [
                ZoomFile(id: "f\(n)-mp4", size: (1 << 20) + n * 1000, recordingStart: Self.start),
                ZoomFile(id: "f\(n)-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 1500,
                         recordingStart: Self.start),
                ZoomFile(id: "f\(n)-chat", fileType: "CHAT", recordingType: "chat_file", size: 500, recordingStart: Self.start),
            ])
        }
        let jobs = try harness.waitFor(ids, timeout: .seconds(120))
        #expect(jobs.allSatisfy { $0.state == .done }, "\(jobs.filter { $0.state != .done }.map { "\($0.id): \($0.reason ?? "")" })")
        for n in 0..<50 {
            let entries = harness.liveEntries(referenceID: "Zoom_fault\(n)==\(Self.start)")
            #expect(entries.count == 1, "recording \(n)")
            #expect(entries.first?.contentSHA256 == harness.zoom.sha256(fileID: "f\(n)-mp4"))
            #expect(entries.first?.captionIDs.count == 1 && entries.first?.attachmentIDs.count == 1)
        }
        let faults = harness.kaltura.counters.faults.values.reduce(0, +) + harness.zoom.counters.faults.values.reduce(0, +)
        #expect(faults > 20, "the faults were injected (\(faults))")
    }
}
