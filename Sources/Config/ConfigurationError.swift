/// Every problem found in the environment, reported together so that one run shows them all.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One variable's problem.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The environment variable.
        public let variable: String
        /// The value as given, or a placeholder for a secret.
        public let shown: String?
        /// What is wrong and how to fix it.
        public let message: String

        public var description: String {
            if let shown { "\(variable)=\(shown): \(message)" } else { "\(variable): \(message)" }
        }
    }

    public let problems: [Problem]

    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        return "configuration has \(problems.count) \(noun):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
