import HTTPClient
@testable import Kaltura
import Testing

/// Errors built from exception bodies shaped as Kaltura's server writes them.
@Suite struct KalturaErrorTests {
    let client = KalturaClient(credentials: FakeKaltura.credentials("http://127.0.0.1:1"), http: HTTPClient())

    func error(_ body: String, ks: String? = nil) throws -> KalturaError {
        let value = try JSONParser.parse(Array(body.utf8))
        return try #require(client.apiError(in: value, ks: ks))
    }

    func exception(_ code: String, args: String = "[]", message: String = "something") -> String {
        #"{"code":"\#(code)","message":"\#(message)","objectType":"KalturaAPIException","args":\#(args)}"#
    }

    /// code, args, transient, credential problem.
    static let cases: [(String, String, Bool, Bool)] = [
        ("MISSING_KS", "[]", false, false),
        ("SERVICE_FORBIDDEN", #"{"SERVICE":"media->add"}"#, false, true),
        ("START_SESSION_ERROR", #"{"PID":"4242"}"#, false, true),
        ("ENTRY_ID_NOT_FOUND", #"{"ENTRY_ID":"0_x"}"#, false, false),
        ("INVALID_USER_ID", "[]", false, false),
        ("DUPLICATE_USER_BY_ID", #"{"UID":"bob"}"#, false, false),
        ("INVALID_ENUM_VALUE", #"{"VALUE":"9","ENUM":"KalturaMediaType"}"#, false, false),
        ("MISSING_MANDATORY_PARAMETER", #"{"PARAM_NAME":"entryId"}"#, false, false),
        ("PROPERTY_VALIDATION_CANNOT_BE_NULL", #"{"PROP_NAME":"name"}"#, false, false),
        ("UPLOAD_TOKEN_NOT_FOUND", "[]", false, false),
        ("UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD", "[]", false, false),
        ("UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE", "[]", true, false),
        ("UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY", "[]", false, false),
        ("ENTRY_ALREADY_WITH_CONTENT", "[]", false, false),
        ("INTERNAL_SERVERL_ERROR", "[]", true, false),
        ("INVALID_KS", #"{"KSID":"djJ8abc","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}"#, false, true),
        ("INVALID_KS", #"{"KSID":"djJ8abc","ERR_CODE":"-4","ERR_DESC":"INVALID_TYPE"}"#, false, true),
        ("INVALID_KS", #"{"KSID":"djJ8abc","ERR_CODE":"-5","ERR_DESC":"EXPIRED"}"#, true, false),
    ]

    @Test(arguments: cases)
    func codesAreClassified(_ code: String, _ args: String, _ transient: Bool, _ credential: Bool) throws {
        let error = try error(exception(code, args: args))
        #expect(error.code == code)
        #expect(error.isTransient == transient)
        #expect(error.isCredentialProblem == credential)
        #expect(error.retryAfter == nil)
    }

    @Test func theRealExpiredShapeIsAnExpiredSession() throws {
        let body = #"{"code":"INVALID_KS","message":"Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException","args":{"KSID":"EXPIRED","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}}"#
        let error = try error(body)
        #expect(error.isExpiredSession)
        #expect(error.isTransient)
        #expect(!error.isCredentialProblem)
        #expect(error.arguments["KSID"] == "EXPIRED")
        #expect(error.kind == .api(code: "INVALID_KS", message: #"Invalid KS "EXPIRED", Error "-1,INVALID_STR""#))
    }

    @Test func anExceptionWithoutObjectTypeIsStillAnError() throws {
        #expect(try error(#"{"code":"ENTRY_ID_NOT_FOUND","message":"Entry id \"0_x\" not found"}"#).code == "ENTRY_ID_NOT_FOUND")
        #expect(client.apiError(in: try JSONParser.parse(Array(FakeKaltura.mediaJSON.utf8)), ks: nil) == nil)
        #expect(client.apiError(in: .string("djJ8"), ks: nil) == nil)
        #expect(client.apiError(in: .null, ks: nil) == nil)
    }

    @Test func descriptionsNeverShowTheKSOrTheSecret() throws {
        let ks = "djJ8NDI0Mnxhbm90aGVyLWtzLXZhbHVl"
        let legacyKS = "MTIzNDU2Nzg5MGFiY2RlZnwxOzE7MTcwMDAwMDAwMDsy"
        let body = exception("INVALID_KS", args: #"{"KSID":"\#(legacyKS)","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}"#,
                             message: "Invalid KS \\\"\(legacyKS)\\\" for secret \(FakeKaltura.secret), also \(ks)")
        let error = try error(body, ks: legacyKS)
        let text = error.description + String(describing: error.arguments)
        #expect(!text.contains(legacyKS))
        #expect(!text.contains(FakeKaltura.secret))
        #expect(!text.contains(ks))
        #expect(error.description.contains("INVALID_KS"))
        #expect(KalturaError.invalidResponse("saw \(ks) here").description == "unexpected Kaltura response: saw <ks> here")
    }

    @Test func httpAndTransportErrors() {
        let unavailable = KalturaError.http(status: 503, retryAfter: .seconds(7))
        #expect(unavailable.isTransient && unavailable.retryAfter == .seconds(7))
        #expect(KalturaError.http(status: 429).isTransient)
        #expect(!KalturaError.http(status: 404).isTransient)
        #expect(!KalturaError.http(status: 403).isCredentialProblem)
        #expect(KalturaError.transport(.couldNotConnect).isTransient)
        #expect(!KalturaError.transport(.tlsFailure).isTransient)
        #expect(!KalturaError.invalidResponse("x").isTransient)
        #expect(KalturaClient.retryAfter(" 12 ") == .seconds(12))
        #expect(KalturaClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(KalturaClient.retryAfter(nil) == nil)
    }
}
