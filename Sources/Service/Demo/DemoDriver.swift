#if canImport(Glibc)
import Glibc
#endif
import Config
import Copier
import Foundation
import Jobs

/// Drives the running service through the sample: installs it on the simulators, sends one
/// signed `recording.completed` per recording to the service's own webhook endpoint, reads the
/// job ids from each answer, and follows the jobs until every one has ended or the deadline
/// passes. Runs on a thread of its own (the service's main thread waits for signals).
struct DemoDriver: Sendable {
    let service: RunningService
    let deadline: Duration
    /// How often the progress view is refreshed.
    let refresh: Duration

    init(service: RunningService, deadline: Duration = .seconds(120), refresh: Duration = .milliseconds(100)) {
        self.service = service
        self.deadline = deadline
        self.refresh = refresh
    }

    func run(style: DemoProgress.Style) -> DemoOutcome {
        let started = ContinuousClock.now
        guard let sandbox = service.sandbox else { return .problem("the sample needs sandbox mode (KALTURA_SERVICE_URL unset)") }
        guard let secret = service.configuration.zoomWebhookSecret else { return .problem("no webhook secret to sign the sample with") }
        let suffix = DemoSuffix.random()
        let sample = DemoSample(configuration: service.configuration, includeOptOut: DemoOptOut.isInForce(service.configuration),
                                suffix: suffix)
        for note in sample.notes { DemoOutput.write("demo: \(note)\n") }
        sample.install(in: sandbox)

        let url = "\(Self.loopbackBase(host: service.configuration.listenHost, port: service.port))\(service.configuration.webhookPath)"
        var jobs: [DemoJob] = []
        for recording in sample.recordings {
            guard let body = sandbox.zoom.recordingCompletedBody(meetingUUID: recording.uuid) else {
                return .problem("the Zoom simulator lost recording \(recording.uuid)")
            }
            let ids: [Int64]
            do {
                let answer = try sandbox.zoom.sendWebhook(to: url, secret: secret.reveal(), body: body)
                guard answer.status == 200, let parsed = Self.jobIDs(in: answer.body) else {
                    return .problem("the webhook for \(recording.uuid) was answered \(answer.status): "
                                    + String(decoding: answer.body.prefix(300), as: UTF8.self))
                }
                ids = parsed
            } catch {
                return .problem("cannot send the webhook for \(recording.uuid): \(error)")
            }
            DemoOutput.write("demo: webhook for \"\(recording.topic)\" (\(recording.role)) stored as job"
                             + "\(ids.count == 1 ? "" : "s") \(ids.map(String.init).joined(separator: ", ")); "
                             + "expected: \(recording.expected.rawValue)\n")
            for (index, id) in ids.enumerated() {
                jobs.append(DemoJob(id: id, recording: recording, segment: index + 1, segments: ids.count))
            }
        }
        return follow(jobs, style: style, started: started)
    }

    /// Polls the store and the transfer board until every job has ended or the deadline passes.
    func follow(_ jobs: [DemoJob], style: DemoProgress.Style, started: ContinuousClock.Instant) -> DemoOutcome {
        let progress = DemoProgress(style: style)
        let end = started + deadline
        var rows = jobs.map { DemoRow(job: $0) }
        while true {
            let transfers = Dictionary(service.transfers.snapshot().map { ($0.jobID, $0) }) { a, _ in a }
            for index in rows.indices {
                let id = rows[index].job.id
                do {
                    let job = try service.store.job(id: id)
                    rows[index].state = job?.state
                    rows[index].reason = job?.reason
                    rows[index].entryID = job?.entryID
                    rows[index].transfer = transfers[id]
                } catch {
                    return .problem("cannot read job \(id) (the service is stopping?): \(error)")
                }
            }
            progress.show(rows)
            let now = ContinuousClock.now
            if rows.allSatisfy({ $0.state?.isFinal == true }) || now >= end {
                return .finished(rows, elapsed: now - started, deadline: deadline)
            }
            usleep(UInt32(max(1, min(refresh, end - now) / .microseconds(1))))
        }
    }

    /// The ids of `{"jobs":[…],…}`.
    static func jobIDs(in body: [UInt8]) -> [Int64]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let ids = object["jobs"] as? [NSNumber], !ids.isEmpty else { return nil }
        return ids.map(\.int64Value)
    }

    /// `http://host:port` reaching the listener from this machine: a wildcard address becomes loopback.
    static func loopbackBase(host: String, port: Int) -> String {
        switch host {
        case "", "0.0.0.0": "http://127.0.0.1:\(port)"
        case "::", "[::]": "http://[::1]:\(port)"
        default: host.contains(":") && !host.hasPrefix("[") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }
}

/// A short random suffix for the sample's uuids and file ids.
enum DemoSuffix {
    static func random() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }
}
