import ArgumentParser
import Foundation
import Logging
import MLGOCore
import MLGOTraining
import MLGOCompile

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train policies from traces.", subcommands: [BehaviourCloningCommand.self, EvolutionStrategiesCommand.self, PolicyGradientCommand.self,
                      TrajectorySearchCommand.self, DistilCommand.self, TrainGateCommand.self])
}

struct BehaviourCloningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bc",
        abstract: "Fit a policy to LLVM's heuristic decisions in traces (behaviour cloning).",
        discussion: """
        Modules are split by a stable hash of their name: --holdout-fraction of them are kept out \
        of fitting and measure how well the clone generalises. Writes the policy file and, next \
        to it, provenance.json.
        """)

    @Option(help: "inlining (clone LLVM's inliner) or eviction (clone LLVM's default eviction advisor from train-mode traces).")
    var problem: Problem = .inlining
    @Option(name: .customLong("traces"), help: "A folder of traces (searched recursively for *.log); repeat for several.")
    var traceFolders: [String] = []
    @Option(name: .customLong("searched"), help: "Eviction: a run folder of `search --problem eviction`; learn, at every trial, the cheaper of LLVM's slot and the one tried, with LLVM's own decisions of those modules (up to --maximum-decisions) as anchors (repeat for several; use with --heuristic-input).")
    var searchedFolders: [String] = []
    @Option(help: "Eviction with --searched: a departure is learnt only when it saves more than this fraction of its function's cost.")
    var searchMargin = 0.0
    @Option(help: "Policy file to write.") var output: String
    @Option(help: "Eviction: decisions kept for fitting (a seeded uniform sample).") var maximumDecisions = 60_000
    @Flag(help: "Eviction: the --traces folders are collects of different configurations (with <module>.spill.json); learn, for each machine function, the decisions of the configuration whose weighted spill cost was lowest (BC-Max; ties go to the earlier folder).")
    var bestPerFunction = false
    @Option(help: "Policy name recorded in the file.") var name = "inline-oz"
    @Option(help: "Fraction of modules held out of fitting.") var holdoutFraction = 0.25
    @Option(help: "Training epochs.") var epochs = 60
    @Option(help: "Hidden layer sizes, comma-separated.") var hidden = "32,32"
    @Option(help: "Adam learning rate.") var learningRate: Float = 3e-3
    @Option(help: "Decoupled weight decay (AdamW).") var weightDecay: Float = 0
    @Option(help: "Inputs per feature: both (quantile CDF and signed log), quantiles, signed-log, linear.")
    var inputs: InputNormalization.Scheme = .quantilesAndSignedLog
    @Option(help: "Seed for initialisation, shuffling and the hold-out split.") var seed: UInt64 = 1
    @Option(help: "Decisions to learn: heuristic (inlining_default) or taken (inlining_decision, e.g. a search's best trajectories).")
    var target: BehaviourCloning.Target = .heuristic
    @Flag(help: "Give the policy LLVM's heuristic decision as an input (inlining: inlining_default; eviction: llvm_choice, 1 at LLVM's default advisor's slot). The plugin then computes it at every decision.")
    var heuristicInput = false
    @Flag(help: "Inlining: give the policy the plugin's own features too (callee_instruction_count, callsite_loop_depth, …; docs/trace-format.md).")
    var pluginFeatures = false

    func validate() throws {
        guard !traceFolders.isEmpty || (problem == .eviction && !searchedFolders.isEmpty) else {
            throw ValidationError("give at least one --traces folder (or, for eviction, --searched)")
        }
        guard searchedFolders.isEmpty || (problem == .eviction && traceFolders.isEmpty && !bestPerFunction) else {
            throw ValidationError("--searched is for --problem eviction, without --traces or --best-per-function")
        }
        guard !pluginFeatures || problem == .inlining else { throw ValidationError("--plugin-features is for --problem inlining") }
        guard (0..<1).contains(holdoutFraction) else { throw ValidationError("--holdout-fraction must be in [0, 1)") }
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard hiddenSizes != nil else { throw ValidationError("--hidden must be positive sizes like 32,32") }
    }

    var hiddenSizes: [Int]? {
        let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return sizes.map { $0! }
    }

    func run() throws {
        if problem == .eviction { return try runEviction() }
        let started = Date()
        var logs: [TrainingLog] = []
        var skipped = 0
        for folder in traceFolders {
            let root = URL(commandLinePath: folder)
            for file in traceFiles(in: root) {
                do {
                    var log = try TrainingLog(contentsOf: file)
                    // Name decisions by module as corpora do, "<corpus>/<module>", not by the
                    // path the compiler was given.
                    if log.contexts.count == 1 {
                        log.contexts[0].name = String(file.deletingPathExtension().path.dropFirst(root.path.count + 1))
                    }
                    logs.append(log)
                } catch {
                    skipped += 1
                    Logger.mlgoTrain.warning("skipping \(error)")
                }
            }
        }
        let all = try DecisionDataset(logs: logs, includingPluginFeatures: pluginFeatures, includingHeuristicDecision: heuristicInput)
        let split = HoldoutSplit(fraction: holdoutFraction, seed: seed)
        let training = all.filter { !split.isHeldOut($0) }
        let heldOut = all.filter { split.isHeldOut($0) }
        print("\(logs.count) traces (\(skipped) unreadable), \(all.count) decisions: \(training.count) for fitting, \(heldOut.count) held out")

        var configuration = BehaviourCloning.Configuration()
        configuration.policyName = name
        configuration.epochs = epochs
        configuration.hiddenLayers = hiddenSizes!
        configuration.learningRate = learningRate
        configuration.seed = seed
        configuration.weightDecay = weightDecay
        configuration.inputs = inputs
        configuration.target = target
        let result = try BehaviourCloning.fit(training, configuration: configuration) { epoch, loss in
            if epoch % 10 == 0 || epoch == epochs {
                Logger.mlgoTrain.info(Logger.Message(stringLiteral: String(format: "epoch %d/%d: loss %.4f", epoch, epochs, loss)))
            }
        }
        let heldOutAgreement = BehaviourCloning.agreement(of: result.policy, on: heldOut, target: target)
        let outputURL = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: outputURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try result.policy.write(to: outputURL, comment: target == .heuristic
            ? "Behaviour clone of LLVM 22's inliner heuristic; see provenance.json."
            : "Behaviour clone of the decisions taken in \(traceFolders.joined(separator: ", ")); see provenance.json.")

        let heldOutModules = Set(heldOut.modules).sorted()
        // Per corpus (the "<corpus>/" prefix of module names): modules with decisions.
        var corpora: [String: Int] = [:]
        for module in Set(all.modules) { corpora[String(module.prefix { $0 != "/" }), default: 0] += 1 }
        let provenance: [String: Any] = [
            "policy": name,
            "algorithm": "behaviour cloning (cross-entropy on \(target == .heuristic ? "inlining_default" : "inlining_decision"), Adam)",
            "traces": traceFolders,
            "corpora_modules_with_decisions": corpora,
            "decisions": ["fitted": training.count, "held_out": heldOut.count],
            "modules": ["fitted": Set(training.modules).count, "held_out": heldOutModules.count],
            "held_out_modules": heldOutModules,
            "holdout_fraction": holdoutFraction,
            "seed": seed,
            "epochs": epochs,
            "hidden_layers": hiddenSizes!,
            "learning_rate": Double(learningRate),
            "weight_decay": Double(weightDecay),
            "inputs": inputs.rawValue,
            "heuristic_decision_input": heuristicInput,
            "plugin_features": pluginFeatures,
            "features": result.policy.features,
            "agreement_fitted_offline": result.trainingAgreement,
            "agreement_held_out_offline": heldOutAgreement,
            "final_loss": result.lossHistory.last ?? 0,
            "wall_seconds": Date().timeIntervalSince(started),
        ]
        let json = try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: outputURL.deletingLastPathComponent().appendingPathComponent("provenance.json"), options: .atomic)
        print(String(format: "wrote %@: %d features, %d parameters; agreement with the %@ decisions %.2f%% fitted, %.2f%% held out (offline, on the traces' own trajectories)",
                     output, result.policy.features.count, result.policy.parameterCount, target.rawValue,
                     result.trainingAgreement * 100, heldOutAgreement * 100))
    }

    /// Behaviour cloning of LLVM's default eviction advisor (EvictionCloning): modules (trace
    /// files) are split as for inlining.
    func runEviction() throws {
        let started = Date()
        let split = HoldoutSplit(fraction: holdoutFraction, seed: seed)
        let features = heuristicInput ? EvictionCloning.featuresWithLLVMChoice : EvictionCloning.defaultFeatures
        if !searchedFolders.isEmpty { return try runEvictionFromSearch(split: split, features: features, started: started) }
        // Per module (path below its --traces folder): one trace per folder that has it.
        var modules: [String: [(folder: Int, log: TrainingLog, scores: [String: SpillCost])]] = [:]
        var skipped = 0
        for (folderIndex, folder) in traceFolders.enumerated() {
            let root = URL(commandLinePath: folder)
            for file in traceFiles(in: root) {
                let module = String(file.deletingPathExtension().path.dropFirst(root.path.count + 1))
                do {
                    let log = try TrainingLog(contentsOf: file)
                    var scores: [String: SpillCost] = [:]
                    if bestPerFunction {
                        let url = EvictionCompiler.scoresURL(forTrace: file)
                        scores = try JSONDecoder().decode([String: SpillCost].self, from: Data(contentsOf: url))
                    }
                    modules[module, default: []].append((folderIndex, log, scores))
                } catch {
                    skipped += 1
                    Logger.mlgoTrain.warning("skipping \(file.path): \(error)")
                }
            }
        }
        var fitted: [TrainingLog] = [], heldOut: [TrainingLog] = []
        var fittedKeep: [(Int, String) -> Bool] = [], heldOutKeep: [(Int, String) -> Bool] = []
        var heldOutModules: [String] = []
        var chosenFolders = [Int](repeating: 0, count: traceFolders.count)
        for module in modules.keys.sorted() {
            let traces = modules[module]!
            // The configuration kept for each function: the lowest cost (no remark: none).
            var best: [String: Int] = [:]
            if bestPerFunction {
                let functions = Set(traces.flatMap { $0.log.contexts.map(\.name) })
                for function in functions {
                    let costs = traces.map { $0.scores[function]?.weighted ?? 0 }
                    let index = costs.indices.min { costs[$0] < costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }!
                    best[function] = traces[index].folder
                    chosenFolders[traces[index].folder] += 1
                }
            }
            let isHeldOut = split.isHeldOut(module)
            if isHeldOut { heldOutModules.append(module) }
            for trace in traces {
                let keep: (Int, String) -> Bool = bestPerFunction ? { _, function in best[function] == trace.folder } : { _, _ in true }
                if isHeldOut { heldOut.append(trace.log); heldOutKeep.append(keep) } else { fitted.append(trace.log); fittedKeep.append(keep) }
            }
        }
        let target: EvictionCloning.Target = bestPerFunction ? .taken : .llvm
        let training = try EvictionCloning.dataset(from: fitted, features: features, target: target,
                                                   maximumDecisions: maximumDecisions, seed: seed) {
            fittedKeep[$0]($0, $1)
        }
        let validation = try EvictionCloning.dataset(from: heldOut, features: features, target: target,
                                                     maximumDecisions: maximumDecisions, seed: seed) {
            heldOutKeep[$0]($0, $1)
        }
        if bestPerFunction {
            print("functions kept per configuration: " + zip(traceFolders, chosenFolders).map { "\($0): \($1)" }.joined(separator: ", "))
        }
        print("\(fitted.count + heldOut.count) traces (\(skipped) unreadable): \(training.examples.count) decisions for fitting, \(validation.examples.count) held out (\(training.skipped + validation.skipped) with one valid slot or LLVM's choice not a slot)")
        let (configuration, result, heldOutAgreement, outputURL) = try fitEviction(training, validation: validation)
        try result.policy.write(to: outputURL, comment: bestPerFunction
            ? "BC-Max eviction policy (per-candidate scorer): each function's lowest-cost decisions among \(traceFolders.joined(separator: ", ")); see provenance.json."
            : "Behaviour clone of LLVM 22's default eviction advisor (per-candidate scorer); see provenance.json.")
        let provenance: [String: Any] = [
            "policy": configuration.policyName,
            "problem": "eviction",
            "algorithm": bestPerFunction
                ? "BC-Max: behaviour cloning of index_to_evict in each function's lowest-cost configuration (cross-entropy of the masked softmax over valid slots, Adam)"
                : "behaviour cloning of llvm_index_to_evict (cross-entropy of the masked softmax over valid slots, Adam)",
            "functions_kept_per_traces_folder": Dictionary(uniqueKeysWithValues: zip(traceFolders, chosenFolders)),
            "traces": traceFolders,
            "decisions": ["fitted": training.examples.count, "held_out": validation.examples.count,
                          "left_out": training.skipped + validation.skipped],
            "trace_files": ["fitted": fitted.count, "held_out": heldOut.count],
            "held_out_modules": heldOutModules.sorted(),
            "holdout_fraction": holdoutFraction,
            "maximum_decisions": maximumDecisions,
            "seed": seed, "epochs": epochs, "hidden_layers": hiddenSizes!, "learning_rate": Double(learningRate),
            "inputs": inputs.rawValue,
            "features": result.policy.features,
            "agreement_fitted_offline": result.trainingAgreement,
            "agreement_held_out_offline": heldOutAgreement,
            "loss_history": result.lossHistory,
            "wall_seconds": Date().timeIntervalSince(started),
        ]
        let json = try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: outputURL.deletingLastPathComponent().appendingPathComponent("provenance.json"), options: .atomic)
        print(String(format: "wrote %@: %d features, %d parameters; agreement with %@ %.2f%% fitted, %.2f%% held out (offline, on the traces' own trajectories)",
                     output, result.policy.features.count, result.policy.parameterCount,
                     bestPerFunction ? "the kept decisions" : "LLVM's default advisor",
                     result.trainingAgreement * 100, heldOutAgreement * 100))
    }

    /// Learning from per-decision search runs (EvictionDecisionSearch): every trial's decision,
    /// with its features from the run's trace of LLVM's allocation, teaches the cheaper slot.
    func runEvictionFromSearch(split: HoldoutSplit, features: [String], started: Date) throws {
        var fittedTrials: [String: [EvictionDecisionSearch.Trial]] = [:], heldOutTrials: [String: [EvictionDecisionSearch.Trial]] = [:]
        var logs: [String: TrainingLog] = [:]
        var unreadable = 0
        for folder in searchedFolders {
            let root = URL(commandLinePath: folder)
            let records = EvictionDecisionSearchRun.finishedRecords(in: root)
            guard !records.isEmpty else { throw MLGOError.unavailable(root.path, "holds no finished module of a search --problem eviction run") }
            for record in records where !record.trials.isEmpty {
                let key = folder + "\t" + record.name
                do {
                    logs[key] = try TrainingLog(contentsOf: EvictionDecisionSearchRun.traceURL(for: record.module, corpus: record.corpus, in: root))
                } catch {
                    unreadable += 1
                    Logger.mlgoTrain.warning("skipping \(record.name): \(error)")
                    continue
                }
                if split.isHeldOut(record.name) { heldOutTrials[key] = record.trials } else { fittedTrials[key] = record.trials }
            }
        }
        var (training, improving) = try EvictionDecisionSearch.dataset(trials: fittedTrials, logs: logs, features: features, margin: searchMargin)
        let (validation, _) = try EvictionDecisionSearch.dataset(trials: heldOutTrials, logs: logs, features: features, margin: searchMargin)
        let trialExamples = training.examples.count
        // LLVM's own decisions in the fitted modules anchor the ranking of every valid slot; the
        // trials then teach where a departure pays.
        let anchors = try EvictionCloning.dataset(from: fittedTrials.keys.sorted().map { logs[$0]! }, features: features, target: .llvm,
                                                  maximumDecisions: maximumDecisions, seed: seed)
        training.examples += anchors.examples
        print("\(fittedTrials.count + heldOutTrials.count) searched modules (\(unreadable) unreadable): \(trialExamples) trials for fitting, \(improving) of them departures that spill less, \(validation.examples.count) held out; \(anchors.examples.count) of LLVM's decisions")
        let (configuration, result, heldOutAgreement, outputURL) = try fitEviction(training, validation: validation)
        try result.policy.write(to: outputURL, comment: "Eviction policy (per-candidate scorer) learnt from a per-decision search: at each searched decision, the cheaper of LLVM's slot and the one tried; see provenance.json.")
        let provenance: [String: Any] = [
            "policy": configuration.policyName,
            "problem": "eviction",
            "algorithm": "per-decision search labels: at each trial the cheaper of LLVM's slot and the forced one (logistic loss on the two candidates' scores), anchored by LLVM's own decisions (masked softmax over the valid slots), Adam",
            "searched": searchedFolders,
            "search_margin": searchMargin,
            "decisions": ["fitted_trials": trialExamples, "fitted_departures": improving, "llvm_decisions": anchors.examples.count,
                          "held_out_trials": validation.examples.count,
                          "left_out": training.skipped + validation.skipped],
            "held_out_modules": heldOutTrials.keys.sorted(),
            "holdout_fraction": holdoutFraction,
            "seed": seed, "epochs": epochs, "hidden_layers": hiddenSizes!, "learning_rate": Double(learningRate),
            "inputs": inputs.rawValue,
            "features": result.policy.features,
            "agreement_fitted_offline": result.trainingAgreement,
            "agreement_held_out_offline": heldOutAgreement,
            "loss_history": result.lossHistory,
            "wall_seconds": Date().timeIntervalSince(started),
        ]
        let json = try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: outputURL.deletingLastPathComponent().appendingPathComponent("provenance.json"), options: .atomic)
        // What keeping LLVM's slot at every held-out trial agrees: the bar a policy must clear.
        let keepingLLVM = Double(validation.examples.filter { $0.chosen == 0 }.count) / Double(max(validation.examples.count, 1))
        print(String(format: "wrote %@: %d features, %d parameters; agreement with the searched labels %.2f%% fitted (trials and LLVM's decisions), %.2f%% on held-out trials (LLVM's slot everywhere: %.2f%%; offline)",
                     output, result.policy.features.count, result.policy.parameterCount,
                     result.trainingAgreement * 100, heldOutAgreement * 100, keepingLLVM * 100))
    }

    /// Fits an eviction scorer with the command's options; the result, its agreement on
    /// `validation`, and the output file (its folder made).
    private func fitEviction(_ training: EvictionCloning.Dataset, validation: EvictionCloning.Dataset) throws
        -> (EvictionCloning.Configuration, EvictionCloning.Result, Double, URL)
    {
        var configuration = EvictionCloning.Configuration()
        configuration.policyName = name == "inline-oz" ? "evict-o2" : name
        configuration.epochs = epochs
        configuration.hiddenLayers = hiddenSizes!
        configuration.learningRate = learningRate
        configuration.inputs = inputs
        configuration.seed = seed
        let result = try EvictionCloning.fit(training, configuration: configuration) { epoch, loss in
            Logger.mlgoTrain.info(Logger.Message(stringLiteral: String(format: "epoch %d/%d: loss %.4f", epoch, epochs, loss)))
        }
        let outputURL = URL(commandLinePath: output)
        try FileManager.default.createDirectory(at: outputURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        return (configuration, result, EvictionCloning.agreement(of: result.policy, on: validation), outputURL)
    }

    private func traceFiles(in folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "log" }
            .sorted { $0.path < $1.path }
    }
}

extension InputNormalization.Scheme: ExpressibleByArgument {}
extension BehaviourCloning.Target: ExpressibleByArgument {}
