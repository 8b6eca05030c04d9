import COpenSSL

/// Comparisons whose running time does not depend on where the inputs differ, from libcrypto.
public enum ConstantTime {
    /// Whether two byte strings are equal, in time independent of their contents. Both sides are
    /// hashed first (SHA-256), so that the comparison does not reveal the expected length either.
    public static func equals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        let da = Digest.sha256(Array(a))
        let db = Digest.sha256(Array(b))
        return da.withUnsafeBytes { pa in
            db.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, pa.count) == 0 }
        }
    }

    /// The same for two strings, compared as UTF-8.
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}
