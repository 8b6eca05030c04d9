import Crypto
import Foundation
import Testing

/// The signature check must not leak through timing where the inputs first differ. Timing
/// tests are flaky on a shared machine, so this checks the two things that make it true: the
/// comparison is libcrypto's CRYPTO_memcmp (through `ConstantTime`), and the verifier's source
/// compares MACs only through it.
@Suite struct ConstantTimeUseTests {
    @Test func constantTimeEqualsIsCorrect() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals("token", "token") && !ConstantTime.equals("token", "tokeN"))
    }

    @Test func theVerifierComparesMACsOnlyThroughConstantTime() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Zoom/Webhook/WebhookVerifier.swift").standardized, encoding: .utf8)
        #expect(source.contains("ConstantTime.equals(expected, presented)"))
        for forbidden in ["expected == presented", "presented == expected", "expected != presented", "elementsEqual"] {
            #expect(!source.contains(forbidden), "\(forbidden)")
        }
        let crypto = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Crypto/ConstantTime.swift").standardized, encoding: .utf8)
        #expect(crypto.contains("CRYPTO_memcmp"))
    }
}
