import Foundation

/// What register allocation cost one machine function, from the `SpillReloadCopies` remark
/// LLVM's greedy allocator writes for it (`llc-22 -pass-remarks-analysis=regalloc
/// -pass-remarks-filter=regalloc -pass-remarks-output=F.yaml`): counts and block-frequency
/// weighted costs (frequency relative to the entry block) of the spill code it inserted.
///
/// `weighted` is the eviction problem's score, weighted like LLVM's own RegAllocScore
/// (RegAllocScore.cpp: load 4, store 1, copy 0.2): reloads and folded reloads are loads,
/// spills and folded spills stores. RegAllocScore itself is computed only in TensorFlow builds
/// of LLVM (its scoring pass is a no-op in release builds like Debian's), and it also counts
/// memory operations allocation did not add; the remark counts only what allocation added.
public struct SpillCost: Codable, Sendable, Equatable {
    public var spills = 0, reloads = 0, foldedSpills = 0, foldedReloads = 0, copies = 0
    public var spillsCost = 0.0, reloadsCost = 0.0, foldedSpillsCost = 0.0, foldedReloadsCost = 0.0, copiesCost = 0.0

    public init() {}

    public static let loadWeight = 4.0, storeWeight = 1.0, copyWeight = 0.2

    public var weighted: Double {
        Self.loadWeight * (reloadsCost + foldedReloadsCost) + Self.storeWeight * (spillsCost + foldedSpillsCost)
            + Self.copyWeight * copiesCost
    }

    public static func + (a: SpillCost, b: SpillCost) -> SpillCost {
        var sum = a
        sum.spills += b.spills; sum.reloads += b.reloads; sum.foldedSpills += b.foldedSpills
        sum.foldedReloads += b.foldedReloads; sum.copies += b.copies
        sum.spillsCost += b.spillsCost; sum.reloadsCost += b.reloadsCost; sum.foldedSpillsCost += b.foldedSpillsCost
        sum.foldedReloadsCost += b.foldedReloadsCost; sum.copiesCost += b.copiesCost
        return sum
    }

    /// The function-level `SpillReloadCopies` remarks of a remarks file, by function name
    /// (loop-level ones, "generated in loop", are parts of these and left out). A function
    /// without spill code has no remark and is absent.
    public static func byFunction(remarks text: String) throws -> [String: SpillCost] {
        var costs: [String: SpillCost] = [:]
        for remark in try RemarkText.remarks(named: "SpillReloadCopies", in: text)
        where remark.arguments.contains(where: { $0.key == "String" && $0.value.trimmingCharacters(in: .whitespaces) == "generated in function" }) {
            var cost = SpillCost()
            for (key, value) in remark.arguments {
                switch key {
                case "NumSpills": cost.spills = Int(value) ?? 0
                case "NumReloads": cost.reloads = Int(value) ?? 0
                case "NumFoldedSpills": cost.foldedSpills = Int(value) ?? 0
                case "NumFoldedReloads": cost.foldedReloads = Int(value) ?? 0
                case "NumVRCopies": cost.copies = Int(value) ?? 0
                case "TotalSpillsCost": cost.spillsCost = Double(value) ?? 0
                case "TotalReloadsCost": cost.reloadsCost = Double(value) ?? 0
                case "TotalFoldedSpillsCost": cost.foldedSpillsCost = Double(value) ?? 0
                case "TotalFoldedReloadsCost": cost.foldedReloadsCost = Double(value) ?? 0
                case "TotalCopiesCost": cost.copiesCost = Double(value) ?? 0
                default: break
                }
            }
            costs[remark.function] = (costs[remark.function] ?? SpillCost()) + cost
        }
        return costs
    }
}
