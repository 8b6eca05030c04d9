import Config
import Synchronization

/// The owner rules in force, shared by every worker, and re-read from their files on demand
/// (the service calls `reload()` on SIGHUP). A file with a mistake never replaces good rules.
public final class PolicyBook: Sendable {
    public let overridesFile: String?
    public let optOutFile: String?
    private let current: Mutex<OwnerRules>

    /// Reads the files once; a bad file is a start-up error.
    public init(overridesFile: String?, optOutFile: String?) throws(PolicyFileError) {
        self.overridesFile = overridesFile
        self.optOutFile = optOutFile
        current = Mutex(try OwnerRules.load(overridesFile: overridesFile, optOutFile: optOutFile))
    }

    /// `OVERRIDES_FILE` and `OPT_OUT_FILE` from the configuration.
    public convenience init(configuration: Configuration) throws(PolicyFileError) {
        try self.init(overridesFile: configuration.overridesFile, optOutFile: configuration.optOutFile)
    }

    /// Fixed rules with no files behind them (tests, sandbox); `reload()` keeps them.
    public init(rules: OwnerRules) {
        overridesFile = nil
        optOutFile = nil
        current = Mutex(rules)
    }

    /// A snapshot of the rules in force.
    public var rules: OwnerRules { current.withLock { $0 } }

    /// Re-reads both files. On success the new rules replace the old ones and are returned; on
    /// error the old rules stay in force and the error says which file and line to fix.
    @discardableResult
    public func reload() -> Result<OwnerRules, PolicyFileError> {
        guard overridesFile != nil || optOutFile != nil else { return .success(rules) }
        let result = Result { () throws(PolicyFileError) in
            try OwnerRules.load(overridesFile: overridesFile, optOutFile: optOutFile)
        }
        if case .success(let fresh) = result { current.withLock { $0 = fresh } }
        return result
    }
}
