/// The bytes of a simulated recording file: a pure function of (file id, offset), so that any
/// size is served at full speed without memory, any range can be produced on its own, and a
/// test can recompute the expected SHA-256. Each 8-byte word is SplitMix64 of the id's seed
/// plus the word index (little-endian).
public struct PatternBytes: Sendable {
    public let seed: UInt64

    public init(fileID: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64
        for byte in fileID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        seed = hash
    }

    /// The bytes at `range`.
    public func bytes(_ range: Range<Int>) -> [UInt8] {
        let count = range.count
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var out = 0
            var offset = range.lowerBound
            while out < count {
                let value = Self.mix(seed &+ UInt64(offset >> 3))
                let start = offset & 7
                if start == 0, count - out >= 8 {
                    UnsafeMutableRawPointer(base + out).storeBytes(of: value.littleEndian, as: UInt64.self)
                    out += 8
                    offset += 8
                    continue
                }
                let take = min(8 - start, count - out)
                for k in 0..<take {
                    base[out + k] = UInt8(truncatingIfNeeded: value >> UInt64((start + k) * 8))
                }
                out += take
                offset += take
            }
            initialized = count
        }
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
