import Foundation
import Testing
import Zoom

@Suite struct WebhookDecodeErrorTests {
    /// Each required field, removed, is named by its path.
    @Test(arguments: [
        "event", "event_ts", "payload", "payload.object", "payload.object.uuid", "payload.object.id",
        "payload.object.topic", "payload.object.host_id", "payload.object.host_email", "payload.object.start_time",
        "payload.object.recording_files", "payload.object.recording_files[1].file_type",
        "payload.object.recording_files[1].download_url",
    ])
    func missingRequiredFieldsAreNamed(path: String) throws {
        let body = try Fixture.editing(Fixture.minimalRecording, at: path, setting: nil)
        let error = try #require(WebhookDecoder.decode(body).failure)
        #expect(error == .missingField(path: path))
        #expect(error.code == "missing_field" && error.path == path)
        #expect(error.description.contains(path))
    }

    @Test(arguments: ["payload", "payload.plainToken"])
    func missingURLValidationFieldsAreNamed(path: String) throws {
        let body = try Fixture.editing(Fixture.urlValidation, at: path, setting: nil)
        #expect(WebhookDecoder.decode(body).failure == .missingField(path: path))
    }

    /// Optional fields may be absent.
    @Test(arguments: [
        "download_token", "payload.account_id", "payload.object.type", "payload.object.duration",
        "payload.object.recording_files[0].id", "payload.object.recording_files[0].file_size",
        "payload.object.recording_files[0].status", "payload.object.recording_files[0].recording_type",
        "payload.object.recording_files[0].recording_start",
    ])
    func optionalFieldsMayBeAbsent(path: String) throws {
        let body = try Fixture.editing(Fixture.minimalRecording, at: path, setting: nil)
        #expect(WebhookDecoder.decode(body).failure == nil)
    }

    @Test(arguments: [
        ("event", "5", "a string"),
        ("event_ts", #""1740576801627""#, "an integer"),
        ("event_ts", "1.5", "an integer"),
        ("download_token", "12345", "a string"),
        ("payload", "[1, 2]", "an object"),
        ("payload.account_id", "true", "a string"),
        ("payload.object", #""object""#, "an object"),
        ("payload.object.uuid", "17", "a string"),
        ("payload.object.id", #""88031573992""#, "an integer"),
        ("payload.object.id", "8.5", "an integer"),
        ("payload.object.id", "1e30", "an integer"),
        ("payload.object.id", "null", "an integer"),
        ("payload.object.type", #""2""#, "an integer"),
        ("payload.object.topic", "null", "a string"),
        ("payload.object.host_email", #"["a@b"]"#, "a string"),
        ("payload.object.duration", "1e30", "an integer"),
        ("payload.object.timezone", "0", "a string"),
        ("payload.object.recording_files", #"{"id": "f1"}"#, "an array"),
        ("payload.object.recording_files", "null", "an array"),
        ("payload.object.recording_files[1]", #""f2""#, "an object"),
        ("payload.object.recording_files[1].file_size", #""308098""#, "an integer"),
        ("payload.object.recording_files[1].download_url", "7", "a string"),
        ("payload.object.recording_files[1].id", "42", "a string"),
    ])
    func wrongTypesAreNamed(path: String, json: String, expected: String) throws {
        let body = try Fixture.editing(Fixture.minimalRecording, at: path, settingJSON: json)
        let error = try #require(WebhookDecoder.decode(body).failure)
        #expect(error == .wrongType(path: path, expected: expected))
        #expect(error.code == "wrong_type" && error.description.contains(path))
    }

    @Test func aWrongURLValidationTokenTypeIsNamed() throws {
        let body = try Fixture.editing(Fixture.urlValidation, at: "payload.plainToken", setting: 123)
        #expect(WebhookDecoder.decode(body).failure == .wrongType(path: "payload.plainToken", expected: "a string"))
    }

    @Test(arguments: [#"[{"event":"recording.completed"}]"#, #""recording.completed""#, "42", "true", "null"])
    func aTopLevelThatIsNotAnObjectIsRefused(body: String) {
        let error = WebhookDecoder.decode(Array(body.utf8)).failure
        #expect(error == .wrongType(path: "", expected: "an object"))
        #expect(error?.description == "The webhook body must be an object.")
    }

    @Test(arguments: [
        "", " ", "{", "{\"event\":}", "{'event':'x'}",
        #"{"event":"recording.completed","download_token":"eyJhbGciOiJFUzI1NiJ9.DOWNLOAD-TOKEN-MUST-NOT-LEAK.c2lnbmF0dXJl""#,
        #"{"event":"x"} trailing"#, "\u{FEFF}{}x",
    ])
    func invalidJSONIsRefused(body: String) throws {
        let error = try #require(WebhookDecoder.decode(Array(body.utf8)).failure)
        #expect(error.code == "invalid_json" && error.path == nil)
        #expect(!error.description.contains(Fixture.tokenMarker))
    }

    /// Foundation's parser tolerates a trailing comma; the body is signed by Zoom, so this
    /// leniency is harmless, and the test records it so that a change is noticed.
    @Test func aTrailingCommaIsToleratedByFoundation() {
        #expect(WebhookDecoder.decode(Array(#"{"event":"meeting.ended",}"#.utf8)).failure == nil)
    }

    @Test func bytesThatAreNotUTF8AreRefused() throws {
        let body: [UInt8] = Array(#"{"event":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(WebhookDecoder.decode(body).failure?.code == "invalid_json")
    }

    /// A wrong-typed token is reported by path, never by value.
    @Test func errorsNeverQuoteTheToken() throws {
        for (path, value) in [("payload.object.uuid", [Fixture.downloadToken] as Any),
                              ("download_token", [Fixture.downloadToken] as Any)] {
            let body = try Fixture.editing(Fixture.minimalRecording, at: path, setting: value)
            let error = try #require(WebhookDecoder.decode(body).failure)
            #expect(!String(describing: error).contains(Fixture.tokenMarker))
            #expect(!String(reflecting: error).contains(Fixture.tokenMarker))
        }
    }

    @Test func descriptionsReadAsSentences() {
        #expect(WebhookDecodeError.missingField(path: "payload.object.uuid").description
            == "The webhook has no payload.object.uuid, which is required.")
        #expect(WebhookDecodeError.wrongType(path: "payload.object.id", expected: "an integer").description
            == "The webhook's payload.object.id must be an integer.")
        #expect(WebhookDecodeError.invalidJSON("the body is empty").description
            == "The body is not valid JSON: the body is empty.")
    }
}
