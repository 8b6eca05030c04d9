import HTTPClient

extension ZoomAPIClient {
    /// A GET with the cached access token; a 401 drops the token and tries once more with a
    /// new one. A token that cannot be had is a credentials problem (the OAuth app refuses us)
    /// unless the failure was transient.
    /// - Returns: the body of a 200.
    func authorizedGET(_ url: String, what: String, maxBodyBytes: Int = 4 << 20) throws(ZoomAPIError) -> [UInt8] {
        var retried = false
        while true {
            let bearer: String
            do throws(ZoomAPIError) { bearer = try accessToken() } catch {
                throw error.isTransient ? error : ZoomAPIError(status: error.status, transient: false, credentials: true,
                                                               retryAfter: error.retryAfter, detail: error.detail)
            }
            let request = HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("Authorization", "Bearer \(bearer)")])
            let response: HTTPResponse
            do throws(HTTPClientError) { response = try http.send(request, maxBodyBytes: maxBodyBytes) } catch { throw .transport(error) }
            if response.status == 401, !retried {
                token.withLock { $0 = nil }  // revoked or expired early: one new token, one retry
                retried = true
                continue
            }
            guard response.status == 200 else { throw .answer(response, what: what) }
            return response.body
        }
    }

    /// `recording.completed` as Zoom would have sent it for `meeting`, a meeting uuid or a
    /// numeric meeting id (Zoom answers for the meeting's latest instance then), from
    /// `GET /meetings/{meeting}/recordings?include_fields=download_access_token`.
    /// - Parameter eventTimestamp: `event_ts` of the made-up event, epoch milliseconds.
    /// - Throws: Zoom's answer (404 when it has no such recording), or a non-transient error
    ///   with status 200 when the answer is not a recording.
    public func completedWebhook(meeting: String, eventTimestamp: Int64) throws(ZoomAPIError) -> APIRecordingWebhook {
        let url = "\(credentials.apiURL)/meetings/\(Self.encodeMeetingUUID(meeting))/recordings"
            + "?include_fields=download_access_token&ttl=86400"
        let answer = try authorizedGET(url, what: "recordings of a meeting")
        switch APIRecordingWebhook.make(fromAPIAnswer: answer, accountID: credentials.accountID, eventTimestamp: eventTimestamp) {
        case .success(let webhook): return webhook
        case .failure(let error):
            throw ZoomAPIError(status: 200, transient: false, detail: "recordings of a meeting: the answer is not a recording: \(error)")
        }
    }
}
