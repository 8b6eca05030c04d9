import HTTP1
import Testing

/// The data-driven parser corpus: every case fed whole, split at every byte position, and byte
/// by byte, with identical results each way.
@Suite struct CorpusTests {
    static let cases: [CorpusCase] = (try? CorpusCase.loadAll()) ?? []

    @Test func corpusIsLargeAndUnique() throws {
        let cases = try CorpusCase.loadAll()
        #expect(cases.count >= 150)
        #expect(Set(cases.map(\.id)).count == cases.count, "duplicate case ids")
        #expect(cases.filter { $0.expect == "accept" }.count >= 50)
        #expect(cases.filter { $0.expect == "reject" }.count >= 50)
    }

    @Test(arguments: cases)
    func corpusCase(_ c: CorpusCase) {
        let bytes = c.bytes
        let limits = c.parserLimits
        let whole = ParseDriver.run(bytes, splits: [], limits: limits, bodyLimit: c.bodyLimit)

        #expect(whole.messages == c.messages, "messages differ")
        switch c.expect {
        case "accept":
            #expect(whole.error == nil, "unexpected error \(whole.error.map { "\($0.name)" } ?? "")")
            #expect(!whole.pending, "input left unparsed")
        case "reject":
            #expect(whole.error?.status.code == c.status, "status \(whole.error?.status.code ?? 0) != \(c.status ?? 0)")
            if let name = c.error { #expect(whole.error?.name == name) }
        default:
            Issue.record("expect must be accept or reject")
        }

        for cut in 1..<max(1, bytes.count) {
            let split = ParseDriver.run(bytes, splits: [cut], limits: limits, bodyLimit: c.bodyLimit)
            if split != whole {
                Issue.record("split at \(cut) differs: \(split) vs \(whole)")
                break
            }
        }
        let byteByByte = ParseDriver.run(bytes, splits: Array(0..<bytes.count), limits: limits, bodyLimit: c.bodyLimit)
        #expect(byteByByte == whole, "byte-by-byte feed differs")
    }
}
