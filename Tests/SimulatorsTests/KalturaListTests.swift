import Foundation
import Simulators
import Testing

/// The lists a retried copy consults: assets by entry, entries by status, users by id.
@Suite struct KalturaListTests {
    func addEntry(_ call: KalturaCall, ks: String, referenceID: String = "ref-1") throws -> String {
        try #require(try call.object("media", "add", ["ks": ks, "entry": ["name": "n", "mediaType": 1,
                                                                          "referenceId": referenceID]])["id"] as? String)
    }

    func ids(_ response: [String: Any]) -> [String] {
        (response["objects"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func captionsAndAttachmentsAreListedByEntry() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let first = try addEntry(call, ks: ks)
        let second = try addEntry(call, ks: ks)
        var captions: [String] = []
        for label in ["Zoom_TRANSCRIPT", "Zoom_CC"] {
            let caption = try call.object("caption_captionAsset", "add", ["ks": ks, "entryId": first, "captionAsset": [
                "language": "English", "label": label, "format": 3, "fileExt": "vtt"]])
            captions.append(try #require(caption["id"] as? String))
        }
        _ = try call.object("caption_captionAsset", "add", ["ks": ks, "entryId": second, "captionAsset": ["label": "other"]])
        let attachment = try call.object("attachment_attachmentAsset", "add", ["ks": ks, "entryId": first, "attachmentAsset": [
            "filename": "Recording 1 chat file.txt", "title": "Zoom chat", "format": 1]])
        let attachmentID = try #require(attachment["id"] as? String)

        let listed = try call.object("caption_captionAsset", "list", ["ks": ks, "filter": [
            "objectType": "KalturaAssetFilter", "entryIdEqual": first]])
        #expect(listed["objectType"] as? String == "KalturaCaptionAssetListResponse")
        #expect(listed["totalCount"] as? Int == 2)
        #expect(ids(listed) == captions)
        let objects = try #require(listed["objects"] as? [[String: Any]])
        #expect(objects.map { $0["label"] as? String } == ["Zoom_TRANSCRIPT", "Zoom_CC"])
        #expect(objects.first?["language"] as? String == "English")
        #expect(objects.first?["entryId"] as? String == first)
        #expect(objects.first?["status"] as? Int == 0)

        let paged = try call.object("caption_captionAsset", "list", ["ks": ks, "filter": ["entryIdEqual": first],
                                                                     "pager": ["pageSize": 1, "pageIndex": 2]])
        #expect(ids(paged) == [captions[1]])
        #expect(paged["totalCount"] as? Int == 2)
        #expect(try call.object("caption_captionAsset", "list", ["ks": ks])["totalCount"] as? Int == 3)

        let attachments = try call.object("attachment_attachmentAsset", "list", ["ks": ks, "filter": ["entryIdEqual": first]])
        #expect(attachments["objectType"] as? String == "KalturaAttachmentAssetListResponse")
        #expect(ids(attachments) == [attachmentID])
        #expect((attachments["objects"] as? [[String: Any]])?.first?["filename"] as? String == "Recording 1 chat file.txt")
        #expect(ids(try call.object("attachment_attachmentAsset", "list", ["ks": ks, "filter": ["entryIdEqual": second]])).isEmpty)
        #expect(try call.object("caption_captionAsset", "list", [:])["code"] as? String == "MISSING_KS")
    }

    @Test func deletedEntriesAreListedOnlyWhenAStatusFilterLetsThemThrough() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let live = try addEntry(call, ks: ks)
        let gone = try addEntry(call, ks: ks)
        _ = try call.json("media", "delete", ["ks": ks, "entryId": gone])
        func list(_ filter: [String: Any]) throws -> Set<String> {
            var full = filter
            full["referenceIdEqual"] = "ref-1"
            return Set(ids(try call.object("media", "list", ["ks": ks, "filter": full])))
        }
        #expect(try list([:]) == [live])
        #expect(try list(["statusNotIn": "-2,-1,3"]) == [live])
        #expect(try list(["statusIn": "3"]) == [gone])
        #expect(try list(["statusEqual": "3"]) == [gone])
        #expect(try list(["statusNotIn": "-2,-1"]) == [live, gone])
        #expect(try list(["statusIn": "7"]) == [live])
        #expect(try list(["statusNotEqual": "7"]) == [gone])
    }

    @Test func addingAnExistingUserIsADuplicate() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        kaltura.addUser(KalturaUser(id: "ann@uni.edu", email: "ann@uni.edu"))
        let duplicate = try call.object("user", "add", ["ks": ks, "user": ["objectType": "KalturaUser", "id": "ann@uni.edu",
                                                                           "email": "ann@uni.edu", "type": 0, "status": 1]])
        #expect(duplicate["code"] as? String == "DUPLICATE_USER_BY_ID")
        #expect(duplicate["args"] as? [String: String] == ["UID": "ann@uni.edu"])
        let created = try call.object("user", "add", ["ks": ks, "user": ["objectType": "KalturaUser", "id": "bob@uni.edu",
                                                                         "email": "bob@uni.edu", "screenName": "Bob",
                                                                         "type": 0, "status": 1]])
        #expect(created["status"] as? Int == 1 && created["type"] as? Int == 0 && created["screenName"] as? String == "Bob")
        #expect(kaltura.user(id: "bob@uni.edu")?.email == "bob@uni.edu")
        // A deleted user's id can be taken again.
        kaltura.addUser(KalturaUser(id: "gone@uni.edu", status: 2))
        #expect(try call.object("user", "add", ["ks": ks, "user": ["id": "gone@uni.edu"]])["status"] as? Int == 1)
    }
}
