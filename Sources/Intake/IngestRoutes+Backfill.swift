import HTTPServer
import Jobs
import Zoom

extension IngestRoutes {
    /// `{"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}` → one durable `zoom.backfill` job that a
    /// worker runs day by day (see `JobRunner.backfill`). The same range twice is one job.
    func backfill(_ request: Request, _ responder: Responder) -> Reply {
        let range: BackfillRange
        switch Self.range(in: request) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let value): range = value
        }
        guard zoomAPI != nil else { return .now(Self.notConfigured) }
        let routes = self
        return .background(responder) {
            routes.store([Self.backfillJob(range)], what: "backfill",
                         fields: ["backfill.from": .string(range.from), "backfill.to": .string(range.to)])
        }
    }

    /// The job a backfill of `range` is stored as.
    public static func backfillJob(_ range: BackfillRange) -> NewJob {
        NewJob(dedupeKey: range.dedupeKey, kind: BackfillRange.jobKind, meetingUUID: "", recordingStart: "",
               hostEmail: "", topic: "Zoom backfill \(range.from) to \(range.to)", payload: range.payload)
    }
}
