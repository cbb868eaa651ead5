import Foundation
import MLGOCompile
import MLGOCore

/// Builds a ThinLTO or full-LTO corpus from a per-module corpus and its link targets, the way
/// lld-22 sees the code in a `clang-22 -flto[=thin] -Oz -fuse-ld=lld` build (docs/corpus.md,
/// "LTO corpora"):
/// 1. each module the targets need goes through clang's LTO pre-link pipeline
///    (`clang-22 -flto[=thin] -Oz -c -x ir`), LLVM's heuristic deciding its inlining there;
/// 2. each target is linked by lld with `--save-temps`, its archive members as lazy objects
///    (`--start-lib`), on one LTO thread;
/// 3. what lld's LTO pipeline starts from becomes the corpus: per target and object the
///    post-import module (`X.3.import.bc`) with its index (`X.thinlto.bc`), in ml-compiler-opt's
///    ThinLTO layout; or per target the merged, internalized program (`T.0.2.internalize.bc`).
///
/// The corpus gets its own `links.json` (each target linked from its back-end objects) and
/// `lto-reference.json` (lld's own linked `.text`, to check the stand-in compile against). A
/// module that fails pre-linking fails the targets that need it; a target whose link fails is
/// reported and left out; the others are kept. Finished targets are kept on a re-run.
///
/// With `plugin`, the MLGO plugin decides in the pre-link compiles and in lld's link (options
/// through `MLGO_OPTIONS`, docs/plugin.md): lld's linked `.text` is then a policy's end to end,
/// as a user's `clang -flto -Oz -fpass-plugin=… -Wl,--load-pass-plugin=…` build gets it.
public struct LTOCorpusBuilder: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case thin, full

        var phase: CompilePhase { self == .thin ? .thinLTOBackend : .fullLTO }
        var clangFlag: String { self == .thin ? "-flto=thin" : "-flto" }
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var target: String
        public var reason: String
    }

    /// lld's linked `.text` of one target, the reference the stand-in compile is checked against.
    public struct Reference: Codable, Sendable, Equatable {
        public var target: String
        public var lldText: Int
        public var modules: [String]

        enum CodingKeys: String, CodingKey {
            case target, modules
            case lldText = "lld_text"
        }
    }

    public static let referenceFileName = "lto-reference.json"

    public var clang: String
    public var kind: Kind
    /// The level of the pre-link compiles: the source corpus's (`-Oz` marks every function
    /// `minsize`, which lld's O2 pipeline then optimises for size).
    public var optimizationLevel: String
    public var jobs: Int
    public var timeout: Double
    /// The plugin library and its options (`MLGO_OPTIONS`), for builds where it decides.
    public var plugin: (library: String, options: [String])?

    public init(clang: String, kind: Kind, optimizationLevel: String = "Oz", jobs: Int = WorkerPool.defaultJobCount,
                timeout: Double = 600, plugin: (library: String, options: [String])? = nil) {
        self.plugin = plugin
        self.clang = clang
        self.kind = kind
        self.optimizationLevel = optimizationLevel
        self.jobs = jobs
        self.timeout = timeout
    }

    /// Builds the corpus into `output`, with pre-link objects and links under `work`.
    public func build(from source: Corpus, targets: [LinkTarget], output: URL, work: URL) throws
        -> (corpus: Corpus, references: [Reference], failures: [Failure])
    {
        let lld = URL(fileURLWithPath: clang).deletingLastPathComponent().appendingPathComponent("ld.lld").path
        guard FileManager.default.isExecutableFile(atPath: lld) else {
            throw MLGOError.unavailable(lld, "lld is missing (Debian package lld-22); run tools/setup.sh")
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: output, withIntermediateDirectories: true)
        let available = Set(source.modules)
        var failures: [Failure] = []
        var linkable: [LinkTarget] = []
        for target in targets {
            if let absent = target.allModules.first(where: { !available.contains($0) }) {
                failures.append(Failure(target: target.name, reason: "module \(absent) is not in corpus \(source.name)"))
            } else {
                linkable.append(target)
            }
        }

        // 1. Pre-link every module once, whichever targets share it. Objects of another
        // configuration (an interrupted run with other options) are in another folder.
        let prelinked = work.appendingPathComponent("prelink-" + String(stableHash(configuration), radix: 16))
        let needed = Array(Set(linkable.flatMap(\.allModules))).sorted()
        let prelinkResults = WorkerPool.map(needed, jobs: jobs) { module in
            try self.prelink(source.bitcodeURL(module), to: Self.objectURL(module, in: prelinked))
        }
        var failedPrelinks: [String: String] = [:]
        for (module, result) in zip(needed, prelinkResults) {
            if case .failure(let error) = result { failedPrelinks[module] = "\(error)" }
        }
        let prelinkFailures = failedPrelinks

        // 2. and 3. Link each target and take lld's modules.
        let results = WorkerPool.map(linkable, jobs: jobs) { target -> TargetModules in
            if let failed = target.allModules.first(where: { prelinkFailures[$0] != nil }) {
                throw MLGOError.commandFailed("pre-link of \(failed)", prelinkFailures[failed]!)
            }
            return try self.linkAndCollect(target, prelinked: prelinked, work: work, output: output)
        }
        var collected: [TargetModules] = []
        for (target, result) in zip(linkable, results) {
            switch result {
            case .success(let modules): collected.append(modules)
            case .failure(let error): failures.append(Failure(target: target.name, reason: "\(error)"))
            }
        }
        collected.sort { $0.target.name < $1.target.name }

        let corpus = Corpus(root: output, description: .init(
            modules: collected.flatMap(\.modules).sorted(), hasThinLTO: kind == .thin,
            linkPhase: kind == .full ? .fullLTO : nil))
        try corpus.writeDescription()
        let links = LinkTargetList(project: corpus.name, targets: collected.map(\.target))
        let references = collected.map { Reference(target: $0.target.name, lldText: $0.lldText, modules: $0.modules) }
        try Self.write(links, to: output.appendingPathComponent("links.json"))
        try Self.write(references, to: output.appendingPathComponent(Self.referenceFileName))
        return (corpus, references, failures)
    }

    /// What one target brings to the corpus.
    struct TargetModules: Codable, Sendable {
        var target: LinkTarget
        var modules: [String]
        var lldText: Int
        /// The builder's `configuration`: a re-run with other options redoes the target.
        var configuration: String
    }

    /// What decides the corpus's bytes besides the sources: kind, level and the plugin's options.
    var configuration: String {
        ([kind.rawValue, optimizationLevel] + (plugin.map { [$0.library] + $0.options } ?? [])).joined(separator: " ")
    }

    /// `clang -flto[=thin] -O<level> -c -x ir`: the pre-link pipeline, writing LTO bitcode.
    /// An object already there is kept (clang writes its output through a temporary file).
    private func prelink(_ bitcode: URL, to object: URL) throws {
        if FileManager.default.fileExists(atPath: object.path) { return }
        try FileManager.default.createDirectory(at: object.deletingLastPathComponent(), withIntermediateDirectories: true)
        let loading = plugin.map { ["-fpass-plugin=\($0.library)"] } ?? []
        let result = try ProcessRunner.run(clang, [kind.clangFlag, "-\(optimizationLevel)"] + loading
                                               + ["-c", "-x", "ir", bitcode.path, "-o", object.path],
                                           timeout: timeout, environment: pluginEnvironment)
        try result.check("pre-link of \(bitcode.lastPathComponent)", timeout: timeout)
    }

    /// Links `target` with lld from copies of its pre-link objects (lld writes its temporary
    /// bitcode next to each input, and a module shared by two targets is imported into
    /// differently), then moves lld's modules into the corpus as `<target>/<module>`.
    private func linkAndCollect(_ target: LinkTarget, prelinked: URL, work: URL, output: URL) throws -> TargetModules {
        let fileManager = FileManager.default
        let marker = output.appendingPathComponent(".mlgo-lto/\(target.name).json")
        if let data = fileManager.contents(atPath: marker.path),
           let done = try? JSONDecoder().decode(TargetModules.self, from: data), done.configuration == configuration,
           done.modules.allSatisfy({ fileManager.fileExists(atPath: output.appendingPathComponent($0 + ".bc").path) }) {
            return done
        }
        let folder = work.appendingPathComponent("targets/\(target.name)")
        try? fileManager.removeItem(at: folder)
        let objects = folder.appendingPathComponent("objects")
        func place(_ module: String) throws -> URL {
            let copy = Self.objectURL(module, in: objects)
            try fileManager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.copyItem(at: Self.objectURL(module, in: prelinked), to: copy)
            return copy
        }
        let linked = try target.modules.map(place)
        let members = try target.archive.map(place)
        let program = folder.appendingPathComponent(target.name)
        let stage = kind == .thin ? "import" : "internalize"
        var arguments = [kind.clangFlag, "-\(optimizationLevel)", "-fuse-ld=lld", "-Wl,--save-temps=\(stage)",
                         "-Wl,--build-id=none", "-Wl,--thinlto-jobs=1"]
        if kind == .thin { arguments.append("-Wl,--thinlto-emit-index-files") }
        if let plugin { arguments.append("-Wl,--load-pass-plugin=\(plugin.library)") }
        // -Bsymbolic as in TargetLinker: some projects build their shared library from objects
        // compiled without -fPIC, whose calls to their own exported functions bind locally.
        arguments += target.kind == .shared ? ["-shared", "-Wl,-Bsymbolic"] : ["-pie"]
        arguments += target.linkerFlags + ["-o", program.path] + linked.map(\.path)
        if !members.isEmpty { arguments += ["-Wl,--start-lib"] + members.map(\.path) + ["-Wl,--end-lib"] }
        arguments += target.libraries
        let result = try ProcessRunner.run(clang, arguments, timeout: timeout, environment: pluginEnvironment)
        try result.check("lld's LTO link of \(target.name)", timeout: timeout)
        let lldText = try ELFSections.textSize(ofObjectAt: program)

        var modules: [String] = []
        func take(_ file: URL, as module: String, index: URL?) throws {
            let destination = output.appendingPathComponent(module + ".bc")
            try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? fileManager.removeItem(at: destination)
            try fileManager.moveItem(at: file, to: destination)
            var command = ["-" + CompilePhase.linkLevel, "-fPIC", "-c", "-x", "ir"]
            if let index {
                let indexDestination = output.appendingPathComponent(module + ".thinlto.bc")
                try? fileManager.removeItem(at: indexDestination)
                try fileManager.moveItem(at: index, to: indexDestination)
                command.append("-fthinlto-index=\(indexDestination.lastPathComponent)")
            }
            try Data(command.joined(separator: "\0").utf8).write(to: output.appendingPathComponent(module + ".cmd"))
            modules.append(module)
        }
        switch kind {
        case .thin:
            // Archive members lld did not pull in have an index but no back end: not in the program.
            for module in target.allModules {
                let object = Self.objectURL(module, in: objects)
                let imported = URL(fileURLWithPath: object.path + ".3.import.bc")
                guard fileManager.fileExists(atPath: imported.path) else { continue }
                try take(imported, as: "\(target.name)/\(module)", index: URL(fileURLWithPath: object.path + ".thinlto.bc"))
            }
        case .full:
            try take(URL(fileURLWithPath: program.path + ".0.2.internalize.bc"), as: target.name, index: nil)
        }
        guard !modules.isEmpty else { throw MLGOError.unavailable(target.name, "lld wrote no LTO modules") }
        var backEnd = target
        backEnd.modules = modules
        backEnd.archive = []
        let done = TargetModules(target: backEnd, modules: modules, lldText: lldText, configuration: configuration)
        try fileManager.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(done).write(to: marker, options: .atomic)
        try? fileManager.removeItem(at: folder)
        return done
    }

    private var pluginEnvironment: [String: String] {
        plugin.map { ["MLGO_OPTIONS": $0.options.joined(separator: " ")] } ?? [:]
    }

    static func objectURL(_ module: String, in folder: URL) -> URL { folder.appendingPathComponent(module + ".o") }

    private static func write<Value: Encodable>(_ value: Value, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: url, options: .atomic)
    }

    /// How far the stand-in compile (ModuleCompiler in the corpus's phase, LLVM deciding, then
    /// the system linker) is from lld's own link, per target: the check that training compiles
    /// what lld does.
    public struct StandInCheck: Codable, Sendable, Equatable {
        public var target: String
        public var lldText: Int
        /// Nil when a compile or the link failed (`failure` says why).
        public var standInText: Int?
        public var failure: String?

        enum CodingKeys: String, CodingKey {
            case target, failure
            case lldText = "lld_text"
            case standInText = "stand_in_text"
        }
    }

    public static let standInCheckFileName = "stand-in-check.json"

    /// Compiles every module of `corpus` under `setup` (the link's: stock when LLVM decided),
    /// links each target of `references` from the objects, and writes the comparison to the
    /// corpus's `stand-in-check.json`.
    public static func checkStandIn(_ corpus: Corpus, references: [Reference], links: LinkTargetList, toolchain: Toolchain,
                                    setup: InliningSetup = .stock, jobs: Int, timeout: Double, scratch: URL) throws -> [StandInCheck] {
        let runner = CorpusRunner(compiler: ModuleCompiler(toolchain: toolchain, timeout: timeout), jobs: jobs,
                                  scratch: scratch.appendingPathComponent("compile"))
        let objects = scratch.appendingPathComponent("objects")
        let failed = Dictionary(uniqueKeysWithValues: try runner.run(corpus, objectFolder: objects) { _ in setup }
            .compactMap { run in run.failure.map { (run.module, $0) } })
        let linker = TargetLinker(toolchain: toolchain, timeout: timeout)
        let targets = Dictionary(uniqueKeysWithValues: links.targets.map { ($0.name, $0) })
        let checks = references.map { reference in
            var check = StandInCheck(target: reference.target, lldText: reference.lldText, standInText: nil, failure: nil)
            if let module = reference.modules.first(where: { failed[$0] != nil }) {
                check.failure = "compile of \(module) failed: \(failed[module]!)"
            } else if let target = targets[reference.target] {
                do {
                    check.standInText = try linker.link(target, objects: target.modules.map { CorpusRunner.objectURL(for: $0, in: objects) },
                                                        members: [], output: scratch.appendingPathComponent("linked/\(target.name)"),
                                                        likeLTO: true)
                } catch {
                    check.failure = "\(error)"
                }
            } else {
                check.failure = "not in links.json"
            }
            return check
        }
        try write(checks, to: corpus.root.appendingPathComponent(standInCheckFileName))
        return checks
    }
}
