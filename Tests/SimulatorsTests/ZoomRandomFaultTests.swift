import HTTPClient
import Simulators
import Testing

/// `randomFaults(rate:seed:)` on downloads: 500, 429 with Retry-After 0 or 1, resets.
@Suite struct ZoomRandomFaultTests {
    func makeSimulator() throws -> (ZoomSimulator, token: String) {
        let zoom = try ZoomSimulator()
        let token = zoom.addRecording(meetingUUID: "m==", files: [ZoomFile(id: "f", size: 100_000)])
        return (zoom, token)
    }

    /// What each of `count` download-URL requests met: its status, or `reset`.
    func outcomes(_ zoom: ZoomSimulator, token: String, count: Int) -> [String] {
        let call = ZoomCall(zoom: zoom)
        return (0..<count).map { _ in
            do {
                let response = try call.download("f", token: token)
                return response.status == 429 ? "429/\(response.header("Retry-After") ?? "-")" : String(response.status)
            } catch {
                return "reset"
            }
        }
    }

    @Test func theSameSeedGivesTheSameFaults() throws {
        let (first, firstToken) = try makeSimulator()
        defer { first.stop() }
        let (second, secondToken) = try makeSimulator()
        defer { second.stop() }
        first.randomFaults(rate: 0.5, seed: 11)
        second.randomFaults(rate: 0.5, seed: 11)
        let seen = outcomes(first, token: firstToken, count: 60)
        #expect(outcomes(second, token: secondToken, count: 60) == seen)
        #expect(Set(seen) == ["302", "500", "429/0", "429/1", "reset"])
        let faults = first.counters.faults
        #expect(faults["fail"] == seen.filter { $0 == "500" }.count)
        #expect(faults["rateLimit"] == seen.filter { $0.hasPrefix("429") }.count)
        #expect(faults["reset"] == seen.filter { $0 == "reset" }.count)
        #expect(first.counters.redirects == seen.filter { $0 == "302" }.count)

        first.randomFaults(rate: 0, seed: 11)
        #expect(outcomes(first, token: firstToken, count: 10) == Array(repeating: "302", count: 10))
    }

    @Test func theCDNFailsOrCutsTheBodyShort() throws {
        let (zoom, token) = try makeSimulator()
        defer { zoom.stop() }
        let call = ZoomCall(zoom: zoom)
        let location = try #require(try call.download("f", token: token).header("Location"))
        zoom.randomFaults(rate: 1, seed: 5)
        var cut = 0
        for _ in 0..<30 {
            var received = 0
            do {
                let response = try call.client.stream(HTTPRequest(url: location), onHead: { _ in true },
                                                      onData: { received += $0.count; return true })
                #expect(response.status == 500 || response.status == 429)
                if response.status == 429 { #expect(["0", "1"].contains(response.header("Retry-After"))) }
            } catch {
                cut += 1
                #expect(received < 100_000)
            }
        }
        #expect(cut > 0)
        #expect(zoom.counters.faults["reset"] == cut)
        #expect(zoom.counters.faults.values.reduce(0, +) == 30)
        zoom.randomFaults(rate: 0, seed: 0)
        #expect(try call.cdn(location).bytes == ZoomSimulator.bytes(fileID: "f", range: 0..<100_000))
    }
}
