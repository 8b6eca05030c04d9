import Crypto
import Jobs
import Kaltura
import Zoom

extension JobRunner {
    /// `recording.completed`: the owner decided, the entry found or made, the primary file
    /// (and child views) uploaded into it, captions and chat attached, follow-ups scheduled.
    func copyRecording(_ run: JobRun) throws(JobFailure) -> JobOutcome {
        var segment = try storedSegment(run)
        let decision = try kalturaRead("owner lookup") { () throws(KalturaError) in
            try policy.decide(for: segment.meeting, directory: kaltura)
        }
        if case .skip(let reason) = decision {
            run.logger.info("recording skipped", ["reason": .string(reason)])
            return .finished(.skipped, reason: reason, entryID: nil)
        }
        var plan = self.plan(segment)
        if !plan.processing.isEmpty {
            segment = try refreshed(segment, run: run)
            plan = self.plan(segment)
            if let file = plan.processing.first {
                throw .notReady(until: now() + settings.notReadyWait.milliseconds,
                                "Zoom is still processing file \(file.id) (\(file.fileType))")
            }
        }
        for skipped in plan.skipped {
            run.logger.debug("file not copied", ["file.id": .string(skipped.fileID), "reason": .string(skipped.reason)])
        }
        guard let primary = plan.primary else {
            return .finished(.skipped, reason: "the segment has no video or audio file", entryID: nil)
        }

        let parent = try ensureEntry(run, referenceID: segment.referenceID, isParent: true,
                                     entry: newEntry(segment, decision: decision, file: primary, parentID: nil),
                                     file: primary, segment: segment)
        for child in plan.children {
            _ = try ensureEntry(run, referenceID: Self.childReferenceID(segment, child), isParent: false,
                                entry: newEntry(segment, decision: decision, file: child, parentID: parent),
                                file: child, segment: segment)
        }
        for caption in plan.captions { try attachCaption(run, entryID: parent, file: caption, segment: segment) }
        if let chat = plan.chat { try attachChat(run, entryID: parent, file: chat, segment: segment) }

        switch decision {
        case .hold(let intendedOwner):
            let until = now() + Int64(settings.holdHours) * 3_600_000
            try schedule(run, FollowUp.holdExpiry, entryID: parent, fileIDs: nil, at: until)
            run.logger.info("recording held", ["entry.id": .string(parent), "owner.intended": .string(intendedOwner)])
            return .finished(.held, reason: "host \(segment.meeting.hostEmail) has no Kaltura account; held by "
                             + "\(settings.holdingUser) for \(settings.holdHours) h", entryID: parent)
        case .copy(let owner):
            let verified = ([primary] + plan.children).map(\.id)
            if settings.zoomDeleteAfterDays > 0, zoomAPI != nil, verified.allSatisfy({ run.progress.digests[$0] != nil }) {
                try schedule(run, FollowUp.zoomTrash, entryID: parent, fileIDs: verified,
                             at: now() + Int64(settings.zoomDeleteAfterDays) * 86_400_000)
            }
            run.logger.info("recording copied", ["entry.id": .string(parent), "owner": .string(owner)])
            return .finished(.done, reason: nil, entryID: parent)
        case .skip(let reason):
            return .finished(.skipped, reason: reason, entryID: nil)
        }
    }

    /// `recording.transcript_completed`: captions for the entry the recording's job made (or
    /// Kaltura's own integration made), found by reference id. Never makes an entry: when
    /// there is none yet, it waits for it.
    func attachTranscripts(_ run: JobRun) throws(JobFailure) -> JobOutcome {
        let segment = try storedSegment(run)
        let decision = try kalturaRead("owner lookup") { () throws(KalturaError) in
            try policy.decide(for: segment.meeting, directory: kaltura)
        }
        if case .skip(let reason) = decision { return .finished(.skipped, reason: reason, entryID: nil) }
        let entryID: String
        if let known = run.progress.entries[segment.referenceID]?.id {
            entryID = known
        } else {
            let found = try kalturaRead("looking up the recording's entry") { () throws(KalturaError) in
                try kaltura.listMedia(referenceID: segment.referenceID)
            }
            guard let entry = found.first else {
                throw .notReady(until: now() + settings.notReadyWait.milliseconds,
                                "waiting for the recording's entry \(segment.referenceID) to exist")
            }
            entryID = entry.id
            run.progress.entries[segment.referenceID] = .init(id: entry.id)
            try run.save(entryID: entry.id)
        }
        let captions = plan(segment).captions
        if let file = captions.first(where: \.isProcessing) {
            throw .notReady(until: now() + settings.notReadyWait.milliseconds, "Zoom is still processing file \(file.id)")
        }
        for caption in captions { try attachCaption(run, entryID: entryID, file: caption, segment: segment) }
        return .finished(.done, reason: nil, entryID: entryID)
    }

    // MARK: - Steps

    func storedSegment(_ run: JobRun) throws(JobFailure) -> RecordingSegment {
        guard let segment = RecordingSegment.stored(body: run.job.payload, recordingStart: run.job.recordingStart) else {
            throw .permanent("the stored webhook does not decode to the segment starting \(run.job.recordingStart)")
        }
        return segment
    }

    func plan(_ segment: RecordingSegment) -> SegmentPlan {
        SegmentPlan(files: segment.meeting.files, viewPriority: settings.viewPriority, childViews: settings.childViews)
    }

    /// The segment with the files' current state and a fresh download token, from the Zoom API
    /// (without API credentials the webhook's view is all there is).
    func refreshed(_ segment: RecordingSegment, run: JobRun) throws(JobFailure) -> RecordingSegment {
        guard zoomAPI != nil else { return segment }
        let fresh = try zoomCall("refreshing the recording") { api throws(ZoomAPIError) in
            try api.recording(meetingUUID: segment.meeting.uuid)
        }
        var updated = segment
        let current = Dictionary(fresh.meeting.files.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        updated.meeting.files = segment.meeting.files.map { current[$0.id] ?? $0 }
        if let token = fresh.downloadToken { updated.downloadToken = token }
        return updated
    }

    /// The entry for `referenceID` holding `file`. An entry made earlier (by an earlier attempt
    /// or by Kaltura's own Zoom integration) is reused, and given the file if it has no content
    /// yet. Otherwise the file is uploaded first and the entry made after it, so that a copy
    /// that cannot be made (the file deleted at Zoom) leaves no empty entry in My Media.
    /// - Returns: the entry id.
    func ensureEntry(_ run: JobRun, referenceID: String, isParent: Bool, entry: NewMediaEntry, file: RecordingFile,
                     segment: RecordingSegment) throws(JobFailure) -> String {
        if let id = try existingEntry(run, referenceID: referenceID, isParent: isParent) {
            if !run.progress.contentAttached.contains(id) {
                try attach(run, entryID: id, token: try uploaded(run, file: file, segment: segment))
            }
            return id
        }
        let token = try uploaded(run, file: file, segment: segment)
        let id = try createEntry(run, referenceID: referenceID, isParent: isParent, entry: entry)
        try attach(run, entryID: id, token: token)
        return id
    }

    /// The entry with this reference id, if one exists.
    ///
    /// Kaltura's list calls read a search index that lags writes by seconds. So the intent is
    /// saved before `media.add`; if that call's answer is lost, a lookup that misses the entry
    /// proves nothing until `listLag` has passed, and the job waits rather than add again.
    private func existingEntry(_ run: JobRun, referenceID: String, isParent: Bool) throws(JobFailure) -> String? {
        try run.checkCancelled()
        if let id = run.progress.entries[referenceID]?.id { return id }
        let found = try kalturaRead("looking up entry \(referenceID)") { () throws(KalturaError) in
            try kaltura.listMedia(referenceID: referenceID)
        }
        if let existing = found.first {
            run.progress.entries[referenceID] = .init(id: existing.id)
            if existing.status != MediaEntry.statusNoContent { run.progress.contentAttached.insert(existing.id) }
            try run.save(entryID: isParent ? existing.id : nil)
            run.logger.info("entry exists; reusing it", ["entry.id": .string(existing.id)])
            return existing.id
        }
        let lag = settings.listLag.milliseconds
        if let sent = run.progress.entries[referenceID]?.addSentAt, now() - sent < lag {
            throw .notReady(until: sent + lag, "waiting for Kaltura's search to show the entry whose creation answer was lost")
        }
        return nil
    }

    /// `media.add`, its intent saved first (see `existingEntry`).
    private func createEntry(_ run: JobRun, referenceID: String, isParent: Bool, entry: NewMediaEntry) throws(JobFailure) -> String {
        try run.checkCancelled()
        run.progress.entries[referenceID] = .init(addSentAt: now())
        try run.save()
        let made = try kalturaCall("creating the entry") { () throws(KalturaError) in try kaltura.addMedia(entry) }
        run.progress.entries[referenceID] = .init(id: made.id)
        try run.save(entryID: isParent ? made.id : nil)
        run.logger.info("entry created", ["entry.id": .string(made.id), "entry.owner": .string(entry.userID)])
        return made.id
    }

    /// An upload token holding all of `file`: uploaded now, resuming from its checkpoint, or
    /// the one a finished upload left.
    private func uploaded(_ run: JobRun, file: RecordingFile, segment: RecordingSegment) throws(JobFailure) -> String {
        try run.checkCancelled()
        guard let size = file.fileSize, size > 0 else {
            throw .permanent("Zoom gave no size for file \(file.id); a copy could not be verified")
        }
        if let checkpoint = run.progress.uploads[file.id], checkpoint.bytesAcknowledged == size {
            return checkpoint.uploadToken  // uploaded in full earlier: only the attach is missing
        }
        return try upload(run, file: file, size: size, segment: segment)
    }

    /// `media.addContent` with the upload token; an earlier attempt's lost answer is no error.
    private func attach(_ run: JobRun, entryID: String, token: String) throws(JobFailure) {
        do throws(JobFailure) {
            _ = try kalturaCall("attaching the upload") { () throws(KalturaError) in
                try kaltura.addContent(entryID: entryID, uploadTokenID: token)
            }
        } catch where error.kalturaCode == "ENTRY_ALREADY_WITH_CONTENT" {
            // An earlier attempt attached it and lost the answer.
        }
        run.progress.contentAttached.insert(entryID)
        try run.save()
    }

    /// Streams `file` from Zoom into a Kaltura upload token, saving a checkpoint per chunk.
    private func upload(_ run: JobRun, file: RecordingFile, size: Int64, segment: RecordingSegment) throws(JobFailure) -> String {
        let source = try self.source(for: file, segment: segment)
        let copier = ChunkedCopier(source: source, destination: KalturaUploadTarget(client: kaltura),
                                   chunkSize: settings.chunkSize, retry: settings.transfer)
        let started = now()
        let resumeFrom = run.progress.uploads[file.id]
        let ext = (file.fileExtension ?? file.fileType).lowercased()
        var transfer = Transfer(jobID: run.job.id, meetingUUID: segment.meeting.uuid, fileID: file.id,
                                bytes: resumeFrom?.bytesAcknowledged ?? 0, total: size, startedAt: started,
                                startBytes: resumeFrom?.bytesAcknowledged ?? 0, owner: run.job.hostEmail, topic: run.job.topic)
        transfers.update(transfer)
        let result: CopyResult
        do throws(CopyError) {
            result = try copier.copy(fileName: "Zoom_\(file.id).\(ext)", fileSize: size, resumingFrom: resumeFrom,
                                     isCancelled: run.isCancelled) { checkpoint throws(CopyError) in
                run.progress.uploads[file.id] = checkpoint
                transfer.bytes = checkpoint.bytesAcknowledged
                transfers.update(transfer)
                do throws(JobFailure) { try run.save() } catch {
                    throw error.kind == .leaseLost ? .cancelled : CopyError(side: .destination, transient: true, detail: error.reason)
                }
            }
        } catch {
            if error == .cancelled, !run.isCancelled() { throw JobFailure(kind: .leaseLost, reason: "the lease was lost") }
            throw JobFailure(error, while: "copying file \(file.id)")
        }
        if let digest = result.sha256 { run.progress.digests[file.id] = Digest.hex(digest) }
        run.logger.info("file uploaded", ["file.id": .string(file.id), "file.bytes": .int(Int(result.bytes)),
                                          "file.bytes_sent": .int(Int(result.bytesSent))])
        return result.uploadToken
    }

    /// Where `file` downloads from: the webhook's URL and token, renewed through the Zoom API
    /// when Zoom refuses the token (it lasts 24 hours).
    func source(for file: RecordingFile, segment: RecordingSegment) throws(JobFailure) -> ZoomFileSource {
        var refresh: (@Sendable () throws(CopyError) -> ZoomFileSource.Location)?
        if let api = zoomAPI {
            refresh = Self.refresher(api: api, meetingUUID: segment.meeting.uuid, fileID: file.id, peers: peers, now: now)
        }
        var token = segment.downloadToken
        if token == nil, let refresh {
            do throws(CopyError) { token = try refresh().token } catch { throw JobFailure(error, while: "getting a download token") }
        }
        guard let token else {
            throw .permanent("the webhook carried no download token and no Zoom API credentials are configured")
        }
        return ZoomFileSource(downloader: downloader, location: .init(url: file.downloadURL, token: token),
                              fileSize: file.fileSize ?? 0, refresh: refresh)
    }

    /// Asks the recordings API for a fresh URL and token for one file.
    private static func refresher(api: ZoomAPIClient, meetingUUID: String, fileID: String, peers: PeerBoard,
                                  now: @escaping @Sendable () -> Int64) -> @Sendable () throws(CopyError) -> ZoomFileSource.Location {
        return { () throws(CopyError) -> ZoomFileSource.Location in
            let fresh: ZoomAPIClient.Recording
            do throws(ZoomAPIError) {
                fresh = try api.recording(meetingUUID: meetingUUID)
            } catch {
                throw CopyError(side: .source, transient: error.isTransient, retryAfter: error.retryAfter,
                                detail: "renewing the download token: \(error)")
            }
            peers.succeeded(.zoom, at: now())
            guard let current = fresh.meeting.files.first(where: { $0.id == fileID }), let token = fresh.downloadToken else {
                throw CopyError(side: .source, transient: false, detail: "Zoom no longer lists file \(fileID)")
            }
            return ZoomFileSource.Location(url: current.downloadURL, token: token)
        }
    }

    /// Stores a follow-up job once (its dedupe key makes a repeat a no-op).
    func schedule(_ run: JobRun, _ kind: String, entryID: String, fileIDs: [String]?, at: Int64) throws(JobFailure) {
        let key = "\(kind)|\(entryID)"
        guard !run.progress.scheduled.contains(key) else { return }
        let job = FollowUp.job(kind, for: run.job, payload: .init(entryID: entryID, hostEmail: run.job.hostEmail,
                                                                   fileIDs: fileIDs), runAt: at)
        do throws(JobStoreError) {
            _ = try store.schedule([job], now: now())
        } catch {
            throw JobFailure(error)
        }
        run.progress.scheduled.insert(key)
        try run.save()
    }
}
