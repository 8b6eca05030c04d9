@testable import HTTPServer
import Testing

/// The timeout rules, driven by made-up instants instead of a clock.
@Suite struct ConnectionTimeoutsTests {
    let timeouts: ConnectionTimeouts = {
        var configuration = ServerConfiguration()
        configuration.headerTimeout = .seconds(10)
        configuration.bodyTimeout = .seconds(30)
        configuration.idleTimeout = .seconds(60)
        configuration.writeTimeout = .seconds(20)
        configuration.handlerTimeout = .seconds(5)
        return ConnectionTimeouts(configuration)
    }()
    let second: Int64 = 1_000_000_000

    @Test func aNewConnectionGetsTheHeaderTimeoutNotTheIdleOne() {
        #expect(timeouts.action(for: .idle(since: 0, first: true), now: 10 * second - 1) == .none)
        #expect(timeouts.action(for: .idle(since: 0, first: true), now: 10 * second) == .close)
        #expect(timeouts.action(for: .idle(since: 0, first: false), now: 59 * second) == .none)
        #expect(timeouts.action(for: .idle(since: 0, first: false), now: 60 * second) == .close)
    }

    @Test func slowRequestsGet408AndSlowHandlers503() {
        #expect(timeouts.action(for: .head(since: 5), now: 5 + 10 * second) == .requestTimeout)
        #expect(timeouts.action(for: .body(since: 0), now: 29 * second) == .none)
        #expect(timeouts.action(for: .body(since: 0), now: 30 * second) == .requestTimeout)
        #expect(timeouts.action(for: .awaiting(since: 0), now: 5 * second) == .handlerTimeout)
    }

    @Test func stalledWritesAndLingeringEndInClose() {
        #expect(timeouts.action(for: .writing(since: 100), now: 100 + 20 * second) == .close)
        #expect(timeouts.action(for: .writing(since: 100), now: 99 + 20 * second) == .none)
        #expect(timeouts.action(for: .lingering(since: 0), now: 2 * second) == .close)
    }

    @Test func durationNanosecondsSaturate() {
        #expect(Duration.milliseconds(1500).nanoseconds == 1_500_000_000)
        #expect(Duration.seconds(Int64.max).nanoseconds == .max)
    }
}
