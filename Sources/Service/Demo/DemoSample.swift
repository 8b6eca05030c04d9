import Config
import Jobs
import Simulators

/// One recording of the sample, and the state each of its segments' jobs should end in.
struct DemoRecording: Sendable {
    let uuid: String
    let hostEmail: String
    let topic: String
    /// Why it ends where it does, for the report ("matched host", …).
    let role: String
    let expected: JobState
    let files: [ZoomFile]
    /// Files the Zoom simulator answers with its HTML error page (a recording deleted in Zoom).
    var htmlErrorFiles: [String] = []
}

/// The sample the demo and `make run` send: a host with a Kaltura account and a two-segment
/// recording of every file kind, a host without an account (held or as `UNMATCHED_POLICY`
/// says), an opted-out host, and a recording deleted in Zoom before the copy (Zoom answers an
/// HTML page instead of the file: the job fails, and shows on /status among the failures; its
/// topic carries markup, which every view must show as text). Meeting uuids and file ids carry
/// a random suffix, so that a reused database never mistakes one run's recordings for another's.
struct DemoSample: Sendable {
    static let matchedHost = "ada.lovelace@demo.zoom2kaltura.test"
    static let matchedUserID = "alovelace"
    static let unmatchedHost = "grace.hopper@demo.zoom2kaltura.test"
    static let optedOutHost = "alan.turing@demo.zoom2kaltura.test"
    /// Size of the first segment's main view; the rest is smaller, so a run takes seconds.
    static let primarySize = 24 << 20
    /// The failed recording's topic: markup, as a host may type it.
    static let failedTopic = "Lab tour <script>alert(1)</script>"

    let recordings: [DemoRecording]
    /// Said before the run when part of the sample is left out.
    let notes: [String]

    /// - Parameters:
    ///   - configuration: the effective configuration (the unmatched policy decides the held job's fate).
    ///   - includeOptOut: whether the opt-out list in force is the demo's (else that host is left out).
    ///   - suffix: makes this run's uuids and file ids unique.
    init(configuration: Configuration, includeOptOut: Bool, suffix: String) {
        let unmatchedState: JobState = switch configuration.unmatchedPolicy {
        case .hold: .held
        case .skip: .skipped
        case .createUser: .done
        }
        var recordings = [
            DemoRecording(uuid: "demo-\(suffix)-lecture==", hostEmail: Self.matchedHost, topic: "Analytical Engines, lecture 1",
                          role: "host with a Kaltura account", expected: .done, files: Self.lectureFiles(suffix)),
            DemoRecording(uuid: "demo-\(suffix)-office-hours==", hostEmail: Self.unmatchedHost, topic: "Compiler office hours",
                          role: "host without a Kaltura account", expected: unmatchedState,
                          files: Self.singleFiles("oh-\(suffix)", size: 6 << 20)),
        ]
        var notes: [String] = []
        if includeOptOut {
            recordings.append(DemoRecording(uuid: "demo-\(suffix)-seminar==", hostEmail: Self.optedOutHost,
                                            topic: "Computable numbers seminar", role: "opted-out host", expected: .skipped,
                                            files: Self.singleFiles("sem-\(suffix)", size: 4 << 20)))
        } else {
            notes.append("OPT_OUT_FILE is set, so the sample's opted-out host is left out")
        }
        recordings.append(DemoRecording(uuid: "demo-\(suffix)-lab-tour==", hostEmail: Self.matchedHost, topic: Self.failedTopic,
                                        role: "deleted in Zoom before the copy", expected: .failed,
                                        files: Self.singleFiles("tour-\(suffix)", size: 3 << 20),
                                        htmlErrorFiles: ["tour-\(suffix)-screen"]))
        self.recordings = recordings
        self.notes = notes
    }

    /// Two segments: the first with every kind of file Zoom makes, the second a short tail.
    static func lectureFiles(_ suffix: String) -> [ZoomFile] {
        let first = ("2026-11-30T10:00:05Z", "2026-11-30T10:40:00Z")
        let second = ("2026-11-30T10:45:00Z", "2026-11-30T10:55:00Z")
        func file(_ id: String, _ type: String, _ view: String, _ size: Int, _ times: (String, String)) -> ZoomFile {
            ZoomFile(id: "lec-\(suffix)-\(id)", fileType: type, recordingType: view, size: size,
                     recordingStart: times.0, recordingEnd: times.1)
        }
        return [
            file("screen-1", "MP4", "shared_screen_with_speaker_view", primarySize, first),
            file("speaker-1", "MP4", "speaker_view", 6 << 20, first),
            file("audio-1", "M4A", "audio_only", 2 << 20, first),
            file("transcript-1", "TRANSCRIPT", "audio_transcript", 6 << 10, first),
            file("chat-1", "CHAT", "chat_file", 2 << 10, first),
            file("timeline-1", "TIMELINE", "timeline", 1 << 10, first),
            file("screen-2", "MP4", "shared_screen_with_speaker_view", 8 << 20, second),
            file("audio-2", "M4A", "audio_only", 1 << 20, second),
            file("transcript-2", "TRANSCRIPT", "audio_transcript", 2 << 10, second),
        ]
    }

    /// One segment: a video and its transcript.
    static func singleFiles(_ prefix: String, size: Int) -> [ZoomFile] {
        [ZoomFile(id: "\(prefix)-screen", size: size),
         ZoomFile(id: "\(prefix)-transcript", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 3 << 10)]
    }

    /// Gives the matched host a Kaltura account and puts the recordings on the Zoom simulator.
    func install(in sandbox: Sandbox) {
        sandbox.kaltura.addUser(KalturaUser(id: Self.matchedUserID, email: Self.matchedHost, screenName: "Ada Lovelace",
                                            firstName: "Ada", lastName: "Lovelace", status: 1))
        for (index, recording) in recordings.enumerated() {
            sandbox.zoom.addRecording(meetingUUID: recording.uuid, meetingID: 85_000_000_000 + Int64(index),
                                      topic: recording.topic, hostEmail: recording.hostEmail, hostID: "demo-host-\(index)",
                                      files: recording.files)
            for file in recording.htmlErrorFiles { sandbox.zoom.htmlErrorPage(forFile: file) }
        }
    }
}
