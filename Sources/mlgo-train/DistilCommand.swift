import ArgumentParser
import Foundation
import Logging
import MLGOCompile
import MLGOCore
import MLGOTraining

struct DistilCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distil",
        abstract: "Fit a policy to the decisions a per-callsite search found (mlgo-train search).",
        discussion: """
        Replays every searched module's best decisions once with a trace, and fits a policy to \
        those decisions by weighted behaviour cloning: each decision counts 1 plus the bytes its kept \
        flip saved. To iterate (DAgger / BC-Max), search again with `mlgo-train search --policy` \
        the distilled policy and distil from both runs. Writes the policy and provenance.json.
        """)

    @Option(name: .customLong("search"), help: "A search run folder; repeat for several.") var searches: [String]
    @Option(name: .customLong("corpus"), help: "The corpora the searches ran on; repeat for several.") var corpora: [String]
    @Option(help: "Policy file to write.") var output: String
    @Option(help: "Policy name recorded in the file.") var name = "inline-oz"
    @Option(help: "Training epochs.") var epochs = 40
    @Option(help: "Hidden layer sizes, comma-separated.") var hidden = "32,32"
    @Option(help: "Seed for initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Fit this many policies, from seeds --seed, --seed + 1, …, and average their logits (one policy file, K times the evaluation cost).")
    var ensemble = 1
    @Flag(help: "Give the policy LLVM's heuristic decision as an input (inlining_default).") var heuristicInput = false
    @Flag(help: "Give the policy the plugin's own inlining features too (callee_instruction_count, callsite_loop_depth, …; docs/trace-format.md).") var pluginFeatures = false
    @Flag(help: "Every row weighs 1 (no byte weighting).") var unweighted = false
    @OptionGroup var tools: ToolOptions

    func validate() throws {
        guard !searches.isEmpty, !corpora.isEmpty else { throw ValidationError("give --search and --corpus") }
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard ensemble > 0 else { throw ValidationError("--ensemble must be positive") }
    }

    func run() throws {
        let started = Date()
        let modules = TrainingModule.all(in: try loadCorpora(corpora))
        let compiler = try tools.moduleCompiler()  // each module compiles in its corpus's phase
        var dataset: DecisionDataset?
        var departures = 0
        var searchedModules: [String] = []
        for search in searches {
            let run = try CallsiteSearchRun.existing(in: URL(commandLinePath: search), modules: modules, compiler: compiler, jobs: try tools.parallelCompiles())
            let records = run.finishedRecords()
            let labelled = try SearchDistillation.dataset(from: run, records: records, includingPluginFeatures: pluginFeatures,
                                                                includingHeuristicDecision: heuristicInput)
            for (module, reason) in labelled.modulesLeftOut.sorted(by: { $0.key < $1.key }) { Logger.mlgoTrain.warning("\(module) left out: \(reason)") }
            if dataset == nil { dataset = labelled.dataset } else { dataset!.append(labelled.dataset) }
            departures += labelled.departures
            searchedModules += records.map(\.name)
        }
        var rows = dataset!
        if unweighted { rows.weights = rows.weights.map { _ in 1 } }
        print("\(rows.count) decisions of \(Set(rows.modules).count) modules, \(departures) unlike LLVM's")

        var configuration = BehaviourCloning.Configuration()
        configuration.policyName = name
        configuration.epochs = epochs
        configuration.hiddenLayers = hidden.split(separator: ",").compactMap { Int($0) }
        configuration.target = .taken
        var members: [Policy] = []
        for member in 0..<ensemble {
            configuration.seed = seed + UInt64(member)
            let fitted = try BehaviourCloning.fit(rows, configuration: configuration) { epoch, loss in
                if epoch % 10 == 0 || epoch == epochs { Logger.mlgoTrain.info(Logger.Message(stringLiteral: String(format: "seed %d epoch %d/%d: loss %.4f", configuration.seed, epoch, epochs, loss))) }
            }
            members.append(fitted.policy)
        }
        let policy = try PolicyEnsemble.averaging(members)
        let agreement = BehaviourCloning.agreement(of: policy, on: rows, target: .taken)
        // Agreement on the rows that matter: where the search departs from LLVM.
        let departingOnly = rows.filter(rows: { rows.decisions[$0] != rows.defaultDecisions[$0] })
        let departureAgreement = BehaviourCloning.agreement(of: policy, on: departingOnly, target: .taken)
        let outputURL = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: outputURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try policy.write(to: outputURL, comment: "Distilled from the per-callsite search in \(searches.joined(separator: ", ")); see provenance.json.")
        let provenance: [String: Any] = [
            "policy": name,
            "algorithm": "weighted behaviour cloning on searched decisions (weight 1 + bytes of the kept flip)\(unweighted ? ", unweighted" : "")",
            "searches": searches,
            "searched_modules": searchedModules.sorted(),
            "decisions": rows.count,
            "departures_from_llvm": departures,
            "seed": seed,
            "ensemble": ensemble,
            "epochs": epochs,
            "hidden_layers": configuration.hiddenLayers,
            "heuristic_decision_input": heuristicInput,
            "plugin_features": pluginFeatures,
            "features": policy.features,
            "agreement_fitted_offline": agreement,
            "agreement_on_departures_offline": departureAgreement,
            "wall_seconds": Date().timeIntervalSince(started),
        ]
        let json = try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: outputURL.deletingLastPathComponent().appendingPathComponent("provenance.json"), options: .atomic)
        print(String(format: "wrote %@: agreement %.2f%% of all searched decisions, %.2f%% of the %d that depart from LLVM (offline)",
                     output, agreement * 100, departureAgreement * 100, departingOnly.count))
    }
}
