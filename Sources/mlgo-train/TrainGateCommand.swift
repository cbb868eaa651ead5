import ArgumentParser
import Foundation
import MLGOCore
import MLGOTraining

/// `train gate`: a per-function gate between LLVM's eviction advisor and a policy
/// (EvictionGateFitting), from the function tables `tune --problem eviction` writes.
struct TrainGateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Fit a per-function gate between LLVM's eviction advisor and a policy.",
        discussion: """
        Reads the functions.jsonl tables of `mlgo-train tune --problem eviction` runs (each \
        machine function's weighted spill cost under LLVM and under the policy, and its shape \
        before allocation), and fits a one-logit policy deciding eviction_gate from the shape: \
        positive gives the function to the policy. Use it with the plugin's -mlgo-evict-gate, \
        or `report spill --gate`. Prints the total cost of each table's functions under LLVM, \
        the policy, the gate's choice and the per-function best; --validation tables are \
        measured, never fitted.
        """)

    @Option(name: .customLong("functions"), help: "A tune run folder, or its functions.jsonl; repeat for several.")
    var tables: [String]
    @Option(name: .customLong("validation"), help: "A tune run folder or functions.jsonl to measure the gate on; repeat for several.")
    var validationTables: [String] = []
    @Option(help: "The gate file to write.") var output: String
    @Option(help: "What a function's example weighs: absolute (the cost it saves or loses) or module (that as a share of its module's cost).")
    var weighting: EvictionGateFitting.Weighting = .module
    @Option(help: "Hidden layer widths, comma-separated; empty: a linear gate.") var hidden = ""
    @Option(help: "Training epochs.") var epochs = 200
    @Option(help: "Seed of initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Policy name recorded in the file.") var name = "evict-gate"

    func validate() throws {
        guard !tables.isEmpty else { throw ValidationError("give at least one --functions table") }
        guard hiddenLayers != nil else { throw ValidationError("--hidden takes comma-separated positive widths") }
    }

    var hiddenLayers: [Int]? {
        let parts = hidden.split(separator: ",")
        let widths = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 > 0 }
        return widths.count == parts.count ? widths : nil
    }

    static func table(_ path: String) throws -> (name: String, rows: [EvictionGateFitting.FunctionOutcome]) {
        var url = URL(commandLinePath: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            url = url.appendingPathComponent("functions.jsonl")
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ValidationError("\(url.path) does not exist: run `mlgo-train tune --problem eviction` first")
        }
        return (path, try EvictionGateFitting.readTable(url))
    }

    func run() throws {
        let training = try tables.map(Self.table)
        let validation = try validationTables.map(Self.table)
        let rows = training.flatMap(\.rows)
        let result = try EvictionGateFitting.fit(rows, weighting: weighting, hiddenLayers: hiddenLayers ?? [], epochs: epochs,
                                                 seed: seed, name: name)
        let outputURL = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: outputURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try result.policy.write(to: outputURL, comment: "Eviction gate (mlgo-train train gate): positive gives the machine function to the policy, else LLVM's advisor. Fitted on \(tables.joined(separator: ", ")), weighting \(weighting.rawValue), hidden [\(hidden)], \(epochs) epochs, seed \(seed).")
        let examples = EvictionGateFitting.dataset(rows, weighting: weighting).count
        print("fitted on \(examples) functions that spill differently under LLVM and the policy; agreement with the better of the two \(String(format: "%.1f%%", result.trainingAgreement * 100))")
        for (kind, sets) in [("training", training), ("validation", validation)] {
            for set in sets { print("\(kind) \(Self.summary(set.name, set.rows, gate: result.policy))") }
        }
        print("wrote \(outputURL.path); use: -mlgo-evict-gate=\(outputURL.path) with -mlgo-evict-policy=POLICY")
    }

    /// Weighted spill cost of a table's functions under each choice, against LLVM's.
    static func summary(_ name: String, _ rows: [EvictionGateFitting.FunctionOutcome], gate: Policy) -> String {
        let llvm = rows.reduce(0) { $0 + $1.llvm }, policy = rows.reduce(0) { $0 + $1.policy }
        let best = rows.reduce(0) { $0 + min($1.llvm, $1.policy) }
        let gated = EvictionGateFitting.gatedCost(rows, gate: gate)
        let toPolicy = rows.filter { $0.llvm != $0.policy && EvictionGateFitting.policyAllocates(gate, shape: $0.shape) }.count
        let differing = rows.filter { $0.llvm != $0.policy }.count
        func change(_ cost: Double) -> String { String(format: "%+.2f%%", (cost / max(llvm, 1e-12) - 1) * 100) }
        return "\(name): \(rows.count) functions, LLVM \(String(format: "%.1f", llvm)): policy \(change(policy)), gated \(change(gated)), best per function \(change(best)); \(toPolicy) of the \(differing) that differ given to the policy"
    }
}

extension EvictionGateFitting.Weighting: ExpressibleByArgument {}
