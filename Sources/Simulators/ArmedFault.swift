/// A fault armed for the next `remaining` requests, with what it should do.
struct ArmedFault<Detail: Sendable>: Sendable {
    var remaining: Int = 0
    var detail: Detail

    /// Consumes one use if armed.
    mutating func take() -> Detail? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        return detail
    }
}
