import CCurl
import CCurlShims

/// Owns a `curl_slist` of header lines. libcurl does not copy the list given as
/// `CURLOPT_HTTPHEADER`, so it lives until the transfer has ended; `deinit` frees it.
final class HeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit { curl_slist_free_all(list) }

    /// Appends one raw line (`Name: value`, `Name;` for an empty value, `Name:` to suppress a
    /// header libcurl would add). libcurl copies the string.
    func append(_ line: String) throws(HTTPClientError) {
        guard let appended = curl_slist_append(list, line) else {
            throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed")
        }
        list = appended
    }
}
