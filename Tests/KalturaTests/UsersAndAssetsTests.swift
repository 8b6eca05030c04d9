import HTTPClient
import HTTPServer
@testable import Kaltura
import Testing

/// `user.add` with its duplicate fallback, the asset lists a retried job consults, and the
/// live-entries-only reference id lookup.
@Suite struct UsersAndAssetsTests {
    static let duplicate = #"{"code":"DUPLICATE_USER_BY_ID","message":"User with id [ann@uni.edu] already exists in system","objectType":"KalturaAPIException","args":{"UID":"ann@uni.edu"}}"#
    static let ann = #"{"id":"ann@uni.edu","email":"ann@uni.edu","screenName":"Ann","status":1,"type":0,"objectType":"KalturaUser"}"#

    @Test func addUserSendsAnActiveOrdinaryUser() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n) : .kaltura(Self.ann)
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let user = try client.addUser(id: "ann@uni.edu", email: "ann@uni.edu", screenName: "Ann")
        #expect(user == KalturaUser(id: "ann@uni.edu", email: "ann@uni.edu", status: .active))
        #expect(fake.requests("user", "add").first?.json?["user"] == [
            "objectType": "KalturaUser", "id": "ann@uni.edu", "email": "ann@uni.edu", "screenName": "Ann", "type": 0, "status": 1,
        ])
        _ = try client.addUser(id: "bob@uni.edu", email: "bob@uni.edu", screenName: nil)
        #expect(fake.requests("user", "add").last?.json?["user"]?["screenName"] == nil)
        #expect(fake.requests("user", "get").isEmpty)
    }

    @Test func aDuplicateUserIsFetchedInsteadOfFailing() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("user", "add"): return .kaltura(Self.duplicate)
            default: return .kaltura(Self.ann)
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let user = try client.addUser(id: "ann@uni.edu", email: "other@uni.edu", screenName: nil)
        #expect(user.id == "ann@uni.edu" && user.status == .active)
        #expect(fake.requests("user", "get").first?.json?["userId"] == "ann@uni.edu")
    }

    @Test func otherAddUserErrorsAreThrown() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n)
                : .kaltura(#"{"code":"INVALID_FIELD_VALUE","message":"bad","objectType":"KalturaAPIException","args":[]}"#)
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        #expect(throws: KalturaError.api(code: "INVALID_FIELD_VALUE", message: "bad")) {
            try client.addUser(id: "a b", email: "x@uni.edu", screenName: nil)
        }
        #expect(fake.requests("user", "get").isEmpty)
    }

    @Test func captionsAndAttachmentsAreListedByEntry() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("caption_captionasset", "list"):
                // Two pages: 30 then 1.
                let page = request.json?["pager"]?["pageIndex"]?.int ?? 0
                let objects = (0..<(page == 1 ? 30 : 1)).map { i in
                    #"{"id":"1_c\#(page)_\#(i)","entryId":"0_e","label":"Zoom_TRANSCRIPT","language":"English","status":2,"format":3,"objectType":"KalturaCaptionAsset"}"#
                }
                return .kaltura(#"{"objects":[\#(objects.joined(separator: ","))],"totalCount":31,"objectType":"KalturaCaptionAssetListResponse"}"#)
            case ("attachment_attachmentasset", "list"):
                return .kaltura(#"{"objects":[{"id":"1_a","entryId":"0_e","filename":"Recording 1 chat file.txt","title":"Chat","status":2,"objectType":"KalturaAttachmentAsset"},{"id":"1_b","filename":"x.txt","objectType":"KalturaAttachmentAsset"}],"totalCount":2,"objectType":"KalturaAttachmentAssetListResponse"}"#)
            default: return .kaltura("null")
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let captions = try client.listCaptions(entryID: "0_e")
        #expect(captions.count == 31)
        #expect(captions.first == CaptionAsset(id: "1_c1_0", label: "Zoom_TRANSCRIPT", language: "English", status: 2))
        let lists = fake.requests("caption_captionasset", "list")
        #expect(lists.count == 2)
        #expect(lists.first?.json?["filter"] == ["objectType": "KalturaAssetFilter", "entryIdEqual": "0_e"])

        let attachments = try client.listAttachments(entryID: "0_e")
        #expect(attachments == [AttachmentAsset(id: "1_a", filename: "Recording 1 chat file.txt", title: "Chat"),
                                AttachmentAsset(id: "1_b", filename: "x.txt")])
        #expect(fake.requests("attachment_attachmentasset", "list").first?.json?["filter"]
                == ["objectType": "KalturaAssetFilter", "entryIdEqual": "0_e"])
    }

    @Test func anAssetWithoutAnIDIsAnInvalidResponse() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n)
                : .kaltura(#"{"objects":[{"label":"x","objectType":"KalturaCaptionAsset"}],"totalCount":1,"objectType":"KalturaCaptionAssetListResponse"}"#)
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        #expect(throws: KalturaError.invalidResponse("caption asset without an id")) { try client.listCaptions(entryID: "0_e") }
    }

    @Test func listMediaLeavesOutDeletedAndFailedEntries() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            default:
                // A server that ignores statusNotIn: the client filters again.
                let objects = [2, 3, -1, -2, 7].map { status in
                    FakeKaltura.mediaJSON.replacing("0_abc123", with: "0_s\(status)").replacing("\"status\":7", with: "\"status\":\(status)")
                }
                return .kaltura(#"{"objects":[\#(objects.joined(separator: ","))],"totalCount":5,"objectType":"KalturaMediaListResponse"}"#)
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        #expect(try client.listMedia(referenceID: "zoom:u1:2024").map(\.id) == ["0_s2", "0_s7"])
        #expect(fake.requests("media", "list").first?.json?["filter"]?["statusNotIn"] == "-2,-1,3")

        #expect(try client.listMedia(referenceID: "zoom:u1:2024", excludingStatuses: []).count == 5)
        #expect(fake.requests("media", "list").last?.json?["filter"]?["statusNotIn"] == nil)
    }
}
