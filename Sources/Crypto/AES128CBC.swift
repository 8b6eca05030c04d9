import COpenSSL

/// AES-128-CBC without OpenSSL's padding, from libcrypto's EVP interface: the cipher of Kaltura's
/// KS v2, used by the Kaltura client and the simulator that checks its sessions. KS v2 pads with zero
/// bytes (mcrypt's habit, kept by every Kaltura client), not PKCS#7, so the caller pads and the
/// cipher only ever sees whole blocks.
public enum AES128CBC {
    public static let blockSize = 16

    /// Encrypts `plain`, whose length must be a multiple of 16; nil if libcrypto fails.
    public static func encrypt(_ plain: [UInt8], key: [UInt8], iv: [UInt8]) -> [UInt8]? {
        run(plain, key: key, iv: iv, encrypt: true)
    }

    /// Decrypts `cipher`, whose length must be a multiple of 16; nil if libcrypto fails.
    public static func decrypt(_ cipher: [UInt8], key: [UInt8], iv: [UInt8]) -> [UInt8]? {
        run(cipher, key: key, iv: iv, encrypt: false)
    }

    /// Appends zero bytes up to a whole number of blocks (none when already whole).
    public static func zeroPadded(_ bytes: [UInt8]) -> [UInt8] {
        let remainder = bytes.count % blockSize
        return remainder == 0 ? bytes : bytes + [UInt8](repeating: 0, count: blockSize - remainder)
    }

    private static func run(_ input: [UInt8], key: [UInt8], iv: [UInt8], encrypt: Bool) -> [UInt8]? {
        guard key.count == 16, iv.count == 16, input.count % blockSize == 0,
              let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        let initialized = key.withUnsafeBufferPointer { k in
            iv.withUnsafeBufferPointer { v in
                EVP_CipherInit_ex(context, EVP_aes_128_cbc(), nil, k.baseAddress, v.baseAddress, encrypt ? 1 : 0)
            }
        }
        guard initialized == 1, EVP_CIPHER_CTX_set_padding(context, 0) == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: input.count + blockSize)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out -> Bool in
            guard let base = out.baseAddress else { return false }
            let updated = input.withUnsafeBufferPointer { inp in
                EVP_CipherUpdate(context, base, &written, inp.baseAddress, Int32(inp.count))
            }
            guard updated == 1 else { return false }
            return EVP_CipherFinal_ex(context, base + Int(written), &finalWritten) == 1
        }
        guard ok else { return nil }
        return Array(output.prefix(Int(written + finalWritten)))
    }
}
