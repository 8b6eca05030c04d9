import Config
import Crypto
@testable import Kaltura
import Testing

/// KS v2 against vectors computed outside Swift, from the algorithm of Kaltura's
/// `kSessionBase::generateKsV2` and the Python client's `generateSessionV2`:
///
///     python3 - <<'PY'
///     import hashlib, subprocess, base64, urllib.parse
///     def ks(secret, pid, user, typ, exp, privs, rand):
///         fields = []
///         for p in privs.split(','):
///             p = p.strip()
///             if not p: continue
///             if p == '*': p = 'all:*'
///             k, _, v = p.partition(':')
///             fields.append((k, v))
///         fields += [('_e', str(exp)), ('_t', str(typ)), ('_u', user)]
///         fs = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote_plus, safe='').encode()
///         salted = rand + fs
///         plain = hashlib.sha1(salted).digest() + salted
///         if len(plain) % 16: plain += b'\0' * (16 - len(plain) % 16)
///         key = hashlib.sha1(secret.encode()).digest()[:16].hex()
///         cipher = subprocess.run(['openssl', 'enc', '-aes-128-cbc', '-nopad', '-K', key, '-iv', '0' * 32],
///                                 input=plain, capture_output=True, check=True).stdout
///         return base64.b64encode(b'v2|%d|' % pid + cipher).decode().replace('+', '-').replace('/', '_')
///     print(ks('0123456789abcdef0123456789abcdef', 12345, '', 2, 1700000000, 'disableentitlement', bytes(range(16))))
///     print(ks('s3cr3t-admin', 987654, 'copier@example.edu', 0, 1712345678,
///              'edit:*, sview:1_abc,disableentitlement', bytes([0xA5] * 16)))
///     PY
@Suite struct KalturaSessionTests {
    @Test func adminSessionMatchesTheReferenceVector() {
        let ks = KalturaSession.v2(partnerID: 12345, adminSecret: Secret("0123456789abcdef0123456789abcdef"), userID: "",
                                   type: KalturaSession.adminType, expiry: 1_700_000_000,
                                   privileges: "disableentitlement", random16: Array(0..<16))
        #expect(ks == "djJ8MTIzNDV8HcQiC4_trmG02-zG_PCbvEanlArOIkgNBqM9WakpEOKnqWtWUj5Xfrlo5xMbqidAH1auenV7CeDzIN5O3kHusrEDpWPmQux_CVKSFYgRaN0=")
    }

    @Test func privilegesAndEscapedUserMatchTheReferenceVector() {
        let ks = KalturaSession.v2(partnerID: 987_654, adminSecret: Secret("s3cr3t-admin"), userID: "copier@example.edu",
                                   type: KalturaSession.userType, expiry: 1_712_345_678,
                                   privileges: "edit:*, sview:1_abc,disableentitlement",
                                   random16: [UInt8](repeating: 0xA5, count: 16))
        #expect(ks == "djJ8OTg3NjU0fNW1dTl5gChF0yDnX0fukaNTsHQ6w3OSHGExPRyDqLYeTghJtF9eX1ONjQD5zjJqGdTyB6anEuylUCqVgHbgCPKaBX2fzdZGtXikd57NFVzK_bzxp5PUoBGrUOiIStvO9oIfJgKnab3NwaiIxAvrv2_mram-h25awgTwUP2dBdQi")
    }

    @Test func fieldsRoundTripThroughTheDecoder() throws {
        let secret = Secret("round-trip secret")
        let random = Digest.randomBytes(16)
        let ks = KalturaSession.v2(partnerID: 77, adminSecret: secret, userID: "owner name+1", type: 2, expiry: 1_800_000_000,
                                   privileges: "*,privacycontext:MediaSpace, disableentitlement", random16: random)
        #expect(ks.hasPrefix("djJ8"))
        #expect(!ks.contains("+") && !ks.contains("/"))
        let decoded = try #require(KalturaSession.decodeV2(ks, adminSecret: secret))
        #expect(decoded.partnerID == 77)
        #expect(decoded.random == random)
        #expect(decoded.fieldNames == ["all", "privacycontext", "disableentitlement", "_e", "_t", "_u"])
        #expect(decoded.fields["all"] == "*")
        #expect(decoded.fields["privacycontext"] == "MediaSpace")
        #expect(decoded.fields["disableentitlement"] == "")
        #expect(decoded.expiry == 1_800_000_000)
        #expect(decoded.type == 2)
        #expect(decoded.userID == "owner name+1")
    }

    @Test func theWrongSecretDoesNotOpenIt() {
        let ks = KalturaSession.v2(partnerID: 1, adminSecret: Secret("right"), userID: "", type: 2, expiry: 1,
                                   privileges: "", random16: Array(repeating: 7, count: 16))
        #expect(KalturaSession.decodeV2(ks, adminSecret: Secret("wrong")) == nil)
        #expect(KalturaSession.decodeV2("not a ks", adminSecret: Secret("right")) == nil)
        #expect(KalturaSession.decodeV2(ks, adminSecret: Secret("right"))?.fieldNames == ["_e", "_t", "_u"])
    }

    @Test func sha1MatchesTheStandardVector() {
        #expect(Digest.hex(Digest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func base64RoundTripsEveryLength() {
        for count in 0..<20 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            #expect(Base64.decode(Base64.encode(bytes, urlSafe: true)) == bytes)
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("v2|".utf8)) == "djJ8")
    }
}
