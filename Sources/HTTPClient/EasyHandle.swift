import CCurl
import CCurlShims

/// Owns one libcurl easy handle (`CURL*`) and the error buffer libcurl writes into;
/// `deinit` cleans both up. Typed setters wrap the variadic `curl_easy_setopt`.
///
/// `@unchecked Sendable` invariant: at any moment the handle has one user. It is either idle in
/// a `HandlePool` (no libcurl call touches it; the pool's mutex guards the array holding it) or
/// checked out by exactly one call, on one thread, which alone calls libcurl on it until it
/// checks it back in. libcurl allows an easy handle to move between threads this way.
final class EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    /// CURL_ERROR_SIZE bytes, owned here, handed to libcurl as CURLOPT_ERRORBUFFER.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Clears every option (and callback userdata) but keeps the connection, DNS and TLS
    /// session caches, then re-installs the error buffer.
    func reset() throws(HTTPClientError) {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        try check(z2k_curl_setopt_ptr(raw, CURLOPT_ERRORBUFFER, errorBuffer))
    }

    /// Runs the configured transfer on the calling thread.
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(raw)
    }

    /// What libcurl wrote to the error buffer during the last transfer; empty when nothing.
    var errorMessage: String { String(cString: errorBuffer) }

    // MARK: - Options

    func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(z2k_curl_setopt_long(raw, option, value))
    }

    func set(_ option: CURLoption, offset value: Int64) throws(HTTPClientError) {
        try check(z2k_curl_setopt_off_t(raw, option, curl_off_t(value)))
    }

    /// libcurl copies the string.
    func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(z2k_curl_setopt_str(raw, option, value))
    }

    /// The caller keeps what `pointer` points at alive while the handle may use it.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(HTTPClientError) {
        try check(z2k_curl_setopt_ptr(raw, option, pointer))
    }

    /// The caller keeps `headers` alive until the transfer has ended.
    func setHeaders(_ headers: HeaderList) throws(HTTPClientError) {
        try check(z2k_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headers.list))
    }

    /// The caller keeps `form` alive until the transfer has ended.
    func setMultipart(_ form: MimeForm) throws(HTTPClientError) {
        try check(z2k_curl_setopt_mime(raw, form.mime))
    }

    func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw CurlCode.error(code, message: nil) }
    }

    // MARK: - Information about the last transfer

    func long(_ info: CURLINFO) -> Int? {
        var value = 0
        return z2k_curl_getinfo_long(raw, info, &value) == CURLE_OK ? value : nil
    }

    func offset(_ info: CURLINFO) -> Int64? {
        var value: curl_off_t = 0
        return z2k_curl_getinfo_off_t(raw, info, &value) == CURLE_OK ? Int64(value) : nil
    }

    /// A copy of the string: libcurl's own is valid only until the next transfer.
    func string(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard z2k_curl_getinfo_str(raw, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    /// A `*_TIME_T` value (microseconds) as a Duration.
    func duration(_ info: CURLINFO) -> Duration {
        .microseconds(offset(info) ?? 0)
    }
}
