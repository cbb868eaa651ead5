import Foundation

/// A corpus in ml-compiler-opt's layout: `corpus_description.json` next to `<module>.bc` and
/// `<module>.cmd` (the module's compile command, arguments separated by NUL bytes), so corpora
/// made by LLVM's `extract_ir` / `make_corpus` load here and ours load there.
public struct Corpus: Sendable {
    public struct Description: Codable, Equatable, Sendable {
        public var modules: [String]
        public var hasThinLTO: Bool
        public var globalCommandOverride: [String]?
        /// Ours, beside ml-compiler-opt's keys: `full-lto` for whole-program modules. Absent in
        /// per-module corpora and in ThinLTO ones, which `has_thinlto` marks.
        public var linkPhase: CompilePhase?

        enum CodingKeys: String, CodingKey {
            case modules
            case hasThinLTO = "has_thinlto"
            case globalCommandOverride = "global_command_override"
            case linkPhase = "mlgo_link_phase"
        }

        public init(modules: [String], hasThinLTO: Bool = false, globalCommandOverride: [String]? = nil,
                    linkPhase: CompilePhase? = nil) {
            self.modules = modules
            self.hasThinLTO = hasThinLTO
            self.globalCommandOverride = globalCommandOverride
            self.linkPhase = linkPhase
        }
    }

    /// How the corpus's modules compile: ThinLTO back ends when `has_thinlto` says so (as in
    /// ml-compiler-opt's ThinLTO corpora), else the phase the description names, else per module.
    public var phase: CompilePhase {
        description.hasThinLTO ? .thinLTOBackend : description.linkPhase ?? .module
    }

    /// The one phase of `corpora` (per module when there are none); an error when they differ,
    /// because one compile command serves them all.
    public static func commonPhase(of corpora: [Corpus]) throws -> CompilePhase {
        let phases = Set(corpora.map(\.phase))
        guard phases.count <= 1 else {
            throw MLGOError.invalidArgument("the corpora mix compile phases ("
                + corpora.map { "\($0.name): \($0.phase.rawValue)" }.joined(separator: ", ")
                + "); give per-module, ThinLTO and full-LTO corpora to separate runs")
        }
        return phases.first ?? .module
    }

    public static let descriptionFileName = "corpus_description.json"

    public let root: URL
    public var description: Description

    /// The corpus's name for reports: its folder's name.
    public var name: String { root.lastPathComponent }
    public var modules: [String] { description.modules }

    public init(root: URL, description: Description) {
        self.root = root
        self.description = description
    }

    /// Loads `root/corpus_description.json`; a module listed without its `.bc` is an error.
    public init(loadingFrom root: URL) throws {
        let file = root.appendingPathComponent(Corpus.descriptionFileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw MLGOError.unavailable(file.path, "no corpus description (is \(root.path) a corpus folder?)")
        }
        let description: Description
        do {
            description = try JSONDecoder().decode(Description.self, from: data)
        } catch {
            throw MLGOError.malformed(file.path, "not a corpus description: \(error)")
        }
        self.init(root: root, description: description)
        for module in modules where !FileManager.default.fileExists(atPath: bitcodeURL(module).path) {
            throw MLGOError.unavailable(bitcodeURL(module).path, "module listed in the corpus description is missing")
        }
    }

    public func bitcodeURL(_ module: String) -> URL { root.appendingPathComponent(module + ".bc") }
    public func commandURL(_ module: String) -> URL { root.appendingPathComponent(module + ".cmd") }

    /// The module's recorded compile command, or nil if it has none.
    public func command(for module: String) -> [String]? {
        if let override = description.globalCommandOverride { return override }
        guard let data = FileManager.default.contents(atPath: commandURL(module).path) else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    public func writeDescription() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(description).write(to: root.appendingPathComponent(Corpus.descriptionFileName), options: .atomic)
    }
}
