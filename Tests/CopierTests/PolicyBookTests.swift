import Copier
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
