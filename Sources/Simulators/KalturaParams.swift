import HTTPServer

/// The parameters of one API call, decoded the way Kaltura's PHP front end does
/// (`infraRequestUtils::getRequestParams`): a JSON body only when `Content-Type` is exactly
/// `application/json`, form fields nested on `:`, multipart fields plus file parts (or a
/// `json` field). Query parameters override the body, except `ks`: a KS in the URL is
/// refused (treated as missing), so that a client leaking it into logs fails.
struct KalturaParams {
    var values: [String: Any] = [:]
    var files: [String: MultipartForm.FilePart] = [:]
    /// The request carried `ks` in its query string.
    var ksInQuery = false

    init(request: Request) {
        let contentType = (request.headers["Content-Type"] ?? "").trimming(" \t")
        if contentType == "application/json" {
            let trimmed = String(decoding: request.body, as: UTF8.self).trimming(" \t\r\n")
            if trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), let object = SimJSON.object(Array(trimmed.utf8)) {
                values = object
            }
        } else if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            for (name, value) in FormEncoding.pairs(Substring(String(decoding: request.body, as: UTF8.self))) {
                Self.set(&values, path: name, value: value)
            }
        } else if contentType.lowercased().hasPrefix("multipart/form-data"),
                  let form = MultipartForm(body: request.body, contentType: String(contentType)) {
            for (name, value) in form.fields {
                if name == "json", let object = SimJSON.object(Array(value.utf8)) {
                    values.merge(object) { _, new in new }
                } else {
                    Self.set(&values, path: name, value: value)
                }
            }
            for file in form.files { files[file.name] = file }
        }
        for (name, value) in FormEncoding.pairs(request.head.query ?? "") {
            if name == "ks" || name.hasPrefix("ks:") {
                ksInQuery = true
                continue
            }
            Self.set(&values, path: name, value: value)
        }
    }

    /// `a:b:c=v` → values["a"]["b"]["c"] = v.
    static func set(_ dictionary: inout [String: Any], path: String, value: String) {
        let parts = path.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        set(&dictionary, parts: parts[...], value: value)
    }

    private static func set(_ dictionary: inout [String: Any], parts: ArraySlice<String>, value: String) {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            dictionary[first] = value
            return
        }
        var child = dictionary[first] as? [String: Any] ?? [:]
        set(&child, parts: parts.dropFirst(), value: value)
        dictionary[first] = child
    }

    /// A scalar at a path (`string("entry", "name")`); nil when absent or `__null`.
    func string(_ path: String...) -> String? {
        var current: Any? = values
        for key in path { current = (current as? [String: Any])?[key] }
        return current.flatMap { SimJSON.scalar($0) }
    }

    /// An object parameter (`entry`, `filter`, `pager`).
    func object(_ name: String) -> [String: Any]? { values[name] as? [String: Any] }

    func int(_ path: String...) -> Int? {
        var current: Any? = values
        for key in path { current = (current as? [String: Any])?[key] }
        return current.flatMap { SimJSON.scalar($0) }.flatMap { Int($0) }
    }

    /// Kaltura's bool: false for "false", "0", ""; true otherwise; `fallback` when absent.
    func bool(_ name: String, default fallback: Bool) -> Bool {
        guard let text = string(name) else { return fallback }
        return Self.bool(text)
    }

    static func bool(_ text: String) -> Bool { !(text == "false" || text == "0" || text.isEmpty) }
}

extension String {
    func trimming(_ set: String) -> Substring { self[...].trimming(set) }
}

/// Scalars of an object parameter.
extension Dictionary where Key == String, Value == Any {
    func scalar(_ key: String) -> String? { self[key].flatMap { SimJSON.scalar($0) } }
}
