@testable import Intake
import Testing

@Suite struct RecentDeliveriesTests {
    @Test func remembersUpToItsCapacityAndForgetsTheOldestFirst() {
        let recent = RecentDeliveries(capacity: 2)
        let (a, b, c) = (RecentDeliveries.Key(body: [1]), RecentDeliveries.Key(body: [2]), RecentDeliveries.Key(body: [3]))
        recent.remember(a, ids: [1])
        recent.remember(b, ids: [2, 3])
        #expect(recent.ids(for: a) == [1] && recent.ids(for: b) == [2, 3])
        recent.remember(c, ids: [4])
        #expect(recent.ids(for: a) == nil)
        #expect(recent.ids(for: b) == [2, 3] && recent.ids(for: c) == [4])
        recent.remember(b, ids: [2, 3])  // already known: does not push anything out
        #expect(recent.ids(for: c) == [4])
    }

    @Test func keysDependOnEveryByte() {
        #expect(RecentDeliveries.Key(body: Array("{\"a\":1}".utf8)) != RecentDeliveries.Key(body: Array("{\"a\": 1}".utf8)))
        #expect(RecentDeliveries.Key(body: []) == RecentDeliveries.Key(body: []))
    }
}

@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("application/json", true), ("Application/JSON; charset=utf-8", true), (" application/json ;x=y", true),
        ("application/jsonx", false), ("text/json", false), ("application/json-patch+json", false), ("", false),
    ])
    func webhookBodiesMustBeJSON(_ value: String, _ accepted: Bool) {
        #expect(WebhookRoutes.isJSON(value) == accepted)
    }

    @Test func aMissingContentTypeIsRefused() {
        #expect(!WebhookRoutes.isJSON(nil))
    }
}
