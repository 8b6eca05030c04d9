import Kaltura
import Zoom

extension JobRunner {
    /// A held entry's time is up: hand it to its owner if the account exists now, else delete
    /// it (DESIGN.md §4: held copies are never kept or shared).
    func expireHold(_ run: JobRun) throws(JobFailure) -> JobOutcome {
        guard let payload = FollowUp.payload(of: run.job) else { throw .permanent("the hold's payload does not decode") }
        let owner = try kalturaRead("owner lookup") { () throws(KalturaError) in
            try policy.resolveExisting(hostEmail: payload.hostEmail, directory: kaltura)
        }
        do throws(JobFailure) {
            if let owner {
                _ = try kalturaCall("handing the entry over") { () throws(KalturaError) in
                    try kaltura.updateMedia(id: payload.entryID, MediaEntryChanges(userID: owner, adminTags: "zoomentry"))
                }
                run.logger.info("held entry handed over", ["entry.id": .string(payload.entryID), "owner": .string(owner)])
                return .finished(.done, reason: "handed over to \(owner)", entryID: payload.entryID)
            }
            try kalturaCall("deleting the held entry") { () throws(KalturaError) in try kaltura.deleteMedia(id: payload.entryID) }
            run.logger.info("held entry deleted", ["entry.id": .string(payload.entryID)])
            return .finished(.done, reason: "deleted after \(settings.holdHours) h: \(payload.hostEmail) has no Kaltura account",
                             entryID: payload.entryID)
        } catch where error.kalturaCode == "ENTRY_ID_NOT_FOUND" {
            return .finished(.done, reason: "the held entry was already gone", entryID: payload.entryID)
        }
    }

    /// `ZOOM_DELETE_AFTER_DAYS` after a verified copy: the copied files go to Zoom's trash,
    /// provided the Kaltura entry is still there and not in error.
    func trashZoomFiles(_ run: JobRun) throws(JobFailure) -> JobOutcome {
        guard let payload = FollowUp.payload(of: run.job), let files = payload.fileIDs else {
            throw .permanent("the deletion's payload does not decode")
        }
        let entry: MediaEntry
        do throws(JobFailure) {
            entry = try kalturaRead("checking the Kaltura copy") { () throws(KalturaError) in try kaltura.getMedia(id: payload.entryID) }
        } catch where error.kalturaCode == "ENTRY_ID_NOT_FOUND" {
            return .finished(.skipped, reason: "the Kaltura entry is gone; the Zoom recording is kept", entryID: payload.entryID)
        }
        guard entry.status >= 0, entry.status != 3 else {
            return .finished(.skipped, reason: "the Kaltura entry has status \(entry.status); the Zoom recording is kept",
                             entryID: payload.entryID)
        }
        for file in files {
            try run.checkCancelled()
            try zoomCall("trashing Zoom file \(file)") { api throws(ZoomAPIError) in
                try api.trashRecording(meetingUUID: run.job.meetingUUID, fileID: file)
            }
        }
        run.logger.info("Zoom files trashed", ["entry.id": .string(payload.entryID), "files": .int(files.count)])
        return .finished(.done, reason: "trashed \(files.count) Zoom file(s)", entryID: payload.entryID)
    }
}
