import Foundation
import HTTPClient
import Simulators
import Testing

/// Files that are still processing, and trashing a recording.
@Suite struct ZoomFileStatusTests {
    static let uuid = "/ajXp112QmuoKj4854875=="
    static let pathUUID = "%252FajXp112QmuoKj4854875%253D%253D"

    func statuses(_ body: [String: Any]?) -> [String: String] {
        var out: [String: String] = [:]
        for file in body?["recording_files"] as? [[String: Any]] ?? [] {
            if let id = file["id"] as? String { out[id] = file["status"] as? String }
        }
        return out
    }

    @Test func aProcessingFileIsReportedAndRefusedUntilItCompletes() throws {
        let zoom = try ZoomSimulator()
        defer { zoom.stop() }
        let call = ZoomCall(zoom: zoom)
        let token = zoom.addRecording(meetingUUID: Self.uuid, files: [
            ZoomFile(id: "f-mp4", size: 5000, status: "processing"),
            ZoomFile(id: "f-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 300),
        ])
        #expect(statuses(ZoomCall.json(try call.api("GET", Self.pathUUID).body)) == ["f-mp4": "processing", "f-vtt": "completed"])
        let event = ZoomCall.json(try #require(zoom.recordingCompletedBody(meetingUUID: Self.uuid)))
        #expect(statuses((event?["payload"] as? [String: Any])?["object"] as? [String: Any]) == ["f-mp4": "processing",
                                                                                                   "f-vtt": "completed"])
        let refused = try call.download("f-mp4", token: token)
        #expect(refused.status == 404)
        #expect(refused.header("Content-Type") == "application/json")
        #expect(ZoomCall.json(refused.body)?["code"] as? Int == 3301)
        #expect(ZoomCall.json(refused.body)?["message"] as? String == "This recording does not exist.")
        #expect(zoom.counters.processingRefusals == 1)
        #expect(zoom.file(id: "f-mp4")?.status == "processing")

        zoom.setFileStatus(fileID: "f-mp4", status: "completed")
        #expect(statuses(ZoomCall.json(try call.api("GET", Self.pathUUID).body))["f-mp4"] == "completed")
        let event2 = ZoomCall.json(try #require(zoom.recordingCompletedBody(meetingUUID: Self.uuid)))
        #expect(statuses((event2?["payload"] as? [String: Any])?["object"] as? [String: Any])["f-mp4"] == "completed")
        let redirect = try call.download("f-mp4", token: token)
        #expect(redirect.status == 302)
        let location = try #require(redirect.header("Location"))
        #expect(try call.cdn(location).bytes == ZoomSimulator.bytes(fileID: "f-mp4", range: 0..<5000))

        // Flipped back: even a CDN URL obtained before has nothing to serve.
        zoom.setFileStatus(fileID: "f-mp4", status: "processing")
        #expect(try call.cdn(location).cdn.status == 404)
        zoom.setFileStatus(fileID: "unknown", status: "completed")
        #expect(zoom.file(id: "unknown") == nil)
    }

    @Test func trashingIsRecordedAndTheFilesAreGone() throws {
        let zoom = try ZoomSimulator()
        defer { zoom.stop() }
        let call = ZoomCall(zoom: zoom)
        let token = zoom.addRecording(meetingUUID: Self.uuid, files: [ZoomFile(id: "f1", size: 10), ZoomFile(id: "f2", size: 10)])
        #expect(try call.api("DELETE", Self.pathUUID, suffix: "/f2?action=trash").status == 204)
        #expect(try call.api("DELETE", Self.pathUUID, suffix: "?action=trash").status == 204)
        #expect(zoom.counters.deletions == ["\(Self.uuid)/f2", Self.uuid])
        let again = try call.api("DELETE", Self.pathUUID, suffix: "?action=trash")
        #expect(again.status == 404)
        #expect(ZoomCall.json(again.body)?["code"] as? Int == 3301)
        #expect(zoom.counters.deletions.count == 2)
        #expect(try call.api("GET", Self.pathUUID).status == 404)
        #expect(try call.download("f1", token: token).header("Content-Type")?.hasPrefix("text/html") == true)
    }
}
