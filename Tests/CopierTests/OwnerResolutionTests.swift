import Config
import Copier
import Kaltura
import Testing

/// Host email → Kaltura user id: matching modes, overrides, blocked users, ambiguous emails.
@Suite struct OwnerResolutionTests {
    @Test(arguments: [
        (UserMatching.email, nil, "Jane@Uni.edu", "Jane@Uni.edu"),
        (.lookup, nil, "jane@uni.edu", "jane@uni.edu"),
        (.addSuffix, "@uni.edu", "jdoe", "jdoe@uni.edu"),
        (.addSuffix, "@uni.edu", "jdoe@UNI.EDU", "jdoe@UNI.EDU"),
        (.addSuffix, "-zoom", " jane@uni.edu ", "jane@uni.edu-zoom"),
        (.removeSuffix, "@berkeley.edu", "oski@Berkeley.EDU", "oski"),
        (.removeSuffix, "@berkeley.edu", "oski@gmail.com", "oski@gmail.com"),
        (.removeSuffix, "@berkeley.edu", "@berkeley.edu", "@berkeley.edu"),
    ] as [(UserMatching, String?, String, String)])
    func processedID(_ mode: UserMatching, _ suffix: String?, _ email: String, _ expected: String) {
        let policy = makePolicy { $0.userMatching = mode; $0.userSuffix = suffix }
        #expect(policy.processedID(for: email) == expected)
    }

    @Test func emailModeMatchesTheUserIDFirst() throws {
        let directory = FakeUserDirectory()
        directory.add("jane@uni.edu", email: "jane@uni.edu")
        directory.add("other", email: "jane@uni.edu")
        #expect(try makePolicy().decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "jane@uni.edu"))
        #expect(directory.calls == ["user:jane@uni.edu"])
    }

    @Test func idLookupFallsBackToTheOriginalEmail() throws {
        let directory = FakeUserDirectory()
        directory.add("jdoe", email: "jane@uni.edu")
        let policy = makePolicy { $0.userMatching = .removeSuffix; $0.userSuffix = "@uni.edu" }
        #expect(try policy.decide(for: meeting(host: "Jane@Uni.edu"), directory: directory) == .copy(owner: "jdoe"))
        #expect(directory.calls == ["user:Jane", "email:Jane@Uni.edu"])
    }

    @Test func removeSuffixFindsTheShortID() throws {
        let directory = FakeUserDirectory()
        directory.add("oski", email: "oski@gmail.com")
        let policy = makePolicy { $0.userMatching = .removeSuffix; $0.userSuffix = "@berkeley.edu" }
        #expect(try policy.decide(for: meeting(host: "oski@berkeley.edu"), directory: directory) == .copy(owner: "oski"))
    }

    @Test func addSuffixFindsTheLongID() throws {
        let directory = FakeUserDirectory()
        directory.add("jdoe@kaltura.uni.edu")
        let policy = makePolicy { $0.userMatching = .addSuffix; $0.userSuffix = "@kaltura.uni.edu" }
        #expect(try policy.decide(for: meeting(host: "jdoe"), directory: directory) == .copy(owner: "jdoe@kaltura.uni.edu"))
    }

    @Test func lookupModeFindsTheUserByEmail() throws {
        let directory = FakeUserDirectory()
        directory.add("u123", email: "jane@uni.edu")
        let policy = makePolicy { $0.userMatching = .lookup }
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "u123"))
        #expect(try policy.decide(for: meeting(host: "nobody@uni.edu"), directory: directory) == .hold(intendedOwner: "nobody@uni.edu"))
    }

    @Test func overrideWinsOverMatching() throws {
        let directory = FakeUserDirectory()
        directory.add("jane@uni.edu", email: "jane@uni.edu")
        directory.add("jd-admin")
        let policy = makePolicy(rules: OwnerRules(overrides: ["JANE@uni.edu": "jd-admin"]))
        #expect(try policy.decide(for: meeting(host: "jane@UNI.edu"), directory: directory) == .copy(owner: "jd-admin"))
        #expect(directory.calls == ["user:jd-admin"])
    }

    @Test func blockedOrMissingOverrideIsUnmatchedWithoutGuessing() throws {
        let directory = FakeUserDirectory()
        directory.add("jane@uni.edu", email: "jane@uni.edu")
        directory.add("blocked-id", status: .blocked)
        let blocked = makePolicy(rules: OwnerRules(overrides: ["jane@uni.edu": "blocked-id"]))
        #expect(try blocked.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .hold(intendedOwner: "blocked-id"))
        let missing = makePolicy(rules: OwnerRules(overrides: ["jane@uni.edu": "gone"]))
        #expect(try missing.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .hold(intendedOwner: "gone"))
        #expect(directory.calls("email:").isEmpty)
    }

    /// As Kaltura's integration: an id that exists but is blocked decides; no other account is tried.
    @Test func blockedUserByIDDoesNotMatch() throws {
        let directory = FakeUserDirectory()
        directory.add("jane@uni.edu", email: "jane@uni.edu", status: .blocked)
        directory.add("jane2", email: "jane@uni.edu")
        #expect(try makePolicy().decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .hold(intendedOwner: "jane@uni.edu"))
    }

    @Test func blockedUserByEmailDoesNotMatch() throws {
        let directory = FakeUserDirectory()
        directory.add("old", email: "jane@uni.edu", status: .blocked)
        let policy = makePolicy { $0.userMatching = .lookup }
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .hold(intendedOwner: "jane@uni.edu"))
        directory.add("new", email: "jane@uni.edu")
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "new"))
    }

    @Test func severalUsersWithTheEmailMatchNone() throws {
        let directory = FakeUserDirectory()
        directory.add("a1", email: "shared@uni.edu")
        directory.add("a2", email: "Shared@uni.edu")
        let policy = makePolicy { $0.userMatching = .lookup; $0.unmatchedPolicy = .skip }
        #expect(try policy.decide(for: meeting(host: "shared@uni.edu"), directory: directory) == .skip(reason: "host has no Kaltura account"))
    }

    @Test func emptyHostEmailIsUnmatched() throws {
        let directory = FakeUserDirectory()
        #expect(try makePolicy().decide(for: meeting(host: " "), directory: directory) == .hold(intendedOwner: ""))
        let create = makePolicy { $0.unmatchedPolicy = .createUser }
        guard case .skip = try create.decide(for: meeting(host: ""), directory: directory) else {
            Issue.record("a user was created for an empty email")
            return
        }
        #expect(directory.calls.isEmpty)
    }

    @Test func resolveExistingFindsAnAccountThatAppeared() throws {
        let directory = FakeUserDirectory()
        let policy = makePolicy(rules: OwnerRules(optOuts: ["jane@uni.edu"])) {
            $0.userMatching = .lookup
            $0.optInGroups = ["zoom"]
            $0.unmatchedPolicy = .createUser
        }
        #expect(try policy.resolveExisting(hostEmail: "jane@uni.edu", directory: directory) == nil)
        directory.add("u9", email: "jane@uni.edu")
        #expect(try policy.resolveExisting(hostEmail: "jane@uni.edu", directory: directory) == "u9")
        #expect(directory.calls("create:").isEmpty && directory.calls("groups:").isEmpty)
    }

    @Test func kalturaErrorsPropagate() {
        let directory = FakeUserDirectory()
        directory.failAll(with: .http(status: 503))
        #expect(throws: KalturaError.http(status: 503)) {
            try makePolicy().decide(for: meeting(host: "jane@uni.edu"), directory: directory)
        }
    }
}
