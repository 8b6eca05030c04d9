import Dispatch
import HTTPClient
@testable import Kaltura
import Synchronization
import Testing

/// One client shared by worker threads.
@Suite struct ConcurrencyTests {
    @Test func concurrentCallersShareOneSession() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n) : .kaltura(FakeKaltura.mediaJSON)
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            do {
                _ = try client.getMedia(id: "0_e\(i)")
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(fake.requests("session", "start").count == 1)
        #expect(fake.requests("media", "get").count == 8)
        #expect(fake.requests("media", "get").allSatisfy { $0.json?["ks"] == .string(FakeKaltura.ks(0)) })
    }
}
