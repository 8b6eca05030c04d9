import Foundation

/// What `GET /status` reports, encoded as JSON with snake_case keys. Every key is always
/// written (null when there is no value), as `openapi.yaml` promises.
public struct StatusReport: Encodable, Sendable, Equatable {
    public var service: String
    public var version: String
    public var uptimeSeconds: Int
    public var startedAt: String
    public var sandbox: Bool
    /// The effective configuration, secrets masked, in `check-config`'s order.
    public var configuration: [ConfigurationItem]
    /// Jobs per state; every state is present.
    public var jobs: [String: Int]
    /// RFC 3339 time of the last stored webhook, or null.
    @NullWhenAbsent public var lastWebhookAt: String?
    public var webhooks: WebhookReport
    /// `ready`, or why the job store cannot work.
    public var store: String
    /// Files being copied now.
    public var transfers: [TransferReport]
    /// Bytes copied in each of the last 60 minutes, oldest first (the last is the current minute).
    public var throughputLastHour: [Int64]
    /// The last failed jobs, newest first (at most 50).
    public var failures: [FailureReport]
    /// Zoom and Kaltura as the workers last found them.
    public var peers: [String: PeerReport]

    /// The report as JSON: sorted keys, and `<`, `>`, `&` written as `\u003c`, `\u003e`,
    /// `\u0026` so that a meeting topic carrying markup never appears as markup in any
    /// response, whatever a client does with it.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return Self.escapingMarkup(Array(try encoder.encode(self)))
    }

    /// JSON bytes with `<`, `>` and `&` as unicode escapes (they occur only inside strings).
    static func escapingMarkup(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count)
        for byte in json {
            switch byte {
            case UInt8(ascii: "<"): out += Array(#"\u003c"#.utf8)
            case UInt8(ascii: ">"): out += Array(#"\u003e"#.utf8)
            case UInt8(ascii: "&"): out += Array(#"\u0026"#.utf8)
            default: out.append(byte)
            }
        }
        return out
    }
}

/// One configuration variable and its effective value (secrets show only `<set>`/`<unset>`).
public struct ConfigurationItem: Encodable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Webhook deliveries the intake received (whatever their result), and their results since start.
public struct WebhookReport: Encodable, Sendable, Equatable {
    public var lastHour: Int
    public var lastDay: Int
    /// Deliveries since the process started, by result (`stored`, `duplicate`, `rejected`, …).
    public var byResult: [String: Int]

    public init(lastHour: Int = 0, lastDay: Int = 0, byResult: [String: Int] = [:]) {
        self.lastHour = lastHour
        self.lastDay = lastDay
        self.byResult = byResult
    }
}

/// A file being copied now.
public struct TransferReport: Encodable, Sendable, Equatable {
    public var jobID: Int64
    public var meetingUUID: String
    /// User input: escape wherever it is shown.
    public var topic: String
    /// The Zoom host's email.
    public var owner: String
    public var fileID: String
    /// Bytes Kaltura acknowledged so far, of `total`.
    public var bytes: Int64
    public var total: Int64
    /// Bytes per second since this run of the copy began; null before the first chunk.
    @NullWhenAbsent public var rateBytesPerSecond: Int64?
    /// Seconds left at that rate; null while there is no rate.
    @NullWhenAbsent public var etaSeconds: Int?

    public init(jobID: Int64, meetingUUID: String, topic: String, owner: String, fileID: String, bytes: Int64, total: Int64,
                rateBytesPerSecond: Int64?, etaSeconds: Int?) {
        self.jobID = jobID
        self.meetingUUID = meetingUUID
        self.topic = topic
        self.owner = owner
        self.fileID = fileID
        self.bytes = bytes
        self.total = total
        self.rateBytesPerSecond = rateBytesPerSecond
        self.etaSeconds = etaSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case jobID = "job_id", meetingUUID = "meeting_uuid", topic, owner, fileID = "file_id", bytes, total,
             rateBytesPerSecond = "rate_bytes_per_second", etaSeconds = "eta_seconds"
    }
}

/// A failed job and why.
public struct FailureReport: Encodable, Sendable, Equatable {
    public var jobID: Int64
    public var meetingUUID: String
    public var topic: String
    public var hostEmail: String
    public var reason: String
    public var attempts: Int
    /// RFC 3339 time the job failed (its last update).
    public var failedAt: String

    public init(jobID: Int64, meetingUUID: String, topic: String, hostEmail: String, reason: String, attempts: Int,
                failedAt: String) {
        self.jobID = jobID
        self.meetingUUID = meetingUUID
        self.topic = topic
        self.hostEmail = hostEmail
        self.reason = reason
        self.attempts = attempts
        self.failedAt = failedAt
    }

    private enum CodingKeys: String, CodingKey {
        case jobID = "job_id", meetingUUID = "meeting_uuid", topic, hostEmail = "host_email", reason, attempts,
             failedAt = "failed_at"
    }
}

/// A peer's state: working, or the problem the workers hit and since when (a problem is what
/// an operator acts on: credentials refused, the peer unreachable); and the last success and
/// the last error of any call, with their times.
public struct PeerReport: Encodable, Sendable, Equatable {
    public var ok: Bool
    /// With `since`, only while there is a problem (absent keys otherwise); the `last_*` keys
    /// are always written.
    public var problem: String?
    /// RFC 3339 time the problem began.
    public var since: String?
    @NullWhenAbsent public var lastSuccessAt: String?
    @NullWhenAbsent public var lastError: String?
    @NullWhenAbsent public var lastErrorAt: String?

    public init(ok: Bool, problem: String? = nil, since: String? = nil, lastSuccessAt: String? = nil, lastError: String? = nil,
                lastErrorAt: String? = nil) {
        self.ok = ok
        self.problem = problem
        self.since = since
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }

    private enum CodingKeys: String, CodingKey {
        case ok, problem, since, lastSuccessAt = "last_success_at", lastError = "last_error", lastErrorAt = "last_error_at"
    }
}
