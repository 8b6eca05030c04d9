import Config
import Copier
import Foundation
import Zoom

/// A policy over fixed rules, configured by `configure`.
func makePolicy(rules: OwnerRules = OwnerRules(), _ configure: (inout Configuration) -> Void = { _ in }) -> CampusPolicy {
    var configuration = Configuration()
    configure(&configuration)
    return CampusPolicy(configuration: configuration, book: PolicyBook(rules: rules))
}

/// A recording's meeting; `type` 2 is a scheduled meeting, 5 a webinar.
func meeting(host: String, type: Int = 2) -> Meeting {
    Meeting(uuid: "uuid==", id: 81_234_567_890, type: type, topic: "Lecture", hostID: "h1", hostEmail: host,
            startTime: "2026-05-28T10:00:00Z", files: [])
}

/// A fresh temporary directory for policy files, removed when this object goes.
final class TemporaryPolicyFiles {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ contents: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }
}
