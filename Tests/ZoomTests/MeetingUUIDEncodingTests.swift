import Testing
import Zoom

/// zoom-facts §2's vectors: uuids that hold a `/` are encoded twice in API paths, others once.
@Suite struct MeetingUUIDEncodingTests {
    @Test(arguments: [
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("abc//def==", "abc%252F%252Fdef%253D%253D"),
        ("J89yoQfNQ86sblmYz/CNKQ==", "J89yoQfNQ86sblmYz%252FCNKQ%253D%253D"),
        ("DUZke5GtTtuQlcx4mUo0Xw==", "DUZke5GtTtuQlcx4mUo0Xw%3D%3D"),
    ])
    func encodesLikeZoomExpects(_ uuid: String, _ encoded: String) {
        #expect(ZoomAPIClient.encodeMeetingUUID(uuid) == encoded)
    }
}
