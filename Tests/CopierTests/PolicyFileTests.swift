import Copier
import Testing

/// OVERRIDES_FILE and OPT_OUT_FILE: JSON and CSV, and an error with file and line for every bad line.
@Suite struct PolicyFileTests {
    let files: TemporaryPolicyFiles

    init() throws { files = try TemporaryPolicyFiles() }

    func overrides(_ text: String, name: String = "overrides") throws(PolicyFileError) -> [String: String] {
        let path: String
        do { path = try files.write(name, text) } catch { fatalError("cannot write a temporary file: \(error)") }
        return try OwnerRules.load(overridesFile: path, optOutFile: nil).overrides
    }

    func optOuts(_ text: String) throws(PolicyFileError) -> Set<String> {
        let path: String
        do { path = try files.write("opt-out", text) } catch { fatalError("cannot write a temporary file: \(error)") }
        return try OwnerRules.load(overridesFile: nil, optOutFile: path).optOuts
    }

    /// The error's line and a piece of its message.
    func failure(_ body: () throws(PolicyFileError) -> Any) -> PolicyFileError? {
        do {
            _ = try body()
            Issue.record("the file was accepted")
            return nil
        } catch {
            return error
        }
    }

    @Test func noFilesNoRules() throws {
        #expect(try OwnerRules.load(overridesFile: nil, optOutFile: nil) == OwnerRules())
    }

    @Test func jsonObjectOverrides() throws {
        #expect(try overrides(#"{"Jane@Uni.edu": "jdoe", "bob@uni.edu": "bob.k"}"#) == ["jane@uni.edu": "jdoe", "bob@uni.edu": "bob.k"])
    }

    @Test func jsonArrayOverrides() throws {
        let text = """
        [
          {"email": "jane@uni.edu", "user_id": "jdoe"},
          {"email": "BOB@uni.edu", "user_id": "bob", "note": "renamed in 2024"}
        ]
        """
        #expect(try overrides(text) == ["jane@uni.edu": "jdoe", "bob@uni.edu": "bob"])
    }

    @Test func jsonOptOuts() throws {
        #expect(try optOuts(#"  ["Jane@Uni.edu", "bob@uni.edu"]"#) == ["jane@uni.edu", "bob@uni.edu"])
    }

    @Test func csvOverridesWithHeaderCommentsQuotesAndCRLF() throws {
        let text = "\u{FEFF}Email,User_ID\r\n# moved from the old system\r\n\r\njane@uni.edu, jdoe\r\n\"bob@uni.edu\" , \"bob.o'neil\"\r\n"
        #expect(try overrides(text) == ["jane@uni.edu": "jdoe", "bob@uni.edu": "bob.o'neil"])
    }

    @Test func csvOptOutsTakeTheFirstColumn() throws {
        let text = """
        email,name
        jane@uni.edu
        "Bob@Uni.edu","Bob ""the builder"", Jr."
          # a comment
        carol@uni.edu,Carol,extra
        """
        #expect(try optOuts(text) == ["jane@uni.edu", "bob@uni.edu", "carol@uni.edu"])
    }

    @Test func emptyFilesAreEmptyTables() throws {
        #expect(try overrides("").isEmpty)
        #expect(try optOuts("# nobody yet\n\n").isEmpty)
        #expect(try optOuts("[]").isEmpty)
    }

    @Test(arguments: [
        ("email,user_id\njane@uni.edu,jdoe\n\nbob@uni.edu,has space\n", 4, "is not a Kaltura user id"),
        ("jane@uni.edu,jdoe,extra\n", 1, "has 3 fields"),
        ("# c\njane@uni.edu\n", 2, "has 1 field;"),
        ("jane@uni.edu,\n", 1, "has no Kaltura user id"),
        ("jane@uni.edu,jdoe\n\"bob@uni.edu,bob\n", 2, "unclosed quote"),
        ("jane@uni.edu,jd\"oe\n", 1, "misplaced"),
        ("jane@uni.edu,jdoe\njane,j\n", 2, "\"jane\" is not an email address"),
        ("jane@uni.edu,jdoe\nJANE@uni.edu,other\n", 2, "already mapped to jdoe"),
        ("{\n  \"jane@uni.edu\": \"jdoe\",\n  \"bob@uni.edu\": \"bad id\"\n}", 3, "\"bad id\" is not a Kaltura user id"),
        ("[\n {\"email\": \"jane@uni.edu\", \"user_id\": \"jdoe\"},\n {\"email\": \"bob@uni.edu\", \"user_id\": 7}\n]", 3, "with string values"),
        ("{\n  \"jane@uni.edu\": \"jdoe\"\n  \"bob@uni.edu\": \"bob\"\n}", 3, "is not valid JSON"),
    ] as [(String, Int, String)])
    func badOverrideLineIsNamed(_ text: String, _ line: Int, _ hint: String) {
        guard let error = failure({ () throws(PolicyFileError) in try overrides(text) }) else { return }
        #expect(error.file.hasSuffix("overrides"))
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(hint), "\(error)")
        #expect(error.description.hasPrefix("\(error.file) line \(line): "))
    }

    @Test(arguments: [
        ("jane@uni.edu\nnot-an-email\n", 2, "is not an email address"),
        ("jane@uni.edu\n,jane@uni.edu\n", 2, "\"\" is not an email address"),
        ("[\n\"jane@uni.edu\",\n\"bob\"\n]", 3, "is not an email address"),
    ] as [(String, Int, String)])
    func badOptOutLineIsNamed(_ text: String, _ line: Int, _ hint: String) {
        guard let error = failure({ () throws(PolicyFileError) in try optOuts(text) }) else { return }
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(hint), "\(error)")
    }

    @Test func wrongJSONShapesAreExplained() {
        let object = failure { () throws(PolicyFileError) in try optOuts(#"{"jane@uni.edu": true}"#) }
        #expect(object?.message.contains("JSON array of emails") == true)
        let number = failure { () throws(PolicyFileError) in try optOuts("[\"jane@uni.edu\", 42]") }
        #expect(number?.message.contains("entry 2") == true)
        let scalar = failure { () throws(PolicyFileError) in try overrides("[\"jane@uni.edu\"]") }
        #expect(scalar?.message.contains("entry 1") == true)
    }

    @Test func missingFileIsNamed() {
        let path = files.directory.appendingPathComponent("absent.csv").path
        let error = failure { () throws(PolicyFileError) in try OwnerRules.load(overridesFile: nil, optOutFile: path) }
        #expect(error?.file == path && error?.line == nil)
        #expect(error?.message.contains("No such file or directory") == true, "\(String(describing: error))")
    }
}
