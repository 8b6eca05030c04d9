/// A fast 64-bit fingerprint of a chunk, to tell whether a re-sent chunk carries the same bytes
/// as the one already written. Not a cryptographic hash: test equipment needs it cheap, since
/// every upload chunk goes through it (the content's SHA-256 is kept separately, once).
enum ChunkFingerprint {
    static func of(_ data: [UInt8]) -> UInt64 {
        data.withUnsafeBytes { bytes -> UInt64 in
            var hash: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(bytes.count)
            var i = 0
            while i + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                hash = (hash ^ word) &* 0xbf58_476d_1ce4_e5b9
                hash ^= hash >> 29
                i += 8
            }
            while i < bytes.count {
                hash = (hash ^ UInt64(bytes[i])) &* 0x94d0_49bb_1331_11eb
                i += 1
            }
            return hash ^ (hash >> 32)
        }
    }
}
