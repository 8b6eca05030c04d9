/// How owner rules are keyed, wherever they come from (the stores' mappings and opt-outs, the
/// override and opt-out files): an email trimmed and lowercased, so that `Jane@Uni.edu ` and
/// `jane@uni.edu` are one rule.
public enum RuleEmail {
    public static func normalized(_ email: String) -> String {
        String(email.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()).lowercased()
    }
}
