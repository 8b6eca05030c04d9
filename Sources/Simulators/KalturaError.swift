/// A Kaltura API exception as the real server serializes it: HTTP 200 with
/// `{"code","message","objectType":"KalturaAPIException","args":{…}}` (`[]` without args).
struct KalturaError: Error, Sendable {
    var code: String
    var message: String
    var args: [String: String]

    init(_ code: String, _ message: String, args: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.args = args
    }

    var json: [String: Any] {
        ["code": code, "message": message, "objectType": "KalturaAPIException",
         "args": args.isEmpty ? [Any]() as Any : args as Any]
    }

    static let missingKS = KalturaError("MISSING_KS", "Missing KS, session not established")
    /// The real shape of an expired or revoked KS (the failure string lands in KSID).
    static let expiredKS = invalidKS("EXPIRED", code: -1, description: "INVALID_STR")

    static func invalidKS(_ ksid: String, code: Int, description: String) -> KalturaError {
        KalturaError("INVALID_KS", "Invalid KS \"\(ksid)\", Error \"\(code),\(description)\"",
                     args: ["KSID": ksid, "ERR_CODE": String(code), "ERR_DESC": description])
    }

    static func startSession(partnerID: String) -> KalturaError {
        KalturaError("START_SESSION_ERROR", "Error while starting session for partner [\(partnerID)]", args: ["PID": partnerID])
    }

    static func missingParameter(_ name: String) -> KalturaError {
        KalturaError("MISSING_MANDATORY_PARAMETER", "Missing parameter \"\(name)\"", args: ["PARAM_NAME": name])
    }

    static func cannotBeNull(_ name: String) -> KalturaError {
        KalturaError("PROPERTY_VALIDATION_CANNOT_BE_NULL", "The property \"\(name)\" cannot be null", args: ["PROP_NAME": name])
    }

    static func entryNotFound(_ id: String) -> KalturaError {
        KalturaError("ENTRY_ID_NOT_FOUND", "Entry id \"\(id)\" not found", args: ["ENTRY_ID": id])
    }

    static let uploadTokenNotFound = KalturaError("UPLOAD_TOKEN_NOT_FOUND", "Upload token not found")
    static let invalidStatusForUpload = KalturaError("UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD",
        "Upload token is in an invalid status for uploading a file, maybe the file was already uploaded")
    static let cannotMatchExpectedSize = KalturaError("UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE",
                                                      "Cannot match expected file size")
    static let invalidStatusForAddEntry = KalturaError("UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY",
                                                       "Upload token is in an invalid status for adding entry")
    static let entryAlreadyWithContent = KalturaError("ENTRY_ALREADY_WITH_CONTENT", "Entry already associated with content")
    static let invalidUserID = KalturaError("INVALID_USER_ID", "Invalid user id")
    static let internalError = KalturaError("INTERNAL_SERVERL_ERROR", "Internal server error occurred")

    static func duplicateUser(_ id: String) -> KalturaError {
        KalturaError("DUPLICATE_USER_BY_ID", "User with id [\(id)] already exists in system", args: ["UID": id])
    }

    static func serviceDoesNotExist(_ service: String) -> KalturaError {
        KalturaError("SERVICE_DOES_NOT_EXISTS", "Service \"\(service)\" does not exist", args: ["SERVICE_NAME": service])
    }

    static func actionDoesNotExist(_ action: String, service: String) -> KalturaError {
        KalturaError("ACTION_DOES_NOT_EXISTS", "Action \"\(action)\" does not exists for service \"\(service)\"",
                     args: ["ACTION_NAME": action, "SERVICE_NAME": service])
    }

    static func notUpdatable(_ property: String) -> KalturaError {
        KalturaError("PROPERTY_VALIDATION_NOT_UPDATABLE", "Property \"\(property)\" cannot be updated",
                     args: ["PROP_NAME": property])
    }

    static func minLength(_ property: String, _ length: Int) -> KalturaError {
        KalturaError("PROPERTY_VALIDATION_MIN_LENGTH", "Property \"\(property)\" must have a min length of \(length) characters",
                     args: ["PROP_NAME": property, "MIN_LEN": String(length)])
    }

    static func invalidEnum(_ value: String, property: String, type: String) -> KalturaError {
        KalturaError("INVALID_ENUM_VALUE", "Invalid enumeration value [\(value)] for field [\(property)], expecting type [\(type)]",
                     args: ["VALUE": value, "PROP_NAME": property, "ENUM": type])
    }

    static func categoryNotFound(_ id: String) -> KalturaError {
        KalturaError("CATEGORY_NOT_FOUND", "Category id \"\(id)\" not found", args: ["CATEGORY_ID": id])
    }

    static let categoryEntryExists = KalturaError("CATEGORY_ENTRY_ALREADY_EXISTS", "Entry already assigned to this category")

    static func assetNotFound(_ id: String, code: String) -> KalturaError {
        KalturaError(code, "Asset id \"\(id)\" not found", args: ["ID": id])
    }
}
