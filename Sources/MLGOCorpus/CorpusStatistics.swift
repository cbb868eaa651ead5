import Foundation
import MLGOCompile
import MLGOCore

/// Per-module and total statistics of a corpus: functions, callsites, bitcode bytes and the
/// `.text` bytes LLVM's own -Oz heuristic produces (opt-22 default<Oz>, llc-22 -O2).
public struct CorpusStatistics: Sendable, Codable {
    public struct Module: Sendable, Codable {
        public var module: String
        public var functions: Int
        public var callsites: Int
        public var bitcodeBytes: Int
        /// nil when text sizes were not asked for.
        public var textBytesOz: Int?
    }

    public var modules: [Module] = []
    public var failures: [ExtractionReport.Failure] = []

    public var functions: Int { modules.reduce(0) { $0 + $1.functions } }
    public var callsites: Int { modules.reduce(0) { $0 + $1.callsites } }
    public var bitcodeBytes: Int { modules.reduce(0) { $0 + $1.bitcodeBytes } }
    public var textBytesOz: Int? {
        modules.contains { $0.textBytesOz == nil } ? nil : modules.reduce(0) { $0 + ($1.textBytesOz ?? 0) }
    }

    /// Measures every module in parallel; a module that cannot be measured is a failure.
    public static func measure(_ corpus: Corpus, tools: CorpusTools, measureText: Bool = true,
                               jobs: Int = WorkerPool.defaultJobCount, timeout: Double = 300, scratch: URL,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) -> CorpusStatistics {
        let compiler = ModuleCompiler(toolchain: tools.stockToolchain, optimizationLevel: "Oz", timeout: timeout)
            .inPhase(corpus.phase)
        let results = WorkerPool.map(corpus.modules, jobs: jobs, progress: progress) { module -> Module in
            let bitcode = corpus.bitcodeURL(module)
            let bytes = (try FileManager.default.attributesOfItem(atPath: bitcode.path)[.size] as? Int) ?? 0
            let counts = try ModuleCounts.count(bitcode: bitcode, dis: tools.dis, scratch: scratch, timeout: timeout)
            let text = measureText
                ? try compiler.compile(bitcode: bitcode, setup: .stock, scratch: scratch).textSize : nil
            return Module(module: module, functions: counts.functions, callsites: counts.callsites,
                          bitcodeBytes: bytes, textBytesOz: text)
        }
        var statistics = CorpusStatistics()
        for (module, result) in zip(corpus.modules, results) {
            switch result {
            case .success(let measured): statistics.modules.append(measured)
            case .failure(let error): statistics.failures.append(.init(module: module, reason: "\(error)"))
            }
        }
        return statistics
    }
}
