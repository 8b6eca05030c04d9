import Config
import Copier
import HTTPClient
import Kaltura
import Simulators
import Testing

/// Owner resolution through the real `KalturaClient` against the Kaltura simulator (loopback).
@Suite struct SimulatedOwnerTests {
    @Test func lookupAndEmailModesResolveThroughTheClient() throws {
        let kaltura = try KalturaSimulator()
        defer { kaltura.stop() }
        let client = KalturaClient(credentials: KalturaCredentials(serviceURL: kaltura.baseURL, partnerID: kaltura.partnerID,
                                                                   adminSecret: Secret(kaltura.adminSecret)), http: HTTPClient())
        kaltura.addUser(Simulators.KalturaUser(id: "u42", email: "jane@uni.edu"))
        kaltura.addUser(Simulators.KalturaUser(id: "bob@uni.edu", email: "bob@uni.edu"))
        kaltura.addUser(Simulators.KalturaUser(id: "u7", email: "carol@uni.edu", status: 0))  // blocked
        // emailLike is a substring match on the server: the client must keep only the exact one.
        kaltura.addUser(Simulators.KalturaUser(id: "u43", email: "xjane@uni.edu"))
        kaltura.addGroupMember(userID: "u42", groupID: "zoom-users")

        let lookup = makePolicy { $0.userMatching = .lookup }
        #expect(try lookup.decide(for: meeting(host: "Jane@uni.edu"), directory: client) == .copy(owner: "u42"))
        #expect(try lookup.decide(for: meeting(host: "carol@uni.edu"), directory: client) == .hold(intendedOwner: "carol@uni.edu"))
        #expect(try lookup.resolveExisting(hostEmail: "nobody@uni.edu", directory: client) == nil)

        let email = makePolicy()
        #expect(try email.decide(for: meeting(host: "bob@uni.edu"), directory: client) == .copy(owner: "bob@uni.edu"))
        #expect(try email.decide(for: meeting(host: "jane@uni.edu"), directory: client) == .copy(owner: "u42"))
        #expect(try email.decide(for: meeting(host: "dan@uni.edu"), directory: client) == .hold(intendedOwner: "dan@uni.edu"))

        let optIn = makePolicy { $0.userMatching = .lookup; $0.optInGroups = ["zoom-users"] }
        #expect(try optIn.decide(for: meeting(host: "jane@uni.edu"), directory: client) == .copy(owner: "u42"))
        #expect(try optIn.decide(for: meeting(host: "bob@uni.edu"), directory: client) == .skip(reason: "host is not in an opt-in group"))

        let create = makePolicy { $0.unmatchedPolicy = .createUser }
        #expect(try create.decide(for: meeting(host: "dan@uni.edu"), directory: client) == .copy(owner: "dan@uni.edu"))
        #expect(kaltura.user(id: "dan@uni.edu")?.email == "dan@uni.edu")
        #expect(try client.createUser(id: "dan@uni.edu", email: "dan@uni.edu").id == "dan@uni.edu")
    }
}
