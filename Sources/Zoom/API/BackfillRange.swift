import Platform

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The UTC days a backfill walks, `from` to `to` included (`YYYY-MM-DD`), at most
/// `maxDays` of them. It is the payload of one durable `zoom.backfill` job: the same range
/// asked twice is one job.
public struct BackfillRange: Sendable, Equatable {
    /// The job kind a backfill is stored as.
    public static let jobKind = "zoom.backfill"
    /// The longest range one backfill may cover.
    public static let maxDays = 366

    public let from: String
    public let to: String

    /// - Throws: a reason a person can act on, when a date is not a real `YYYY-MM-DD` day,
    ///   `from` is after `to`, or the range is longer than `maxDays` days.
    public init(from: String, to: String) throws(BackfillRangeError) {
        guard let start = CivilDate.dayNumber(from) else { throw BackfillRangeError("\"from\" must be a date as YYYY-MM-DD, e.g. 2026-01-31") }
        guard let end = CivilDate.dayNumber(to) else { throw BackfillRangeError("\"to\" must be a date as YYYY-MM-DD, e.g. 2026-01-31") }
        guard start <= end else { throw BackfillRangeError("\"from\" (\(from)) is after \"to\" (\(to))") }
        guard end - start + 1 <= Int64(Self.maxDays) else {
            throw BackfillRangeError("the range covers \(end - start + 1) days; at most \(Self.maxDays) are allowed")
        }
        self.from = from
        self.to = to
    }

    /// Each day of the range, in order, as `YYYY-MM-DD`.
    public var days: [String] {
        guard let start = CivilDate.dayNumber(from), let end = CivilDate.dayNumber(to) else { return [] }
        return (start...end).map(CivilDate.date(dayNumber:))
    }

    /// `zoom.backfill|{from}|{to}`.
    public var dedupeKey: String { "\(Self.jobKind)|\(from)|\(to)" }

    /// The job payload: `{"from":…,"to":…}`.
    public var payload: [UInt8] { Array(#"{"from":"\#(from)","to":"\#(to)"}"#.utf8) }

    /// The range a stored job stands for; nil when the payload is not a valid range.
    public init?(payload: [UInt8]) {
        struct Wire: Decodable { let from: String; let to: String }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(payload)),
              let range = try? BackfillRange(from: wire.from, to: wire.to) else { return nil }
        self = range
    }
}

/// Why a backfill range was refused, in words an admin can act on.
public struct BackfillRangeError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
