import CCurl

/// `curl_global_init` exactly once per process. It is not thread-safe against other libcurl
/// calls, so it runs before the first handle exists: every `HTTPClient.init` touches it, and
/// Swift initializes a static `let` once, under `swift_once`, whichever thread gets there first.
enum CurlGlobal {
    private static let initResult: Int = Int(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

    static func ensureInitialized() {
        precondition(initResult == 0, "curl_global_init failed with CURLcode \(initResult)")
    }
}
