import Copier
import Jobs

/// A job the sample made: which recording and segment, and where it should end.
struct DemoJob: Sendable {
    let id: Int64
    let recording: DemoRecording
    /// 1-based, of `segments`.
    let segment: Int
    let segments: Int

    var expected: JobState { recording.expected }

    /// "Topic (part 1/2)".
    var label: String { segments > 1 ? "\(recording.topic) (part \(segment)/\(segments))" : recording.topic }
}

/// A job as last seen: its stored state and, while a file is copied, that transfer.
struct DemoRow: Sendable {
    let job: DemoJob
    var state: JobState?
    var reason: String?
    var entryID: String?
    var transfer: Transfer?

    var reachedExpected: Bool { state == job.expected }
}
