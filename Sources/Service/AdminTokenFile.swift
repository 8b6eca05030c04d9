import Config
import Crypto
import Foundation

/// In sandbox mode without `ADMIN_TOKEN`, the service makes its own token and keeps it in a file
/// readable only by its user, so that `make run` works out of the box and the token never
/// appears in a log line: the log names the file instead.
enum AdminTokenFile {
    static let name = "admin-token"

    /// Reads the token from `directory/admin-token`, creating it (0600) when missing.
    static func loadOrCreate(in directory: String) throws -> (Secret, path: String) {
        let path = (directory as NSString).appendingPathComponent(name)
        if let existing = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           existing.count >= 16 {
            return (Secret(existing), path)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let token = Digest.hex(Digest.randomBytes(32))
        guard FileManager.default.createFile(atPath: path, contents: Data((token + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return (Secret(token), path)
    }
}

extension Configuration {
    /// The directory that holds the SQLite file and the sandbox admin token.
    public var dataDirectory: String {
        switch database {
        case .sqlite(let path): (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        case .postgres: "./data"
        }
    }
}
