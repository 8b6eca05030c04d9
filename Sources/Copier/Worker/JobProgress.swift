import Foundation

/// A job's saved progress (`jobs.progress`), written after every step that changed something
/// outside (an entry made, a chunk acknowledged, an asset attached), so that a retry or a
/// restarted process picks up exactly there and never repeats a step that already took effect.
struct JobProgress: Codable, Equatable, Sendable {
    /// Entries by reference id.
    var entries: [String: EntryProgress] = [:]
    /// Upload checkpoints by Zoom file id.
    var uploads: [String: Checkpoint] = [:]
    /// Lowercase hex SHA-256 of each file copied in one pass, by Zoom file id.
    var digests: [String: String] = [:]
    /// Entries whose content has been attached (`media.addContent` answered).
    var contentAttached: Set<String> = []
    /// Caption and chat files attached, by Zoom file id.
    var assets: Set<String> = []
    /// Scheduled follow-ups (hold expiry, Zoom deletion) already stored.
    var scheduled: Set<String> = []

    /// An entry this job found or made, or one whose `media.add` went out without an answer.
    struct EntryProgress: Codable, Equatable, Sendable {
        /// The entry id, once known.
        var id: String?
        /// When a `media.add` without a known result was sent (ms since the epoch): until the
        /// search index has had time to show it, a lookup that misses it proves nothing.
        var addSentAt: Int64?
    }

    init() {}

    /// Decodes a saved progress; nil or unreadable bytes start afresh (a job from an older
    /// version, or one that never saved).
    init(bytes: [UInt8]?) {
        guard let bytes, !bytes.isEmpty,
              let decoded = try? JSONDecoder().decode(JobProgress.self, from: Data(bytes)) else { return }
        self = decoded
    }

    var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array((try? encoder.encode(self)) ?? Data())
    }
}
