import Config
import Jobs

/// The admin-maintained owner tables (DESIGN.md §4): overrides, host email → Kaltura user id,
/// consulted before the matching mode; and opt-outs, host emails never copied. Emails are
/// kept lowercased and compared without case.
public struct OwnerRules: Sendable, Equatable {
    /// Lowercased host email → Kaltura user id.
    public var overrides: [String: String]
    /// Lowercased host emails.
    public var optOuts: Set<String>

    public init(overrides: [String: String] = [:], optOuts: Set<String> = []) {
        self.overrides = Dictionary(overrides.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.optOuts = Set(optOuts.map { $0.lowercased() })
    }

    /// Reads both files (either may be nil: no table). Formats are told apart by content:
    /// JSON when the file starts with `{` or `[`, CSV otherwise (see `PolicyFile`).
    public static func load(overridesFile: String?, optOutFile: String?) throws(PolicyFileError) -> OwnerRules {
        var rules = OwnerRules()
        if let overridesFile {
            rules.overrides = try PolicyFile.overrides(PolicyFile.read(overridesFile), file: overridesFile)
        }
        if let optOutFile {
            rules.optOuts = try PolicyFile.optOuts(PolicyFile.read(optOutFile), file: optOutFile)
        }
        return rules
    }

    /// The override for a host email, if the table has one.
    public func overrideUserID(for email: String) -> String? {
        overrides[RuleEmail.normalized(email)]
    }

    public func isOptedOut(_ email: String) -> Bool {
        optOuts.contains(RuleEmail.normalized(email))
    }
}
