/// FNV-1a of a name: the same in every process and on every machine (Swift's `Hasher` is
/// seeded per process), for splits and plans that must be reproducible.
public func stableHash(_ text: String, seed: UInt64 = 0) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}
