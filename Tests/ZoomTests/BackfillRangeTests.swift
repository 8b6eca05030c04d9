import Platform
import Testing
@testable import Zoom

/// The days a backfill walks: strict dates, inclusive ranges, at most 366 days.
@Suite struct BackfillRangeTests {
    @Test func daysRunFromFromToToAcrossMonthsAndLeapDays() throws {
        let range = try BackfillRange(from: "2024-02-27", to: "2024-03-02")
        #expect(range.days == ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"])
        #expect(try BackfillRange(from: "2025-12-31", to: "2026-01-01").days == ["2025-12-31", "2026-01-01"])
        #expect(try BackfillRange(from: "2026-05-05", to: "2026-05-05").days == ["2026-05-05"])
    }

    @Test func dayNumbersMatchTheEpoch() {
        #expect(CivilDate.dayNumber("1970-01-01") == 0)
        #expect(CivilDate.dayNumber("2000-03-01") == 11_017)
        for day: Int64 in [-1, 0, 59, 11_016, 20_000, 20_513, 60_000] {
            #expect(CivilDate.dayNumber(CivilDate.date(dayNumber: day)) == day)
        }
    }

    @Test func malformedOrImpossibleDatesAreRefused() {
        for bad in ["2026-1-05", "2026/01/05", "2026-13-01", "2026-02-29", "2026-04-31", "2026-00-10", "26-01-05",
                    "2026-01-05T00:00:00Z", "", " 2026-01-05", "2026-01-0x"] {
            #expect(throws: BackfillRangeError.self, "\(bad)") { try BackfillRange(from: bad, to: "2026-12-31") }
        }
        #expect((try? BackfillRange(from: "2024-02-29", to: "2024-02-29")) != nil)
    }

    @Test func fromAfterToAndLongRangesAreRefused() throws {
        #expect(throws: BackfillRangeError.self) { try BackfillRange(from: "2026-01-02", to: "2026-01-01") }
        #expect(try BackfillRange(from: "2024-01-01", to: "2024-12-31").days.count == 366)  // a leap year: 366 days
        let error = #expect(throws: BackfillRangeError.self) { try BackfillRange(from: "2025-01-01", to: "2026-01-02") }
        #expect(error?.description.contains("367 days") == true)
    }

    @Test func thePayloadRoundTripsAndTheKeyNamesBothEnds() throws {
        let range = try BackfillRange(from: "2026-01-01", to: "2026-01-31")
        #expect(BackfillRange(payload: range.payload) == range)
        #expect(range.dedupeKey == "zoom.backfill|2026-01-01|2026-01-31")
        #expect(BackfillRange(payload: Array(#"{"from":"2026-02-01","to":"2026-01-01"}"#.utf8)) == nil)
        #expect(BackfillRange(payload: Array("nonsense".utf8)) == nil)
    }
}
