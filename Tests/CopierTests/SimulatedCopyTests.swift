import Config
import Copier
import Crypto
import HTTPClient
import Kaltura
import Simulators
import Testing
import Zoom

/// Zoom simulator → copier → Kaltura simulator, over loopback, with faults on both sides.
final class CopyHarness {
    let zoom: ZoomSimulator
    let kaltura: KalturaSimulator
    let http = HTTPClient()
    let client: KalturaClient
    let api: ZoomAPIClient
    let sleeper = SleepRecorder()

    init() throws {
        zoom = try ZoomSimulator()
        kaltura = try KalturaSimulator()
        client = KalturaClient(credentials: KalturaCredentials(serviceURL: kaltura.baseURL, partnerID: kaltura.partnerID,
                                                               adminSecret: Secret(kaltura.adminSecret)), http: http)
        api = ZoomAPIClient(credentials: .init(accountID: zoom.accountID, clientID: zoom.clientID,
                                               clientSecret: Secret(zoom.clientSecret), apiURL: "\(zoom.baseURL)/v2",
                                               oauthURL: "\(zoom.baseURL)/oauth/token"), http: http)
    }

    deinit {
        zoom.stop()
        kaltura.stop()
    }

    /// Adds a one-file recording and copies the file; returns the result and the upload token.
    func copy(size: Int, chunk: Int, declaredSize: Int? = nil, uuid: String = "meeting==",
              before: (CopyHarness) -> Void = { _ in }) throws(CopyError) -> CopyResult {
        let fileID = "\(uuid)-f1"
        let token = zoom.addRecording(meetingUUID: uuid, files: [ZoomFile(id: fileID, size: size)])
        before(self)
        let rules = [HostRule(parsing: "http://127.0.0.1:\(zoom.port)")].compactMap { $0 }
        let api = self.api
        let source = ZoomFileSource(
            downloader: ZoomDownloader(http: http, allowedHosts: rules),
            location: .init(url: "\(zoom.baseURL)/rec/webhook_download/\(fileID)", token: token),
            fileSize: Int64(declaredSize ?? size),
            refresh: { () throws(CopyError) -> ZoomFileSource.Location in
                let fresh: ZoomAPIClient.Recording
                do throws(ZoomAPIError) { fresh = try api.recording(meetingUUID: uuid) } catch {
                    throw CopyError(side: .source, transient: error.isTransient, detail: error.description)
                }
                guard let file = fresh.meeting.files.first(where: { $0.id == fileID }), let token = fresh.downloadToken else {
                    throw CopyError(side: .source, transient: false, detail: "the file is no longer listed")
                }
                return .init(url: file.downloadURL, token: token)
            })
        let copier = ChunkedCopier(source: source, destination: KalturaUploadTarget(client: client), chunkSize: chunk,
                                   retry: sleeper.policy)
        return try copier.copy(fileName: "\(fileID).mp4", fileSize: Int64(declaredSize ?? size)) { _ in }
    }

    func tokenSHA(_ result: CopyResult) -> String? { kaltura.uploadToken(id: result.uploadToken)?.sha256 }
}

@Suite struct SimulatedCopyTests {
    let mib = 1 << 20

    @Test func fiftyMebibytesArriveByteForByteAndBecomeAnEntry() throws {
        let harness = try CopyHarness()
        let result = try harness.copy(size: 50 * mib, chunk: 8 * mib)
        let expected = try #require(harness.zoom.sha256(fileID: "meeting==-f1"))
        #expect(result.bytes == Int64(50 * mib))
        #expect(result.sha256.map(Digest.hex) == expected)
        #expect(harness.tokenSHA(result) == expected)
        #expect(harness.kaltura.uploadToken(id: result.uploadToken)?.status == 2)  // FULL
        #expect(harness.kaltura.counters.uploadChunks == 7)  // 6 × 8 MiB + 2 MiB, the last one final

        let entry = try harness.client.addMedia(NewMediaEntry(name: "Lecture", userID: "host@uni.edu", referenceID: "Zoom_meeting==2026"))
        _ = try harness.client.addContent(entryID: entry.id, uploadTokenID: result.uploadToken)
        let stored = try #require(harness.kaltura.entry(id: entry.id))
        #expect(stored.status == 2 && stored.contentSHA256 == expected && stored.contentSize == 50 * mib)
    }

    @Test(arguments: [true, false])
    func aDownloadResetMidwayIsResumed(rangeSupport: Bool) throws {
        let harness = try CopyHarness()
        let result = try harness.copy(size: 5 * mib, chunk: mib) { harness in
            harness.zoom.setRangeSupport(rangeSupport)
            harness.zoom.resetNextDownloads(1, afterBytes: 2 * mib + 1000)
        }
        #expect(harness.tokenSHA(result) == harness.zoom.sha256(fileID: "meeting==-f1"))
        #expect(harness.zoom.counters.downloadsStarted == 2)
        #expect(harness.zoom.counters.rangesAsked.contains(2 * mib) == rangeSupport)
    }

    @Test func aFailedChunkAndARateLimitAreRetried() throws {
        let harness = try CopyHarness()
        let result = try harness.copy(size: 3 * mib, chunk: mib) { harness in
            harness.kaltura.failNextUploadChunks(1)
        }
        #expect(harness.tokenSHA(result) == harness.zoom.sha256(fileID: "meeting==-f1"))
        let limited = try CopyHarness()
        let second = try limited.copy(size: 3 * mib, chunk: mib, uuid: "limited==") { harness in
            harness.kaltura.rateLimitNext(1, retryAfter: 3)
        }
        #expect(limited.tokenSHA(second) == limited.zoom.sha256(fileID: "limited==-f1"))
        #expect(limited.sleeper.recorded.contains { $0 >= .seconds(3) })
    }

    /// `uploadToken.add` carried out but its answer lost: the copy finds and uses that token
    /// instead of leaving it behind next to a second one.
    @Test func aTokenWhoseCreationAnswerWasLostIsReusedNotDuplicated() throws {
        let harness = try CopyHarness()
        let result = try harness.copy(size: 2 * mib, chunk: mib) { harness in
            harness.kaltura.loseNextAnswers(to: "uploadToken.add", 1)
        }
        #expect(harness.tokenSHA(result) == harness.zoom.sha256(fileID: "meeting==-f1"))
        #expect(harness.kaltura.counters.faults["lostAnswer"] == 1)
        #expect(harness.kaltura.counters.calls["uploadtoken.add"] == 1)
        #expect(try harness.client.listUploadTokens(fileName: "meeting==-f1.mp4").count == 1)
    }

    @Test func anExpiredDownloadTokenIsRenewedThroughTheAPI() throws {
        let harness = try CopyHarness()
        let result = try harness.copy(size: 2 * mib, chunk: mib) { harness in harness.zoom.expireDownloadTokens() }
        #expect(harness.tokenSHA(result) == harness.zoom.sha256(fileID: "meeting==-f1"))
        #expect(harness.zoom.counters.apiCalls >= 1 && harness.zoom.counters.htmlErrorPages >= 1)
    }

    @Test func anHTMLErrorPageIsAPermanentErrorNotAnEntry() throws {
        let harness = try CopyHarness()
        do {
            _ = try harness.copy(size: 2 * mib, chunk: mib) { harness in harness.zoom.htmlErrorPage(forFile: "meeting==-f1") }
            Issue.record("an HTML page was copied")
        } catch {
            #expect(!error.isTransient && error.side == .source)
            #expect(error.detail.contains("HTML"))
        }
        #expect(harness.kaltura.counters.uploadedBytes == 0)
    }

    @Test func aFileShorterThanAnnouncedIsAPermanentError() throws {
        let harness = try CopyHarness()
        do {
            _ = try harness.copy(size: 2 * mib, chunk: mib, declaredSize: 3 * mib)
            Issue.record("a short file was accepted")
        } catch {
            #expect(!error.isTransient)
            #expect(error.detail.contains("sizeMismatch"))
        }
        #expect(harness.kaltura.counters.uploadedBytes == 0)
    }
}
