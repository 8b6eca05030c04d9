import Config
import Foundation

/// The sample's opt-out list. In sandbox mode without `OPT_OUT_FILE` the service writes it into
/// its data directory and reads it as the opt-out file, so that the sample shows a skipped job.
enum DemoOptOut {
    static let fileName = "sandbox-opt-out.csv"

    static func path(in directory: String) -> String { (directory as NSString).appendingPathComponent(fileName) }

    /// Writes the list (replacing an older one) and names it in `configuration.optOutFile`;
    /// leaves a configured `OPT_OUT_FILE` alone.
    static func apply(to configuration: inout Configuration) throws {
        guard configuration.optOutFile == nil else { return }
        let directory = configuration.dataDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = "# written by zoom2kaltura in sandbox mode: the sample's opted-out host\nemail\n\(DemoSample.optedOutHost)\n"
        let path = path(in: directory)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        configuration.optOutFile = path
    }

    /// Whether the opt-out list in force is the one `apply` wrote.
    static func isInForce(_ configuration: Configuration) -> Bool {
        configuration.optOutFile == path(in: configuration.dataDirectory)
    }
}
