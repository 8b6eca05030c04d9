import Crypto
import Foundation
import HTTPClient
import Simulators
import Testing

@Suite struct ZoomSimulatorTests {
    let client = HTTPClient()

    /// A simulator with one recording of two files; the caller stops it.
    func makeSimulator(size: Int = 3 * 1024 * 1024 + 17) throws -> (ZoomSimulator, token: String) {
        let zoom = try ZoomSimulator()
        let token = zoom.addRecording(meetingUUID: "/ajXp112QmuoKj4854875==", files: [
            ZoomFile(id: "file-a", size: size), ZoomFile(id: "file-b", fileType: "M4A", recordingType: "audio_only", size: 1000),
        ])
        return (zoom, token)
    }

    /// GETs the download URL without following, then streams the CDN URL from its Location.
    func download(_ zoom: ZoomSimulator, fileID: String, token: String?, range: Int? = nil)
        throws -> (redirect: HTTPResponse, cdn: HTTPResponse?, bytes: [UInt8]) {
        var headers: [HTTPHeader] = []
        if let token { headers.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        let first = try client.send(HTTPRequest(url: zoom.baseURL + "/rec/webhook_download/\(fileID)", headers: headers))
        guard first.status == 302, let location = first.header("Location") else { return (first, nil, first.body) }
        var cdnHeaders: [HTTPHeader] = []
        if let range { cdnHeaders.append(HTTPHeader("Range", "bytes=\(range)-")) }
        var bytes: [UInt8] = []
        let cdn = try client.stream(HTTPRequest(url: location, headers: cdnHeaders), onHead: { _ in true },
                                    onData: { bytes.append(contentsOf: $0); return true })
        return (first, cdn, bytes)
    }

    @Test func downloadRedirectsToTheCDNAndBytesMatchTheDigest() throws {
        let (zoom, token) = try makeSimulator()
        defer { zoom.stop() }
        let result = try download(zoom, fileID: "file-a", token: token)
        #expect(result.redirect.status == 302)
        #expect(result.redirect.header("Location")?.hasPrefix(zoom.baseURL + "/cdn/file-a?sig=") == true)
        let cdn = try #require(result.cdn)
        #expect(cdn.status == 200)
        #expect(cdn.header("Content-Type") == "video/mp4")
        #expect(cdn.header("Content-Length") == String(3 * 1024 * 1024 + 17))
        #expect(cdn.header("Accept-Ranges") == "bytes")
        #expect(result.bytes.count == 3 * 1024 * 1024 + 17)
        #expect(Digest.hex(Digest.sha256(result.bytes)) == zoom.sha256(fileID: "file-a"))
        #expect(result.bytes == ZoomSimulator.bytes(fileID: "file-a", range: 0..<result.bytes.count))
        #expect(zoom.counters.downloadsStarted == 1)
        #expect(zoom.counters.bytesServed == result.bytes.count)
    }

    @Test func bytesAreDeterministicPerFileAndOffset() {
        let whole = ZoomSimulator.bytes(fileID: "x", range: 0..<1000)
        #expect(ZoomSimulator.bytes(fileID: "x", range: 333..<777) == Array(whole[333..<777]))
        #expect(ZoomSimulator.bytes(fileID: "y", range: 0..<1000) != whole)
        #expect(ZoomSimulator.sha256(fileID: "x", size: 1000) == Digest.hex(Digest.sha256(whole)))
    }

    @Test func withoutATokenTheAnswerIsZoomsHTMLPage() throws {
        let (zoom, _) = try makeSimulator()
        defer { zoom.stop() }
        let missing = try download(zoom, fileID: "file-a", token: nil)
        #expect(missing.redirect.status == 200)
        #expect(missing.redirect.header("Content-Type")?.hasPrefix("text/html") == true)
        let wrong = try download(zoom, fileID: "file-a", token: "not-a-token")
        #expect(wrong.redirect.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(zoom.counters.htmlErrorPages == 2)
        #expect(zoom.counters.downloadsStarted == 0)
    }

    @Test func expiredTokenGivesAnHTMLPageWithStatus200() throws {
        let (zoom, token) = try makeSimulator()
        defer { zoom.stop() }
        zoom.expireDownloadTokens()
        let result = try download(zoom, fileID: "file-a", token: token)
        #expect(result.redirect.status == 200)
        #expect(result.redirect.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(result.bytes.count < 1000)
        let fresh = zoom.issueDownloadToken(meetingUUID: "/ajXp112QmuoKj4854875==")
        #expect(try download(zoom, fileID: "file-a", token: fresh).redirect.status == 302)
    }

    @Test func rangeIsHonouredOnlyWhenEnabled() throws {
        let (zoom, token) = try makeSimulator(size: 100_000)
        defer { zoom.stop() }
        let ranged = try download(zoom, fileID: "file-a", token: token, range: 40_000)
        #expect(ranged.cdn?.status == 206)
        #expect(ranged.cdn?.header("Content-Range") == "bytes 40000-99999/100000")
        #expect(ranged.bytes == ZoomSimulator.bytes(fileID: "file-a", range: 40_000..<100_000))
        #expect(zoom.counters.rangesAsked == [40_000])
        zoom.setRangeSupport(false)
        let whole = try download(zoom, fileID: "file-a", token: token, range: 40_000)
        #expect(whole.cdn?.status == 200)
        #expect(whole.cdn?.header("Accept-Ranges") == nil)
        #expect(whole.bytes.count == 100_000)
    }

    @Test func resetMidBodyCutsTheBodyShort() throws {
        let (zoom, token) = try makeSimulator(size: 2_000_000)
        defer { zoom.stop() }
        zoom.resetNextDownloads(1, afterBytes: 300_000)
        let first = try client.send(HTTPRequest(url: zoom.baseURL + "/rec/webhook_download/file-a",
                                                headers: [HTTPHeader("Authorization", "Bearer \(token)")]))
        let location = try #require(first.header("Location"))
        var received = 0
        #expect(throws: HTTPClientError.self) {
            try client.stream(HTTPRequest(url: location), onHead: { _ in true }, onData: { received += $0.count; return true })
        }
        #expect(received == 300_000)
        #expect(zoom.counters.faults["reset"] == 1)
        // Faults are used up: the next download is whole.
        #expect(try download(zoom, fileID: "file-a", token: token).bytes.count == 2_000_000)
    }

    @Test func failuresAndRateLimitsAreCounted() throws {
        let (zoom, token) = try makeSimulator(size: 10)
        defer { zoom.stop() }
        zoom.failNextDownloads(1, status: 503)
        #expect(try download(zoom, fileID: "file-a", token: token).redirect.status == 503)
        zoom.rateLimitNext(1, retryAfter: 7)
        let limited = try download(zoom, fileID: "file-a", token: token).redirect
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "7")
        zoom.htmlErrorPage(forFile: "file-a")
        #expect(try download(zoom, fileID: "file-a", token: token).redirect.header("Content-Type")?.hasPrefix("text/html") == true)
        zoom.htmlErrorPage(forFile: "file-a", false)
        #expect(try download(zoom, fileID: "file-a", token: token).bytes.count == 10)
        #expect(zoom.counters.faults == ["fail": 1, "rateLimit": 1, "html": 1])
    }

    @Test func oauthThenRecordingsAPIWithADoubleEncodedUUID() throws {
        let (zoom, _) = try makeSimulator()
        defer { zoom.stop() }
        let basic = Data("\(zoom.clientID):\(zoom.clientSecret)".utf8).base64EncodedString()
        let tokenURL = zoom.baseURL + "/oauth/token?grant_type=account_credentials&account_id=\(zoom.accountID)"
        let bad = try client.send(HTTPRequest(method: "POST", url: tokenURL, headers: [HTTPHeader("Authorization", "Basic eDp5")]))
        #expect(bad.status == 401)
        let good = try client.send(HTTPRequest(method: "POST", url: tokenURL, headers: [HTTPHeader("Authorization", "Basic \(basic)")]))
        #expect(good.status == 200)
        let token = try #require(try JSONSerialization.jsonObject(with: Data(good.body)) as? [String: Any])
        #expect(token["token_type"] as? String == "bearer")
        #expect(token["expires_in"] as? Int == 3600)
        #expect(token["scope"] is String)
        let accessToken = try #require(token["access_token"] as? String)

        // Form body instead of the query works too.
        let form = try client.send(HTTPRequest(method: "POST", url: zoom.baseURL + "/oauth/token", headers: [
            HTTPHeader("Authorization", "Basic \(basic)"), HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
        ], body: .bytes(Array("grant_type=account_credentials&account_id=\(zoom.accountID)".utf8))))
        #expect(form.status == 200)

        let auth = [HTTPHeader("Authorization", "Bearer \(accessToken)")]
        let single = try client.send(HTTPRequest(url: zoom.baseURL + "/v2/meetings/%2FajXp112QmuoKj4854875%3D%3D/recordings",
                                                 headers: auth))
        #expect(single.status == 404)
        let url = zoom.baseURL + "/v2/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings?include_fields=download_access_token"
        let response = try client.send(HTTPRequest(url: url, headers: auth))
        #expect(response.status == 200)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(body["uuid"] as? String == "/ajXp112QmuoKj4854875==")
        let files = try #require(body["recording_files"] as? [[String: Any]])
        #expect(files.count == 2)
        #expect(files.first?["download_url"] as? String == zoom.baseURL + "/rec/download/file-a")
        let downloadToken = try #require(body["download_access_token"] as? String)
        let redirect = try client.send(HTTPRequest(url: zoom.baseURL + "/rec/download/file-b",
                                                   headers: [HTTPHeader("Authorization", "Bearer \(downloadToken)")]))
        #expect(redirect.status == 302)
        let unauthorized = try client.send(HTTPRequest(url: url))
        #expect(unauthorized.status == 401)
    }

    @Test func webhookIsSignedLikeZoom() throws {
        let (zoom, _) = try makeSimulator()
        defer { zoom.stop() }
        let body = try #require(zoom.recordingCompletedBody(meetingUUID: "/ajXp112QmuoKj4854875=="))
        let event = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(event["event"] as? String == "recording.completed")
        let token = try #require(event["download_token"] as? String)
        let object = try #require((event["payload"] as? [String: Any])?["object"] as? [String: Any])
        let files = try #require(object["recording_files"] as? [[String: Any]])
        let url = try #require(files.first?["download_url"] as? String)
        #expect(try client.send(HTTPRequest(url: url, headers: [HTTPHeader("Authorization", "Bearer \(token)")])).status == 302)

        // A receiver that checks the signature (zoom-facts T2 vector for the algorithm).
        #expect(ZoomSimulator.signature(secret: "secret", timestamp: "1697204592920", body: Array(#"{"foo":"bar"}"#.utf8))
                == "v0=f46042d159828f787589618793a3f535b54de02da06ea660545e46c8960b70bf")
        let receiver = try WebhookReceiver(secret: "s3cret")
        defer { receiver.stop() }
        let answer = try zoom.sendWebhook(to: receiver.url, secret: "s3cret", body: body)
        #expect(answer.status == 200)
        let wrong = try zoom.sendWebhook(to: receiver.url, secret: "other", body: body)
        #expect(wrong.status == 401)
    }
}
