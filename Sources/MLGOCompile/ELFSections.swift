import Foundation
import MLGOCore

/// Reads section sizes straight from an ELF64 little-endian object file, so measuring an
/// object needs no llvm-size process: hand-written because a spawn costs 1–10 ms on this
/// machine and every compile of a training run measures an object (docs/dependencies.md).
public enum ELFSections {
    /// Sizes of all sections by name (sections sharing a name are summed).
    public static func sizes(ofObjectAt url: URL) throws -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MLGOError.unavailable(url.path, "cannot read object file")
        }
        return try sizes(of: [UInt8](data), source: url.path)
    }

    public static func sizes(of bytes: [UInt8], source: String) throws -> [String: Int] {
        func fail(_ problem: String) -> MLGOError { .malformed(source, "not a usable ELF object: \(problem)") }
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw fail("missing ELF magic")
        }
        guard bytes[4] == 2, bytes[5] == 1 else { throw fail("only 64-bit little-endian ELF is supported") }
        func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func u32(_ offset: Int) -> Int { u16(offset) | u16(offset + 2) << 16 }
        func u64(_ offset: Int) -> Int { u32(offset) | u32(offset + 4) << 32 }

        let sectionTable = u64(0x28)
        let entrySize = u16(0x3a)
        let sectionCount = u16(0x3c)
        let namesIndex = u16(0x3e)
        guard entrySize >= 64, sectionCount > 0, namesIndex < sectionCount,
              sectionTable > 0, sectionTable + sectionCount * entrySize <= bytes.count else {
            throw fail("section header table out of bounds")
        }
        let namesHeader = sectionTable + namesIndex * entrySize
        let namesOffset = u64(namesHeader + 0x18)
        let namesSize = u64(namesHeader + 0x20)
        guard namesOffset + namesSize <= bytes.count else { throw fail("section names out of bounds") }

        var sizes: [String: Int] = [:]
        for index in 0..<sectionCount {
            let header = sectionTable + index * entrySize
            let nameOffset = u32(header)
            guard nameOffset < namesSize else { throw fail("section name out of bounds") }
            var end = namesOffset + nameOffset
            while end < namesOffset + namesSize, bytes[end] != 0 { end += 1 }
            let name = String(decoding: bytes[(namesOffset + nameOffset)..<end], as: UTF8.self)
            sizes[name, default: 0] += u64(header + 0x20)
        }
        return sizes
    }

    /// Bytes of code: `.text` plus any `.text.*` sections (as -ffunction-sections makes).
    public static func textSize(ofObjectAt url: URL) throws -> Int {
        textSize(of: try sizes(ofObjectAt: url))
    }

    /// The same for an object's bytes.
    public static func textSize(ofObject bytes: Data, source: String) throws -> Int {
        textSize(of: try sizes(of: [UInt8](bytes), source: source))
    }

    private static func textSize(of sizes: [String: Int]) -> Int {
        sizes.reduce(0) { total, entry in
            entry.key == ".text" || entry.key.hasPrefix(".text.") ? total + entry.value : total
        }
    }
}
