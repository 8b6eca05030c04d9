/// How both stores key the admin's rule tables (mappings, opt-outs): an email trimmed and
/// lowercased, so that `Jane@Uni.edu ` and `jane@uni.edu` are one rule whatever the store.
enum RuleEmail {
    static func normalized(_ email: String) -> String {
        String(email.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()).lowercased()
    }
}
