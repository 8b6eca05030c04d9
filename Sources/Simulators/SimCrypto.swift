import COpenSSL

/// The few primitives the simulators need beyond `Crypto`: SHA-1 (Kaltura KS v2 hashes and
/// keys) and AES-128-CBC without padding (the KS v2 cipher). Public so that tests can build a
/// KS themselves with the same algorithm the real Kaltura client libraries use.
public enum SimCrypto {
    /// SHA-1 of `bytes`: 20 bytes.
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in _ = SHA1(input.baseAddress, input.count, &out) }
        return out
    }

    /// AES-128-CBC with a zero IV and no padding; `input.count` must be a multiple of 16.
    /// - Returns: nil when the key is not 16 bytes, the length is wrong, or OpenSSL fails.
    public static func aes128CBC(encrypt: Bool, key: [UInt8], input: [UInt8]) -> [UInt8]? {
        guard key.count == 16, input.count % 16 == 0, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        let iv = [UInt8](repeating: 0, count: 16)
        guard EVP_CipherInit_ex(context, EVP_aes_128_cbc(), nil, key, iv, encrypt ? 1 : 0) == 1 else { return nil }
        EVP_CIPHER_CTX_set_padding(context, 0)
        var out = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        var total = 0
        let ok = input.withUnsafeBufferPointer { source in
            EVP_CipherUpdate(context, &out, &written, source.baseAddress, Int32(source.count))
        }
        guard ok == 1 else { return nil }
        total = Int(written)
        let final = out.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + total, &written)
        }
        guard final == 1 else { return nil }
        total += Int(written)
        return Array(out.prefix(total))
    }

    /// Zero padding to a multiple of 16 (PHP mcrypt/openssl ZERO_PADDING, as Kaltura uses).
    public static func zeroPadded(_ bytes: [UInt8]) -> [UInt8] {
        let remainder = bytes.count % 16
        return remainder == 0 ? bytes : bytes + [UInt8](repeating: 0, count: 16 - remainder)
    }
}

/// SHA-256 over bytes that arrive in pieces, on OpenSSL's EVP API. Owned by one lock holder.
final class RunningSHA256 {
    private let context: OpaquePointer
    private var finished: [UInt8]?

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.context = context
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The digest so far, without ending the stream (the context is copied).
    func snapshot() -> [UInt8] {
        guard let copy = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        defer { EVP_MD_CTX_free(copy) }
        EVP_MD_CTX_copy_ex(copy, context)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(copy, &out, &length)
        return Array(out.prefix(Int(length)))
    }
}
