import Foundation
import HTTPClient
import Simulators
import Testing

/// `randomFaults(rate:seed:)`: a replayable mix of 500, 429 and resets on any call.
@Suite struct KalturaRandomFaultTests {
    /// What each of `count` bare `media.list` calls met: its status, or `reset`.
    func outcomes(_ kaltura: KalturaSimulator, count: Int) -> [String] {
        let call = KalturaCall(simulator: kaltura)
        return (0..<count).map { _ in
            do {
                let response = try call.client.send(HTTPRequest(method: "POST", url: call.url("media", "list")))
                return response.status == 429 ? "429/\(response.header("Retry-After") ?? "-")" : String(response.status)
            } catch {
                return "reset"
            }
        }
    }

    @Test func theSameSeedGivesTheSameFaults() throws {
        let first = try KalturaSimulator()
        defer { first.stop() }
        let second = try KalturaSimulator()
        defer { second.stop() }
        first.randomFaults(rate: 0.5, seed: 7)
        second.randomFaults(rate: 0.5, seed: 7)
        let seen = outcomes(first, count: 60)
        #expect(outcomes(second, count: 60) == seen)
        #expect(Set(seen).isSubset(of: ["200", "500", "429/0", "429/1", "reset"]))
        #expect(Set(seen) == ["200", "500", "429/0", "429/1", "reset"], "60 rolls at 0.5 meet every kind")
        let faults = first.counters.faults
        #expect(faults["fail"] == seen.filter { $0 == "500" }.count)
        #expect(faults["rateLimit"] == seen.filter { $0.hasPrefix("429") }.count)
        #expect(faults["reset"] == seen.filter { $0 == "reset" }.count)
        #expect(first.counters.calls["media.list"] == 60)

        // Seeding again replays the sequence; another seed gives another one.
        first.randomFaults(rate: 0.5, seed: 7)
        #expect(outcomes(first, count: 60) == seen)
        first.randomFaults(rate: 0.5, seed: 8)
        #expect(outcomes(first, count: 60) != seen)
    }

    @Test func rateZeroIsOffAndArmedFaultsGoFirst() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        kaltura.randomFaults(rate: 1, seed: 1)
        kaltura.randomFaults(rate: 0, seed: 1)
        #expect(outcomes(kaltura, count: 20) == Array(repeating: "200", count: 20))
        #expect(kaltura.counters.faults.isEmpty)
        kaltura.randomFaults(rate: 1, seed: 1)
        kaltura.failNextCalls(1, status: 503)
        #expect(outcomes(kaltura, count: 1) == ["503"])
    }

    @Test func faultedUploadsNeverWriteTheirChunk() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let call = KalturaCall(simulator: kaltura)
        let ks = try call.adminKS()
        let tokenID = try #require(try call.object("uploadToken", "add", ["ks": ks, "uploadToken": [:] as [String: Any]])["id"] as? String)
        kaltura.randomFaults(rate: 1, seed: 3)
        var resets = 0
        for _ in 0..<30 {
            do {
                let answer = try call.upload(ks: ks, token: tokenID, data: [1, 2, 3], resume: true, finalChunk: false, resumeAt: -1)
                #expect(answer["id"] == nil, "every call meets a fault at rate 1")
            } catch is HTTPClientError {
                resets += 1
            } catch {
                // A 500 or 429 HTML body is not JSON.
            }
        }
        #expect(resets > 0)
        #expect(kaltura.counters.faults["reset"] == resets)
        #expect(kaltura.counters.faults.values.reduce(0, +) == 30)
        #expect(kaltura.counters.uploadChunks == 0)
        #expect(kaltura.uploadToken(id: tokenID)?.size == 0)
        kaltura.randomFaults(rate: 0, seed: 0)
        let landed = try call.upload(ks: ks, token: tokenID, data: [1, 2, 3], resume: true, finalChunk: false, resumeAt: -1)
        #expect(landed["uploadedFileSize"] as? Int == 3)
    }
}
