@testable import Copier
import Kaltura
import Simulators
import Logging
import Metrics
import Synchronization
import Testing
import Zoom

/// What /status and /metrics read from the copier: transfers with their rate and ETA, bytes
/// per minute, durations per file, and the peers' last errors counted by code.
@Suite struct TransferBoardTests {
    final class Clock: Sendable {
        let now = Mutex<Int64>(1_764_500_000_000)
        func advance(_ ms: Int64) { now.withLock { $0 += ms } }
        var value: Int64 { now.withLock { $0 } }
    }

    static func value(_ registry: MetricsRegistry, _ sample: String) -> Double? {
        for family in registry.families() {
            for s in family.samples {
                let name = s.name + (s.labels.isEmpty ? "" : "{" + s.labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",") + "}")
                if name == sample { return s.value }
            }
        }
        return nil
    }

    @Test func acknowledgedChunksFeedTheCounterTheHistoryAndTheDurations() {
        let clock = Clock()
        let registry = MetricsRegistry()
        let board = TransferBoard(metrics: registry, now: { clock.value })
        var transfer = Transfer(jobID: 1, meetingUUID: "m==", fileID: "f1", bytes: 2 << 20, total: 10 << 20,
                                startedAt: clock.value, startBytes: 2 << 20, owner: "ada@x", topic: "T")
        board.update(transfer)  // resumed at 2 MiB: nothing copied yet in this run
        #expect(Self.value(registry, "zoom2kaltura_copied_bytes_total") == 0)
        #expect(transfer.rate(now: clock.value) == nil && transfer.etaSeconds(now: clock.value) == nil)

        clock.advance(2_000)
        transfer.bytes = 6 << 20
        board.update(transfer)
        #expect(Self.value(registry, "zoom2kaltura_copied_bytes_total") == Double(4 << 20))
        #expect(transfer.rate(now: clock.value) == Double(2 << 20))
        #expect(transfer.etaSeconds(now: clock.value) == 2)
        #expect(board.snapshot().map(\.owner) == ["ada@x"])

        clock.advance(1_500)
        transfer.bytes = 10 << 20
        board.update(transfer)
        board.update(transfer)  // the same checkpoint again counts nothing
        #expect(Self.value(registry, "zoom2kaltura_copied_bytes_total") == Double(8 << 20))
        #expect(Self.value(registry, "zoom2kaltura_transfer_duration_seconds_count") == 1)
        #expect(Self.value(registry, "zoom2kaltura_transfer_duration_seconds_sum") == 3.5)
        let hour = board.history.lastHour()
        #expect(hour.count == 60 && hour.reduce(0, +) == 8 << 20)

        // The job's next file starts from its own checkpoint: not a delta of the last one.
        board.update(Transfer(jobID: 1, meetingUUID: "m==", fileID: "f2", bytes: 1 << 20, total: 2 << 20,
                              startedAt: clock.value, startBytes: 1 << 20))
        #expect(Self.value(registry, "zoom2kaltura_copied_bytes_total") == Double(8 << 20))
        board.remove(jobID: 1)
        #expect(board.snapshot().isEmpty)

        // Minutes later the bytes move back along the hour, and leave it after 60 minutes.
        clock.advance(5 * 60_000)
        #expect(board.history.lastHour()[54] == 8 << 20 && board.history.lastHour()[59] == 0)
        clock.advance(60 * 60_000)
        #expect(board.history.lastHour().reduce(0, +) == 0)
    }

    @Test func peersKeepTheirLastErrorAndCountErrorsByCode() {
        let registry = MetricsRegistry()
        let board = PeerBoard(logger: Logger(level: .error, sink: LogSink.memory()), metrics: registry)
        board.succeeded(.kaltura, at: 1_000)
        board.callFailed(.kaltura, code: KalturaError.api(code: "ENTRY_ID_NOT_FOUND", message: "gone").metricCode,
                         error: "looking up: gone", at: 2_000)
        board.callFailed(.kaltura, code: KalturaError.http(status: 503).metricCode, error: "HTTP 503", at: 3_000)
        board.callFailed(.zoom, code: ZoomAPIError(status: 401, transient: false, credentials: true, detail: "no").metricCode,
                         error: "refused", at: 3_500)
        board.callFailed(.zoom, code: ZoomAPIError(status: nil, transient: true, detail: "reset").metricCode,
                         error: "reset", at: 3_600)
        board.failed(.kaltura, problem: "START_SESSION_ERROR", at: 4_000)
        board.succeeded(.kaltura, at: 5_000)

        let kaltura = board.snapshot().first { $0.peer == .kaltura }
        #expect(kaltura?.problem == nil && kaltura?.since == nil && kaltura?.lastSuccessAt == 5_000)
        #expect(kaltura?.lastError == "START_SESSION_ERROR" && kaltura?.lastErrorAt == 4_000, "kept after the recovery")
        let zoom = board.snapshot().first { $0.peer == .zoom }
        #expect(zoom?.lastError == "reset" && zoom?.lastErrorAt == 3_600 && zoom?.lastSuccessAt == nil)

        #expect(Self.value(registry, #"zoom2kaltura_api_errors_total{peer="kaltura",code="ENTRY_ID_NOT_FOUND"}"#) == 1)
        #expect(Self.value(registry, #"zoom2kaltura_api_errors_total{peer="kaltura",code="http_503"}"#) == 1)
        #expect(Self.value(registry, #"zoom2kaltura_api_errors_total{peer="zoom",code="http_401"}"#) == 1)
        #expect(Self.value(registry, #"zoom2kaltura_api_errors_total{peer="zoom",code="transport"}"#) == 1)
    }

    @Test func aCopyThroughThePoolFillsTheThroughputHistory() throws {
        let harness = try PoolHarness()
        harness.kaltura.addUser(Simulators.KalturaUser(id: "alice@uni.edu", email: "alice@uni.edu", status: 1))
        let ids = try harness.deliver(uuid: "throughput==", files: PoolHarness.lectureFiles(prefix: "tp"))
        #expect(try harness.waitFor(ids).map(\.state) == [.done])
        #expect(harness.transfers.history.lastHour().reduce(0, +) == Int64(harness.kaltura.counters.uploadedBytes))
        #expect(harness.transfers.snapshot().isEmpty, "nothing in flight once the job ended")
        #expect(harness.peers.snapshot().allSatisfy { $0.lastSuccessAt != nil && $0.problem == nil })
    }
}
