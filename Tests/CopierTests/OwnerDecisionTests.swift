import Config
import Copier
import Kaltura
import Testing

/// Switches, opt-outs, group rules and the unmatched policies, in the order `decide` applies them.
@Suite struct OwnerDecisionTests {
    let directory: FakeUserDirectory

    init() {
        directory = FakeUserDirectory()
        directory.add("jane@uni.edu", email: "jane@uni.edu", groups: ["Zoom-Users"])
        directory.add("bob@uni.edu", email: "bob@uni.edu", groups: ["no-zoom"])
    }

    @Test func webinarsAndMeetingsAreSwitchedApart() throws {
        let noWebinars = makePolicy { $0.copyWebinars = false }
        for type in [5, 6, 9] {
            #expect(try noWebinars.decide(for: meeting(host: "jane@uni.edu", type: type), directory: directory)
                    == .skip(reason: "webinars are not copied"))
        }
        #expect(try noWebinars.decide(for: meeting(host: "jane@uni.edu", type: 8), directory: directory) == .copy(owner: "jane@uni.edu"))
        let noMeetings = makePolicy { $0.copyMeetings = false }
        #expect(try noMeetings.decide(for: meeting(host: "jane@uni.edu", type: 2), directory: directory)
                == .skip(reason: "meetings are not copied"))
        #expect(try noMeetings.decide(for: meeting(host: "jane@uni.edu", type: 9), directory: directory) == .copy(owner: "jane@uni.edu"))
    }

    @Test func optOutIgnoresCaseAndComesBeforeAnyLookup() throws {
        let policy = makePolicy(rules: OwnerRules(overrides: ["jane@uni.edu": "jd"], optOuts: ["JANE@Uni.EDU"]))
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu "), directory: directory) == .skip(reason: "host opted out"))
        #expect(directory.calls.isEmpty)
        #expect(try policy.decide(for: meeting(host: "bob@uni.edu"), directory: directory) == .copy(owner: "bob@uni.edu"))
    }

    @Test func optInGroupsAdmitOnlyMembers() throws {
        let policy = makePolicy { $0.optInGroups = ["zoom-users", "staff"] }
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "jane@uni.edu"))
        #expect(try policy.decide(for: meeting(host: "bob@uni.edu"), directory: directory) == .skip(reason: "host is not in an opt-in group"))
        #expect(directory.calls("groups:") == ["groups:jane@uni.edu", "groups:bob@uni.edu"])
    }

    @Test func optOutGroupsTurnMembersAway() throws {
        let policy = makePolicy { $0.optOutGroups = ["no-zoom"] }
        #expect(try policy.decide(for: meeting(host: "bob@uni.edu"), directory: directory) == .skip(reason: "host is in an opt-out group"))
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "jane@uni.edu"))
    }

    /// With group rules an owner Kaltura does not know is skipped, whatever UNMATCHED_POLICY says.
    @Test(arguments: [["zoom-users"], []])
    func groupRulesSkipAnUnresolvedHost(_ optIn: [String]) throws {
        let policy = makePolicy {
            $0.optInGroups = optIn
            $0.optOutGroups = optIn.isEmpty ? ["no-zoom"] : []
            $0.unmatchedPolicy = .createUser
        }
        guard case .skip(let reason) = try policy.decide(for: meeting(host: "new@uni.edu"), directory: directory) else {
            Issue.record("an unresolved host passed the group rules")
            return
        }
        #expect(reason.contains("no Kaltura account"))
        #expect(directory.calls("create:").isEmpty)
    }

    @Test func unmatchedHoldNamesTheIntendedOwner() throws {
        let policy = makePolicy { $0.userMatching = .removeSuffix; $0.userSuffix = "@uni.edu" }
        #expect(try policy.decide(for: meeting(host: "new@uni.edu"), directory: directory) == .hold(intendedOwner: "new"))
    }

    @Test func unmatchedSkip() throws {
        let policy = makePolicy { $0.unmatchedPolicy = .skip }
        #expect(try policy.decide(for: meeting(host: "new@uni.edu"), directory: directory) == .skip(reason: "host has no Kaltura account"))
    }

    @Test func createUserCreatesTheProcessedIDOnce() throws {
        let policy = makePolicy { $0.unmatchedPolicy = .createUser; $0.userMatching = .addSuffix; $0.userSuffix = "-k" }
        #expect(try policy.decide(for: meeting(host: "New@uni.edu"), directory: directory) == .copy(owner: "New@uni.edu-k"))
        #expect(directory.user("new@uni.edu-k")?.email == "New@uni.edu")
        #expect(try policy.decide(for: meeting(host: "New@uni.edu"), directory: directory) == .copy(owner: "New@uni.edu-k"))
        #expect(directory.calls("create:") == ["create:New@uni.edu-k"])
    }

    /// A user created by a concurrent job between lookup and create is returned, not an error.
    @Test func createUserReusesAnAccountThatAppearedMeanwhile() throws {
        let racing = RacingDirectory(inner: directory)
        let policy = makePolicy { $0.unmatchedPolicy = .createUser }
        #expect(try policy.decide(for: meeting(host: "late@uni.edu"), directory: racing) == .copy(owner: "late@uni.edu"))
    }

    @Test func createUserNeverHandsABlockedAccountAnEntry() throws {
        directory.add("gone@uni.edu", email: "gone@uni.edu", status: .blocked)
        let policy = makePolicy { $0.unmatchedPolicy = .createUser }
        #expect(try policy.decide(for: meeting(host: "gone@uni.edu"), directory: directory) == .skip(reason: "host's Kaltura account is blocked"))
    }

    @Test func categoriesByKind() {
        let policy = makePolicy { $0.meetingCategories = ["Lectures>Zoom", "Zoom"] }
        #expect(policy.categories(for: meeting(host: "x@y", type: 2)) == "Lectures>Zoom,Zoom")
        #expect(policy.categories(for: meeting(host: "x@y", type: 5)) == nil)
        #expect(makePolicy { $0.webinarCategories = ["Webinars"] }.categories(for: meeting(host: "x@y", type: 6)) == "Webinars")
    }
}

/// A directory where the user appears just before `createUser` is called, as when another job
/// created it: `createUser` then returns the existing account.
final class RacingDirectory: UserDirectory {
    let inner: FakeUserDirectory

    init(inner: FakeUserDirectory) { self.inner = inner }

    func user(id: String) throws(KalturaError) -> KalturaUser? { try inner.user(id: id) }
    func users(email: String) throws(KalturaError) -> [KalturaUser] {
        let found = try inner.users(email: email)
        inner.add(email, email: email)  // the other job wins the race here
        return found
    }
    func groups(of userID: String) throws(KalturaError) -> [String] { try inner.groups(of: userID) }
    func createUser(id: String, email: String) throws(KalturaError) -> KalturaUser { try inner.createUser(id: id, email: email) }
}
