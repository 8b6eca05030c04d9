import Testing
import Zoom

/// The download token is a 24-hour credential: no description, debug description, dump or
/// interpolation of an event or a segment may show it.
@Suite struct TokenRedactionTests {
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func eventsAndSegmentsDoNotPrintTheToken() throws {
        let event = try WebhookDecoderTests.recording("recording-completed-two-segments.json")
        #expect(event.downloadToken == Fixture.downloadToken)
        var values: [Any] = [event, ZoomWebhook.recording(event), Result<ZoomWebhook, WebhookDecodeError>.success(.recording(event))]
        values += event.segments().map { $0 as Any }
        values.append(event.segments())
        for value in values {
            for text in Self.renderings(value) {
                #expect(!text.contains(Fixture.tokenMarker), "leaked in: \(text.prefix(200))")
            }
        }
        #expect(String(describing: event).contains("download_token=<set>"))
        #expect(String(describing: event.segments()[0]).contains("part=1"))
    }

    @Test func aMissingTokenIsShownAsNone() throws {
        let event = try WebhookDecoderTests.recording("recording-transcript-completed.json")
        #expect(String(describing: event).contains("download_token=<none>"))
    }
}
