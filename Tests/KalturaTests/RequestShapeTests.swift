import Config
import HTTPClient
import HTTPServer
@testable import Kaltura
import Testing

/// What the client puts on the wire, checked against a recording server.
@Suite struct RequestShapeTests {
    /// A server that answers session.start, media.*, uploadToken.* and the asset actions.
    static func standardServer() throws -> FakeKaltura {
        try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("media", "delete"), ("uploadToken", "delete"): return .kaltura("null")
            case ("media", _): return .kaltura(FakeKaltura.mediaJSON)
            case ("uploadToken", "add"): return .kaltura(FakeKaltura.uploadTokenJSON(status: 0))
            case ("uploadToken", _): return .kaltura(FakeKaltura.uploadTokenJSON(status: 1, uploaded: 500))
            case ("caption_captionasset", _): return .kaltura(#"{"id":"1_cap","objectType":"KalturaCaptionAsset"}"#)
            case ("attachment_attachmentasset", _): return .kaltura(#"{"id":"1_att","objectType":"KalturaAttachmentAsset"}"#)
            default: return .kaltura(#"{"code":"SERVICE_FORBIDDEN","message":"no","objectType":"KalturaAPIException","args":[]}"#)
            }
        }
    }

    @Test func jsonCallsCarryTheKSInTheBodyOnly() throws {
        let fake = try Self.standardServer()
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let entry = try client.addMedia(NewMediaEntry(name: "Weekly sync", description: "d", userID: "alice", tags: "zoom",
                                                      adminTags: "z2k", referenceID: "zoom:u1:2024", conversionProfileID: 9,
                                                      categories: "Zoom>Recordings", mediaType: .video))
        #expect(entry == MediaEntry(id: "0_abc123", name: "Weekly sync", userID: "alice", referenceID: "zoom:u1:2024",
                                    status: 7, tags: "zoom", adminTags: "z2k"))
        _ = try client.getMedia(id: "0_abc123")

        let requests = fake.requests
        #expect(requests.map { "\($0.service).\($0.action)" } == ["session.start", "media.add", "media.get"])
        for request in requests {
            #expect(request.contentType == "application/json")
            #expect(request.target.hasPrefix("/api_v3/service/\(request.service)/action/\(request.action)"))
            #expect(!request.target.contains("ks") && !request.target.contains("?"))
            #expect(request.json?["format"] == 1)
            #expect(request.json?["partnerId"] == 4242)
        }
        let start = try #require(requests.first?.json)
        #expect(start["secret"] == .string(FakeKaltura.secret))
        #expect(start["type"] == 2 && start["userId"] == "" && start["expiry"] == 86_400)
        #expect(start["privileges"] == "disableentitlement")
        #expect(start["ks"] == nil)

        let add = try #require(requests[1].json)
        #expect(add["ks"] == .string(FakeKaltura.ks(0)))
        #expect(add["secret"] == nil)
        #expect(add["entry"] == [
            "objectType": "KalturaMediaEntry", "name": "Weekly sync", "description": "d", "userId": "alice", "tags": "zoom",
            "adminTags": "z2k", "referenceId": "zoom:u1:2024", "conversionProfileId": 9, "categories": "Zoom>Recordings",
            "mediaType": 1,
        ])
        #expect(requests[2].json?["entryId"] == "0_abc123")
        #expect(requests[2].json?["ks"] == .string(FakeKaltura.ks(0)), "the session is cached")
    }

    @Test func uploadIsMultipartWithKalturasFieldNames() throws {
        let fake = try Self.standardServer()
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let created = try client.addUploadToken(fileName: "a.mp4", fileSize: 1000)
        #expect(created == UploadToken(id: "0_tok1", status: .pending, fileSize: 1000))
        let chunk: [UInt8] = Array(0...255) + Array("\r\n--boundary-ish\r\n".utf8)
        let token = try client.upload(tokenID: "0_tok1", chunk: chunk, resume: true, finalChunk: false, resumeAt: 500)
        #expect(token == UploadToken(id: "0_tok1", status: .partialUpload, fileSize: 1000, uploadedFileSize: 500))
        _ = try client.upload(tokenID: "0_tok1", chunk: [], resume: false, finalChunk: true, resumeAt: -1)

        let add = try #require(fake.requests("uploadToken", "add").first?.json)
        #expect(add["uploadToken"] == ["objectType": "KalturaUploadToken", "fileName": "a.mp4", "fileSize": 1000])

        let uploads = fake.requests("uploadToken", "upload")
        #expect(uploads.count == 2)
        let first = try #require(uploads.first)
        #expect(first.contentType?.hasPrefix("multipart/form-data; boundary=") == true)
        #expect(!first.target.contains("ks"))
        #expect(first.parts.map(\.name) == ["format", "ks", "uploadTokenId", "resume", "finalChunk", "resumeAt", "fileData"])
        #expect(first.part("format")?.text == "1")
        #expect(first.part("ks")?.text == FakeKaltura.ks(0))
        #expect(first.part("uploadTokenId")?.text == "0_tok1")
        #expect(first.part("resume")?.text == "1")
        #expect(first.part("finalChunk")?.text == "0")
        #expect(first.part("resumeAt")?.text == "500")
        #expect(first.part("ks")?.filename == nil)
        let file = try #require(first.part("fileData"))
        #expect(file.filename == "chunk.bin")
        #expect(file.contentType == "application/octet-stream")
        #expect(file.data == chunk)

        let last = uploads[1]
        #expect(last.part("resume")?.text == "0")
        #expect(last.part("finalChunk")?.text == "1")
        #expect(last.part("resumeAt")?.text == "-1")
        #expect(last.part("fileData")?.data == [])
    }

    @Test func contentCaptionsAttachmentsAndVoidActions() throws {
        let fake = try Self.standardServer()
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        _ = try client.addContent(entryID: "0_abc123", uploadTokenID: "0_tok1")
        #expect(try client.addCaption(entryID: "0_abc123", label: "Zoom transcript", content: "WEBVTT\n\n\"quoted\"") == "1_cap")
        #expect(try client.addAttachment(entryID: "0_abc123", fileName: "chat.txt", title: "Chat", content: "hi\tthere") == "1_att")
        try client.deleteMedia(id: "0_abc123")
        try client.deleteUploadToken(id: "0_tok1")
        #expect(try client.getUploadToken(id: "0_tok1").uploadedFileSize == 500)
        _ = try client.updateMedia(id: "0_abc123", MediaEntryChanges(userID: "bob"))

        let content = try #require(fake.requests("media", "addContent").first?.json)
        #expect(content["entryId"] == "0_abc123")
        #expect(content["resource"] == ["objectType": "KalturaUploadedFileTokenResource", "token": "0_tok1"])

        let caption = fake.requests("caption_captionasset", "add").first?.json
        #expect(caption?["entryId"] == "0_abc123")
        #expect(caption?["captionAsset"] == ["objectType": "KalturaCaptionAsset", "label": "Zoom transcript",
                                             "language": "English", "format": "3", "fileExt": "vtt"])
        let captionContent = fake.requests("caption_captionasset", "setContent").first?.json
        #expect(captionContent?["id"] == "1_cap")
        #expect(captionContent?["contentResource"] == ["objectType": "KalturaStringResource", "content": "WEBVTT\n\n\"quoted\""])

        let attachment = fake.requests("attachment_attachmentasset", "add").first?.json
        #expect(attachment?["attachmentAsset"] == ["objectType": "KalturaAttachmentAsset", "filename": "chat.txt",
                                                   "title": "Chat", "format": "1", "fileExt": "txt"])
        #expect(fake.requests("attachment_attachmentasset", "setContent").first?.json?["contentResource"]?["content"] == "hi\tthere")
        #expect(fake.requests("media", "delete").first?.json?["entryId"] == "0_abc123")
        #expect(fake.requests("uploadToken", "delete").first?.json?["uploadTokenId"] == "0_tok1")
        #expect(fake.requests("media", "update").first?.json?["mediaEntry"] == ["objectType": "KalturaMediaEntry", "userId": "bob"])
        #expect(fake.requests.allSatisfy { !$0.target.contains("ks") })
    }

    @Test func localSessionsNeverSendTheSecret() throws {
        let fake = try Self.standardServer()
        defer { fake.stop() }
        let clock = ManualClock(1_700_000_000)
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base, mode: .local), http: HTTPClient(),
                                   clock: clock.read)
        _ = try client.getMedia(id: "0_abc123")
        #expect(fake.requests("session", "start").isEmpty)
        let request = try #require(fake.requests.first)
        #expect(!request.text.contains(FakeKaltura.secret))
        guard case .string(let ks) = request.json?["ks"] else {
            Issue.record("no ks in the body")
            return
        }
        let decoded = try #require(KalturaSession.decodeV2(ks, adminSecret: Secret(FakeKaltura.secret)))
        #expect(decoded.partnerID == 4242 && decoded.type == 2 && decoded.userID == "")
        #expect(decoded.expiry == Int64(1_700_000_000 + 86_400))
        #expect(decoded.fields["disableentitlement"] == "")
    }

    @Test func listsFilterAndPage() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("media", "list"):
                let page = request.json?["pager"]?["pageIndex"]?.int ?? 0
                let count = page == 1 ? 30 : 2
                let objects = (0..<count).map { i in
                    FakeKaltura.mediaJSON.replacingOccurrences("0_abc123", with: "0_p\(page)e\(i)")
                }
                return .kaltura(#"{"objects":[\#(objects.joined(separator: ","))],"totalCount":32,"objectType":"KalturaMediaListResponse"}"#)
            default: return .kaltura("null")
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let entries = try client.listMedia(referenceID: "zoom:u1:2024")
        #expect(entries.count == 32)
        #expect(entries.last?.id == "0_p2e1")
        let lists = fake.requests("media", "list")
        #expect(lists.count == 2)
        #expect(lists.first?.json?["filter"] == ["objectType": "KalturaMediaEntryFilter", "referenceIdEqual": "zoom:u1:2024",
                                                 "statusNotIn": "-2,-1,3"])
        #expect(lists.map { $0.json?["pager"] } == [["pageSize": 30, "pageIndex": 1], ["pageSize": 30, "pageIndex": 2]])
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
