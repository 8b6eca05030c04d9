import COpenSSL

extension Digest {
    /// SHA-1 of `bytes`: 20 bytes. Not for new designs; Kaltura's KS v2 is built on it (its
    /// integrity hash and its AES key), so the client that speaks KS needs it.
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = SHA1(input.baseAddress, input.count, &out)
        }
        return out
    }
}
