import Copier
import Foundation
import Jobs
import Testing

/// The rules in force, and their reload (SIGHUP): a bad file never replaces good rules.
@Suite struct PolicyBookTests {
    @Test func reloadPicksUpNewRules() throws {
        let files = try TemporaryPolicyFiles()
        let overrides = try files.write("overrides.csv", "jane@uni.edu,jdoe\n")
        let optOut = try files.write("opt-out.json", #"["bob@uni.edu"]"#)
        let book = try PolicyBook(overridesFile: overrides, optOutFile: optOut)
        #expect(book.rules == OwnerRules(overrides: ["jane@uni.edu": "jdoe"], optOuts: ["bob@uni.edu"]))

        _ = try files.write("overrides.csv", "jane@uni.edu,jane.doe\ncarol@uni.edu,cc\n")
        _ = try files.write("opt-out.json", "[]")
        let fresh = OwnerRules(overrides: ["jane@uni.edu": "jane.doe", "carol@uni.edu": "cc"])
        #expect(book.reload() == .success(fresh))
        #expect(book.rules == fresh)
    }

    @Test func reloadKeepsTheOldRulesOnABadFile() throws {
        let files = try TemporaryPolicyFiles()
        let overrides = try files.write("overrides.csv", "jane@uni.edu,jdoe\n")
        let book = try PolicyBook(overridesFile: overrides, optOutFile: nil)
        _ = try files.write("overrides.csv", "jane@uni.edu,jane.doe\nbroken line\n")
        guard case .failure(let error) = book.reload() else {
            Issue.record("a bad file was accepted")
            return
        }
        #expect(error.file == overrides && error.line == 2)
        #expect(book.rules.overrides == ["jane@uni.edu": "jdoe"])
    }

    @Test func aBadFileFailsAtStart() throws {
        let files = try TemporaryPolicyFiles()
        let optOut = try files.write("opt-out.csv", "jane@uni.edu\nnot an email\n")
        #expect(throws: PolicyFileError(file: optOut, line: 2, "\"not an email\" is not an email address.")) {
            try PolicyBook(overridesFile: nil, optOutFile: optOut)
        }
    }

    @Test func decisionsFollowAReload() throws {
        let files = try TemporaryPolicyFiles()
        let optOut = try files.write("opt-out.csv", "")
        let book = try PolicyBook(overridesFile: nil, optOutFile: optOut)
        let policy = CampusPolicy(configuration: .init(), book: book)
        let directory = FakeUserDirectory()
        directory.add("jane@uni.edu")
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "jane@uni.edu"))
        _ = try files.write("opt-out.csv", "Jane@uni.edu\n")
        _ = book.reload()
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .skip(reason: "host opted out"))
    }
}

/// The rules admins keep in the job store, merged over the files'.
@Suite struct PolicyBookStoredRulesTests {
    @Test func storedRulesMergeOverTheFilesAndWinConflicts() throws {
        let files = try TemporaryPolicyFiles()
        let overrides = try files.write("overrides.csv", "jane@uni.edu,jdoe\nbob@uni.edu,bob.k\n")
        let optOut = try files.write("opt-out.csv", "bob@uni.edu\n")
        let book = try PolicyBook(overridesFile: overrides, optOutFile: optOut)
        let store = SQLiteJobStore(path: files.directory.appendingPathComponent("rules.db").path)
        try store.putMapping(email: "Jane@uni.edu", userID: "jane.k", now: 1)
        try store.putMapping(email: "carol@uni.edu", userID: "cc", now: 1)
        try store.putOptOut(email: "eve@uni.edu", now: 1)

        let merged = OwnerRules(overrides: ["jane@uni.edu": "jane.k", "bob@uni.edu": "bob.k", "carol@uni.edu": "cc"],
                                optOuts: ["bob@uni.edu", "eve@uni.edu"])
        #expect(book.refreshStored(from: store) == .success(merged))
        #expect(book.rules == merged)
        #expect(book.storedRules == OwnerRules(overrides: ["jane@uni.edu": "jane.k", "carol@uni.edu": "cc"], optOuts: ["eve@uni.edu"]))

        // A file reload keeps the stored part on top.
        _ = try files.write("overrides.csv", "jane@uni.edu,jdoe\ndan@uni.edu,dd\n")
        _ = book.reload()
        #expect(book.rules.overrides == ["jane@uni.edu": "jane.k", "carol@uni.edu": "cc", "dan@uni.edu": "dd"])

        // Deleting the stored mapping brings the file's back.
        #expect(try store.deleteMapping(email: "jane@uni.edu"))
        _ = book.refreshStored(from: store)
        #expect(book.rules.overrideUserID(for: "JANE@uni.edu") == "jdoe")

        // An unreachable store leaves the last good rules in force.
        store.close()
        guard case .failure = book.refreshStored(from: store) else {
            Issue.record("a closed store refreshed")
            return
        }
        #expect(book.rules.overrides["carol@uni.edu"] == "cc" && book.rules.isOptedOut("eve@uni.edu"))
    }

    @Test func decisionsFollowAStoredOptOut() throws {
        let files = try TemporaryPolicyFiles()
        let book = PolicyBook(rules: OwnerRules())
        let policy = CampusPolicy(configuration: .init(), book: book)
        let directory = FakeUserDirectory()
        directory.add("jane@uni.edu")
        let store = SQLiteJobStore(path: files.directory.appendingPathComponent("rules.db").path)
        try store.putOptOut(email: "jane@uni.edu", now: 1)
        #expect(try policy.decide(for: meeting(host: "jane@uni.edu"), directory: directory) == .copy(owner: "jane@uni.edu"))
        _ = book.refreshStored(from: store)
        #expect(try policy.decide(for: meeting(host: "Jane@uni.edu"), directory: directory) == .skip(reason: "host opted out"))
    }

    @Test func periodicRefreshPicksUpChangesUntilStopped() throws {
        let files = try TemporaryPolicyFiles()
        let book = PolicyBook(rules: OwnerRules())
        let store = SQLiteJobStore(path: files.directory.appendingPathComponent("rules.db").path)
        let refresher = book.refreshPeriodically(from: store, every: .milliseconds(5))
        try store.putMapping(email: "zed@uni.edu", userID: "zz", now: 1)
        let deadline = ContinuousClock.now + .seconds(10)
        while book.rules.overrides["zed@uni.edu"] == nil, ContinuousClock.now < deadline { usleep(1_000) }
        #expect(book.rules.overrides["zed@uni.edu"] == "zz")
        refresher.stop()
        refresher.stop()  // a second stop is harmless
        try store.putMapping(email: "amy@uni.edu", userID: "aa", now: 2)
        // Stopped: a refresh can no longer run, so the new mapping stays unseen.
        #expect(book.rules.overrides["amy@uni.edu"] == nil)
    }
}
