/// Where in a build a corpus's modules are optimised, which sets the pipeline that compiles
/// them (docs/corpus.md, "LTO corpora"):
/// - `module`: each translation unit on its own, `default<L>` at the corpus's level;
/// - `thinLTOBackend`: a ThinLTO back end after function import (lld's `X.3.import.bc`),
///   `thinlto<O2>`;
/// - `fullLTO`: a whole program after lld's internalization (`T.0.2.internalize.bc`), `lto<O2>`.
///
/// The LTO phases run at O2 because that is what lld runs when clang links with `-Oz` (the driver
/// passes `-plugin-opt=O2`); the size comes from the `minsize`/`optsize` attributes the
/// compiles left on every function, which the plugin's size policy keys on too. They compile
/// position-independent and with a section per function, as lld does for the PIE executables
/// clang links by default.
public enum CompilePhase: String, Codable, Sendable, CaseIterable {
    case module
    case thinLTOBackend = "thinlto-backend"
    case fullLTO = "full-lto"

    /// opt's `-passes=` for modules whose per-module level is `level` (Oz, O2...).
    public func passes(level: String) -> String {
        switch self {
        case .module: return "default<\(level)>"
        case .thinLTOBackend: return "thinlto<\(Self.linkLevel)>"
        case .fullLTO: return "lto<\(Self.linkLevel)>"
        }
    }

    /// The level of lld's LTO pipelines (its default, `--lto-O2`).
    public static let linkLevel = "O2"

    /// llc's `-relocation-model` for the phase when nothing else asks: nil (llc's static
    /// default, the per-module numbers) or `pic` (lld's LTO code generation for PIE).
    public var defaultRelocationModel: String? { self == .module ? nil : "pic" }

    /// More llc options: lld's LTO code generation puts every function and datum in a section
    /// of its own (which changes `.text` by about 0.1%).
    public var codeGenerationArguments: [String] { self == .module ? [] : ["-function-sections", "-data-sections"] }

    public var isLinkTime: Bool { self != .module }
}
