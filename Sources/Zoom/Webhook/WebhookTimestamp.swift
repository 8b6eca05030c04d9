/// `x-zm-request-timestamp`: epoch seconds as decimal digits, nothing else (no sign, no
/// spaces, no fraction). A value too large for `Int64` is malformed, not stale.
enum WebhookTimestamp {
    static func parse(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int64(text)
    }

    /// Whether `timestamp` lies within `window` seconds of `now`, either way, edges included.
    static func isFresh(_ timestamp: Int64, now: Int64, window: Int64) -> Bool {
        let (difference, overflow) = now.subtractingReportingOverflow(timestamp)
        return !overflow && difference.magnitude <= UInt64(window)
    }
}
