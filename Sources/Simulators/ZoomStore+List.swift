import HTTP1
import HTTPServer

/// The account's recordings listed by date, and meetings found by number: what a backfill
/// and an ingest by meeting id ask of Zoom.
extension ZoomStore {
    /// The recording a path names: a meeting uuid, or a meeting number, which Zoom resolves to
    /// the meeting's latest instance (by `start_time`). Trashed recordings are not found.
    func recording(meeting: String) -> ZoomRecording? {
        state.withLock { state in
            if let recording = state.recordings[meeting], !recording.trashed { return recording }
            guard !meeting.isEmpty, meeting.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let number = Int64(meeting) else { return nil }
            return state.recordings.values.filter { $0.meetingID == number && !$0.trashed }
                .max { ($0.startTime, $0.uuid) < ($1.startTime, $1.uuid) }
        }
    }

    static func invalidField(_ message: String) -> Response {
        .json(.badRequest, SimJSON.encode(["code": 300, "message": message] as [String: Any]))
    }

    /// `GET /v2/accounts/{accountId|me}/recordings?from=YYYY-MM-DD&to=YYYY-MM-DD&page_size=&next_page_token=`:
    /// recordings whose `start_time` falls on a UTC day from `from` to `to`, newest first,
    /// without download tokens (as Zoom's list), `page_size` (default 30) at most 300 or the
    /// simulator's page limit per page.
    func listRecordings(_ request: Request) -> Response {
        if let refused = admitAPICall(request) { return refused }
        let account = request.pathParameters["accountID"] ?? ""
        guard account == "me" || account == accountID else {
            return .json(.notFound, Array(#"{"code":1001,"message":"Account does not exist."}"#.utf8))
        }
        let query = FormEncoding.pairs(request.head.query ?? "")
        let value = { (name: String) in query.first { $0.0 == name }?.1 }
        guard let from = value("from"), Self.isDate(from) else { return Self.invalidField("Invalid field: from (yyyy-mm-dd).") }
        guard let to = value("to"), Self.isDate(to), from <= to else { return Self.invalidField("Invalid field: to (yyyy-mm-dd).") }
        let asked = value("page_size").map { Int($0) } ?? 30
        guard let asked, asked >= 1 else { return Self.invalidField("Invalid field: page_size.") }
        var offset = 0
        if let token = value("next_page_token"), !token.isEmpty {
            guard token.hasPrefix("zsim-page-"), let start = Int(token.dropFirst("zsim-page-".count)), start >= 0 else {
                return Self.invalidField("Invalid field: next_page_token.")
            }
            offset = start
        }
        let (recordings, limit) = state.withLock { state in
            (state.recordings.values.filter { recording in
                let day = String(recording.startTime.prefix(10))
                return !recording.trashed && day >= from && day <= to
            }.sorted { ($0.startTime, $0.uuid) > ($1.startTime, $1.uuid) }, state.listPageLimit)
        }
        let size = min(asked, 300, limit)
        let page = recordings.dropFirst(offset).prefix(size)
        let next = offset + page.count < recordings.count ? "zsim-page-\(offset + page.count)" : ""
        return .json(.ok, SimJSON.encode([
            "from": from, "to": to, "page_size": size, "total_records": recordings.count, "next_page_token": next,
            "meetings": page.map { $0.json(base: baseURL, downloadPath: "rec/download", accountID: accountID) },
        ] as [String: Any]))
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

extension ZoomSimulator {
    /// Caps the pages of the recordings list below Zoom's 300, so that a test walks several.
    public func setListPageLimit(_ limit: Int) {
        store.state.withLock { $0.listPageLimit = max(1, limit) }
    }
}
