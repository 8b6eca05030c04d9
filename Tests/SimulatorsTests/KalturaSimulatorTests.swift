import Crypto
import Foundation
import HTTPClient
import Simulators
import Testing

@Suite struct KalturaSimulatorTests {
    @Test func sessionStartWithTheAdminSecretOnly() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        #expect(ks.hasPrefix("djJ8"))
        let bad = try call.object("session", "start", ["secret": "wrong", "partnerId": kaltura.partnerID, "type": 2])
        #expect(bad["code"] as? String == "START_SESSION_ERROR")
        #expect(bad["objectType"] as? String == "KalturaAPIException")
        #expect((bad["args"] as? [String: String])?["PID"] == String(kaltura.partnerID))
        let list = try call.object("media", "list", ["ks": ks])
        #expect(list["objectType"] as? String == "KalturaMediaListResponse")
    }

    @Test func charsetContentTypeIsNotParsedSoTheKSIsMissing() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        // format=1 in the query, so that the error comes back as JSON.
        let result = try call.object("media", "list", ["ks": ks], contentType: "application/json; charset=utf-8", query: "format=1")
        #expect(result["code"] as? String == "MISSING_KS")
        #expect(result["args"] is [Any])
    }

    @Test func ksInTheURLIsRefused() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let result = try call.object("media", "list", ["ks": ks], query: "ks=\(ks)")
        #expect(result["code"] as? String == "MISSING_KS")
        // The service and action are case-insensitive.
        #expect(try call.object("MEDIA", "List", ["ks": ks])["objectType"] as? String == "KalturaMediaListResponse")
    }

    @Test func expiredSessionsHaveTheRealShape() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        kaltura.expireSessions()
        let result = try call.object("media", "list", ["ks": ks])
        #expect(result["code"] as? String == "INVALID_KS")
        #expect(result["message"] as? String == #"Invalid KS "EXPIRED", Error "-1,INVALID_STR""#)
        #expect(result["args"] as? [String: String] == ["KSID": "EXPIRED", "ERR_CODE": "-1", "ERR_DESC": "INVALID_STR"])
        let fresh = try call.adminKS()
        #expect(try call.object("media", "list", ["ks": fresh])["objectType"] as? String == "KalturaMediaListResponse")
    }

    @Test func locallyGeneratedKSv2IsAccepted() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let expiry = Int(Date().timeIntervalSince1970) + 3600
        let ks = Self.localKS(partnerID: kaltura.partnerID, secret: kaltura.adminSecret,
                              fields: "disableentitlement=&_e=\(expiry)&_t=2&_u=admin%40uni.edu")
        #expect(ks.hasPrefix("djJ8"))
        let entry = try call.object("media", "add", ["ks": ks, "entry": ["objectType": "KalturaMediaEntry", "name": "x",
                                                                             "mediaType": 1, "userId": "someone@uni.edu"]])
        #expect(entry["status"] as? Int == 7)
        #expect(entry["userId"] as? String == "someone@uni.edu")
        let wrongSecret = Self.localKS(partnerID: kaltura.partnerID, secret: "nope", fields: "_e=\(expiry)&_t=2&_u=")
        #expect(try call.object("media", "list", ["ks": wrongSecret])["code"] as? String == "INVALID_KS")
        let expired = Self.localKS(partnerID: kaltura.partnerID, secret: kaltura.adminSecret, fields: "_e=1000&_t=2&_u=")
        #expect(try call.object("media", "list", ["ks": expired])["args"] as? [String: String]
                == ["KSID": "EXPIRED", "ERR_CODE": "-1", "ERR_DESC": "INVALID_STR"])
        // A user KS cannot give an entry to someone else.
        let user = Self.localKS(partnerID: kaltura.partnerID, secret: kaltura.adminSecret, fields: "_e=\(expiry)&_t=0&_u=me")
        let refused = try call.object("media", "add", ["ks": user, "entry": ["name": "x", "mediaType": 1, "userId": "other"]])
        #expect((refused["args"] as? [String: String])?["ERR_CODE"] == "-4")
    }

    /// kSessionBase v2, built here independently: sha1(rand16+fields)+rand16+fields, zero
    /// padded, AES-128-CBC (key sha1(secret)[0:16], zero IV), "v2|pid|" prefix, URL-safe base64.
    static func localKS(partnerID: Int, secret: String, fields: String) -> String {
        let random = Digest.randomBytes(16)
        let body = random + Array(fields.utf8)
        var plain = Digest.sha1(body) + body
        while plain.count % 16 != 0 { plain.append(0) }
        let key = Array(Digest.sha1(Array(secret.utf8)).prefix(16))
        let cipher = AES128CBC.encrypt(plain, key: key, iv: [UInt8](repeating: 0, count: 16)) ?? []
        return Data(Array("v2|\(partnerID)|".utf8) + cipher).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    @Test func sha1AndAESMatchKnownVectors() {
        #expect(Digest.hex(Digest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        // FIPS-197 appendix B with a zero IV (CBC of one block = ECB).
        let key: [UInt8] = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c]
        let input: [UInt8] = [0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d, 0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34]
        #expect(AES128CBC.encrypt(input, key: key, iv: [UInt8](repeating: 0, count: 16)).map(Digest.hex) == "3925841d02dc09fbdc118597196a0b32")
    }

    @Test func chunkedUploadInThreeChunksThenAddContent() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let data = ZoomSimulator.bytes(fileID: "lecture", range: 0..<2_500_000)
        let token = try call.object("uploadToken", "add", ["ks": ks, "uploadToken": ["objectType": "KalturaUploadToken",
                                                                                     "fileName": "a.mp4", "fileSize": data.count]])
        #expect(token["status"] as? Int == 0)
        let tokenID = try #require(token["id"] as? String)
        let entry = try call.object("media", "add", ["ks": ks, "entry": ["objectType": "KalturaMediaEntry", "name": "Lecture",
                                                                         "mediaType": 1, "userId": "host@uni.edu",
                                                                         "referenceId": "Zoom_abc==2026-11-30T10:00:05Z"]])
        #expect(entry["status"] as? Int == 7)
        let entryID = try #require(entry["id"] as? String)
        #expect(kaltura.user(id: "host@uni.edu") != nil)

        let first = try call.upload(ks: ks, token: tokenID, data: Array(data[0..<1_000_000]), resume: false, finalChunk: false, resumeAt: 0)
        #expect(first["status"] as? Int == 1)
        let second = try call.upload(ks: ks, token: tokenID, data: Array(data[1_000_000..<2_000_000]), resume: true,
                                     finalChunk: false, resumeAt: 1_000_000)
        #expect(second["uploadedFileSize"] as? Int == 2_000_000)
        // A retried chunk with the same bytes is harmless.
        _ = try call.upload(ks: ks, token: tokenID, data: Array(data[1_000_000..<2_000_000]), resume: true,
                            finalChunk: false, resumeAt: 1_000_000)
        let last = try call.upload(ks: ks, token: tokenID, data: Array(data[2_000_000...]), resume: true,
                                   finalChunk: true, resumeAt: 2_000_000)
        #expect(last["status"] as? Int == 2)
        #expect(last["uploadedFileSize"] as? Int == data.count)

        let again = try call.upload(ks: ks, token: tokenID, data: [1, 2, 3], resume: true, finalChunk: true, resumeAt: -1)
        #expect(again["code"] as? String == "UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD")

        let ready = try call.object("media", "addContent", ["ks": ks, "entryId": entryID,
                                                            "resource": ["objectType": "KalturaUploadedFileTokenResource",
                                                                         "token": tokenID]])
        #expect(ready["status"] as? Int == 2)
        let stored = try #require(kaltura.entry(id: entryID))
        #expect(stored.contentSHA256 == Digest.hex(Digest.sha256(data)))
        #expect(stored.contentSize == data.count)
        #expect(kaltura.uploadToken(id: tokenID)?.status == 3)
        let twice = try call.object("media", "addContent", ["ks": ks, "entryId": entryID,
                                                            "resource": ["objectType": "KalturaUploadedFileTokenResource",
                                                                         "token": tokenID]])
        #expect(twice["code"] as? String == "ENTRY_ALREADY_WITH_CONTENT")

        let found = try call.object("media", "list", ["ks": ks, "filter": ["objectType": "KalturaMediaEntryFilter",
                                                                            "referenceIdEqual": "Zoom_abc==2026-11-30T10:00:05Z"]])
        #expect(found["totalCount"] as? Int == 1)

        let inspection = try KalturaCall(simulator: kaltura).client.send(HTTPRequest(url: kaltura.baseURL + "/sim/entries"))
        let objects = try #require((try JSONSerialization.jsonObject(with: Data(inspection.body)) as? [String: Any])?["objects"]
            as? [[String: Any]])
        #expect(objects.first?["sha256"] as? String == Digest.hex(Digest.sha256(data)))
    }

    @Test func addContentBeforeTheTokenIsFullWaitsForIt() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let tokenID = try #require(try call.object("uploadToken", "add", ["ks": ks, "uploadToken": [:] as [String: Any]])["id"] as? String)
        let entryID = try #require(try call.object("media", "add", ["ks": ks, "entry": ["name": "n", "mediaType": 1]])["id"] as? String)
        let pending = try call.object("media", "addContent", ["ks": ks, "entryId": entryID,
                                                              "resource": ["objectType": "KalturaUploadedFileTokenResource",
                                                                           "token": tokenID]])
        #expect(pending["status"] as? Int == 0)
        _ = try call.upload(ks: ks, token: tokenID, data: [9, 8, 7], resume: false, finalChunk: true, resumeAt: 0)
        #expect(kaltura.entry(id: entryID)?.status == 2)
        #expect(kaltura.entry(id: entryID)?.contentSHA256 == Digest.hex(Digest.sha256([9, 8, 7])))
    }

    @Test func wrongFinalSizeAndGapsFailWithCannotMatchExpectedSize() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let tokenID = try #require(try call.object("uploadToken", "add", ["ks": ks, "uploadToken": ["fileSize": 10]])["id"] as? String)
        let short = try call.upload(ks: ks, token: tokenID, data: [1, 2, 3], resume: false, finalChunk: true, resumeAt: 0)
        #expect(short["code"] as? String == "UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE")
        // A chunk beyond the end is parked; the error until the gap is filled, then it lands.
        let ahead = try call.upload(ks: ks, token: tokenID, data: [7, 8, 9, 10], resume: true, finalChunk: false, resumeAt: 6)
        #expect(ahead["code"] as? String == "UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE")
        let fill = try call.upload(ks: ks, token: tokenID, data: [4, 5, 6], resume: true, finalChunk: false, resumeAt: 3)
        #expect(fill["uploadedFileSize"] as? Int == 10)
        let done = try call.upload(ks: ks, token: tokenID, data: [], resume: true, finalChunk: true, resumeAt: 10)
        #expect(done["status"] as? Int == 2)
        #expect(kaltura.uploadToken(id: tokenID)?.sha256 == Digest.hex(Digest.sha256([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])))
    }

    @Test func faultsAreInjectedAndCounted() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let tokenID = try #require(try call.object("uploadToken", "add", ["ks": ks, "uploadToken": [:] as [String: Any]])["id"] as? String)
        kaltura.failNextUploadChunks(1)
        let failed = try call.upload(ks: ks, token: tokenID, data: [1], resume: false, finalChunk: false, resumeAt: 0)
        #expect(failed["code"] as? String == "INTERNAL_SERVERL_ERROR")
        #expect(kaltura.uploadToken(id: tokenID)?.size == 0)
        kaltura.resetNextUploads(1)
        #expect(throws: HTTPClientError.self) {
            try call.upload(ks: ks, token: tokenID, data: [1], resume: false, finalChunk: false, resumeAt: 0)
        }
        kaltura.failNextCalls(1, status: 502)
        let http = try call.client.send(HTTPRequest(method: "POST", url: call.url("media", "list")))
        #expect(http.status == 502)
        kaltura.rateLimitNext(1, retryAfter: 3)
        let limited = try call.client.send(HTTPRequest(method: "POST", url: call.url("media", "list")))
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "3")
        #expect(kaltura.counters.faults == ["chunkFail": 1, "reset": 1, "fail": 1, "rateLimit": 1])
    }

    @Test func usersGroupsAssetsAndCategories() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        kaltura.addUser(KalturaUser(id: "blocked@uni.edu", email: "blocked@uni.edu", status: 0))
        kaltura.addGroupMember(userID: "blocked@uni.edu", groupID: "optout")
        kaltura.addCategory(id: 42, fullName: "MediaSpace>Zoom")
        let users = try call.object("user", "list", ["ks": ks, "filter": ["emailLike": "blocked@"]])
        #expect((users["objects"] as? [[String: Any]])?.first?["status"] as? Int == 0)
        #expect(try call.object("user", "get", ["ks": ks, "userId": "nobody"])["code"] as? String == "INVALID_USER_ID")
        #expect(try call.object("user", "add", ["ks": ks, "user": ["id": "new@uni.edu"]])["id"] as? String == "new@uni.edu")
        #expect(try call.object("user", "add", ["ks": ks, "user": ["id": "new@uni.edu"]])["code"] as? String == "DUPLICATE_USER_BY_ID")
        let groups = try call.object("groupUser", "list", ["ks": ks, "filter": ["userIdEqual": "blocked@uni.edu"]])
        #expect((groups["objects"] as? [[String: Any]])?.first?["groupId"] as? String == "optout")

        let entryID = try #require(try call.object("media", "add", ["ks": ks, "entry": ["name": "n", "mediaType": 1]])["id"] as? String)
        let caption = try call.object("caption_captionAsset", "add", ["ks": ks, "entryId": entryID,
                                                                      "captionAsset": ["language": "English", "label": "Zoom_TRANSCRIPT",
                                                                                       "format": 3, "fileExt": "vtt"]])
        let captionID = try #require(caption["id"] as? String)
        let set = try call.object("caption_captionAsset", "setContent", ["ks": ks, "id": captionID, "contentResource": [
            "objectType": "KalturaStringResource", "content": "WEBVTT\n"]])
        #expect(set["status"] as? Int == 2)
        let attachment = try call.object("attachment_attachmentAsset", "add", ["ks": ks, "entryId": entryID,
                                                                               "attachmentAsset": ["filename": "chat.txt", "format": 1]])
        #expect(attachment["objectType"] as? String == "KalturaAttachmentAsset")
        #expect(try call.object("categoryEntry", "add", ["ks": ks, "categoryEntry": ["entryId": entryID, "categoryId": 42]])["categoryId"]
                as? Int == 42)
        #expect(try call.object("categoryEntry", "add", ["ks": ks, "categoryEntry": ["entryId": entryID, "categoryId": 7]])["code"]
                as? String == "CATEGORY_NOT_FOUND")
        let stored = try #require(kaltura.entry(id: entryID))
        #expect(stored.captionIDs == [captionID])
        #expect(stored.attachmentIDs.count == 1)
        #expect(stored.categoryIDs == [42])
        #expect(kaltura.asset(id: captionID)?.content == Array("WEBVTT\n".utf8))
    }

    @Test func listLagHidesNewEntries() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        _ = try call.object("media", "add", ["ks": ks, "entry": ["name": "n", "mediaType": 1, "referenceId": "ref-1"]])
        kaltura.listLag(seconds: 60)
        #expect(try call.object("media", "list", ["ks": ks, "filter": ["referenceIdEqual": "ref-1"]])["totalCount"] as? Int == 0)
        kaltura.listLag(seconds: 0)
        #expect(try call.object("media", "list", ["ks": ks, "filter": ["referenceIdEqual": "ref-1"]])["totalCount"] as? Int == 1)
    }
}
