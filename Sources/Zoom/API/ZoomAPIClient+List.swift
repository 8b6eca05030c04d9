#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ZoomAPIClient {
    /// One page of the account's cloud recordings.
    public struct RecordingList: Sendable, Equatable {
        /// A meeting instance with recordings. The list carries no download token (Zoom's
        /// list endpoints have no `include_fields=download_access_token`), so a copy fetches
        /// each one with `completedWebhook(meeting:eventTimestamp:)`.
        public struct Listed: Sendable, Equatable {
            public var uuid: String
            public var startTime: String?
            public var fileCount: Int
        }

        public var meetings: [Listed]
        /// The next page's token; nil on the last page (Zoom sends an empty string).
        public var nextPageToken: String?
    }

    /// The largest page Zoom serves.
    public static let listPageSize = 300

    /// `GET /accounts/me/recordings?from=…&to=…&page_size=300[&next_page_token=…]`: the
    /// account's recordings whose meeting started within the UTC dates `from`…`to`
    /// (`YYYY-MM-DD`, both included).
    public func listRecordings(from: String, to: String, pageToken: String? = nil) throws(ZoomAPIError) -> RecordingList {
        var url = "\(credentials.apiURL)/accounts/me/recordings?from=\(Self.percentEncode(from))&to=\(Self.percentEncode(to))"
            + "&page_size=\(Self.listPageSize)"
        if let pageToken, !pageToken.isEmpty { url += "&next_page_token=\(Self.percentEncode(pageToken))" }
        let answer = try authorizedGET(url, what: "the account's recordings", maxBodyBytes: 32 << 20)
        guard let page = try? JSONDecoder().decode(WireRecordingList.self, from: Data(answer)) else {
            throw ZoomAPIError(status: 200, transient: false, detail: "the account's recordings: the answer is not a recording list")
        }
        return RecordingList(
            meetings: page.meetings?.map { .init(uuid: $0.uuid, startTime: $0.start_time, fileCount: $0.recording_files?.count ?? 0) }
                ?? [],
            nextPageToken: page.next_page_token.flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// `GET /accounts/{id}/recordings`: only what the walk needs; the rest is read per meeting.
private struct WireRecordingList: Decodable {
    struct Meeting: Decodable {
        let uuid: String
        let start_time: String?
        let recording_files: [WireJSON]?
    }

    let meetings: [Meeting]?
    let next_page_token: String?
}
