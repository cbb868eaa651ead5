import Foundation
import MLGOCore

/// One way of building the benchmark programs: a name and the clang-22 flags of every compile
/// and link, the optimisation level among them. Each configuration is compared with stock
/// clang-22 at its own level (`baseline`), so a policy's cost is not mixed up with the level's.
///
/// Spelled on the command line as (docs/speed-report.md):
/// - `stock` (-O2) or `stock-LEVEL` (`stock-oz`, `stock-os`, `stock-o3`, ...): no plugin;
/// - `inline-LEVEL[:POLICY]`: the plugin's inliner, its embedded size policy or a policy file;
/// - `evict-LEVEL:POLICY`: eviction decided by an eviction policy file (release mode), inlining
///   by LLVM (the plugin's heuristic mode, byte-identical to stock);
/// - `inline-evict-LEVEL:POLICY`: both, the embedded size policy and the eviction policy file;
/// - `NAME=FLAGS`: any flags (split at spaces; `{plugin}` is the plugin's path), with an -O level.
///
/// The plugin's own options (`-mllvm -mlgo-…`) are passed in `MLGO_OPTIONS` instead of on the
/// command line: clang's assembler (for a project's `.S` files, such as zstd's Huffman decoder)
/// does not load pass plugins and rejects options it does not know.
public struct SpeedConfiguration: Codable, Sendable, Equatable {
    public var name: String
    /// clang-22 arguments, in the order given, without the plugin's options.
    public var flags: [String]
    /// The plugin's options (`-mlgo-…`), set in `MLGO_OPTIONS` for every compile.
    public var pluginOptions: [String]
    /// The optimisation level, as clang spells it after `-O`: "2", "z", "s", ...
    public var level: String
    /// The stock configuration at `level` (this configuration's own name when it is stock).
    public var baseline: String

    public var isStock: Bool { baseline == name }

    /// `flags` may hold the plugin's options as `-mllvm -mlgo-…`; they are moved to `pluginOptions`.
    public init(name: String, flags: [String], level: String, baseline: String) {
        self.name = name
        self.level = level
        self.baseline = baseline
        var kept: [String] = []
        var options: [String] = []
        var index = 0
        while index < flags.count {
            if flags[index] == "-mllvm", index + 1 < flags.count, flags[index + 1].hasPrefix("-mlgo-") {
                options.append(flags[index + 1])
                index += 2
            } else {
                kept.append(flags[index])
                index += 1
            }
        }
        self.flags = kept
        pluginOptions = options
    }

    /// The environment every compile of this configuration gets.
    public var environment: [String: String] {
        pluginOptions.isEmpty ? [:] : ["MLGO_OPTIONS": pluginOptions.joined(separator: " ")]
    }

    /// The levels clang accepts, as spelled after `-O`.
    static let levels = ["0", "1", "2", "3", "s", "z"]

    /// Stock clang-22 at `level`: `stock` for -O2, `stock-oz` for -Oz.
    public static func stock(level: String) -> SpeedConfiguration {
        let name = level == "2" ? "stock" : "stock-o\(level)"
        return SpeedConfiguration(name: name, flags: ["-O\(level)"], level: level, baseline: name)
    }

    /// Parses a configuration as given on the command line. Policy files are resolved against
    /// `folder` and must exist; `plugin` is the plugin the built-in configurations load.
    public init(parsing spec: String, plugin: String, relativeTo folder: URL) throws {
        if let equals = spec.firstIndex(of: "=") {
            try self.init(name: String(spec[..<equals]), customFlags: String(spec[spec.index(after: equals)...]), plugin: plugin)
            return
        }
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts[0]
        let policy = try parts.count > 1 ? Self.existingFile(parts[1], relativeTo: folder, in: spec) : nil
        guard let dash = kind.lastIndex(of: "-") else {
            guard kind == "stock", policy == nil else { throw Self.unknown(spec) }
            self = .stock(level: "2")
            return
        }
        let family = String(kind[..<dash])
        let levelName = kind[kind.index(after: dash)...]
        let level = String(levelName.dropFirst())
        guard levelName.first == "o", Self.levels.contains(level) else { throw Self.unknown(spec) }
        let plugin = "-fpass-plugin=\(plugin)"
        let evict = policy.map { ["-mllvm", "-mlgo-evict-mode=release", "-mllvm", "-mlgo-evict-policy=\($0)"] }
        var flags = ["-O\(level)"]
        switch family {
        case "stock" where policy == nil:
            self = .stock(level: level)
            return
        case "inline":
            flags += [plugin] + (policy.map { ["-mllvm", "-mlgo-inline-policy=\($0)"] } ?? [])
        case "evict", "inline-evict":
            guard let evict else {
                throw MLGOError.invalidArgument("--config \(spec): give the eviction policy file, as in \(kind):policies/evict-prior/policy.mlgo (the plugin has no embedded eviction policy yet)")
            }
            // evict-LEVEL changes eviction only: LLVM's own inliner decides, even at -Os/-Oz.
            flags += [plugin] + (family == "evict" ? ["-mllvm", "-mlgo-inline-mode=heuristic"] : []) + evict
        default:
            throw Self.unknown(spec)
        }
        self.init(name: policy == nil ? kind : Self.policyName(kind: kind, policy: parts[1]),
                  flags: flags, level: level, baseline: Self.stock(level: level).name)
    }

    /// `NAME=FLAGS`.
    private init(name: String, customFlags: String, plugin: String) throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw MLGOError.invalidArgument("--config \(name)=...: a name is letters, digits, '.', '_' and '-'")
        }
        guard !name.hasPrefix("stock") else {
            throw MLGOError.invalidArgument("--config \(name)=...: names starting with \"stock\" are the stock baselines")
        }
        let flags = customFlags.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
            $0.replacingOccurrences(of: "{plugin}", with: plugin)
        }
        guard let level = flags.last(where: { $0.hasPrefix("-O") }).map({ String($0.dropFirst(2)) }),
              Self.levels.contains(level) else {
            throw MLGOError.invalidArgument("--config \(name)=\(customFlags): the flags need an optimisation level (-O0/1/2/3/s/z): it chooses the stock build it is compared with")
        }
        self.init(name: name, flags: flags, level: level, baseline: Self.stock(level: level).name)
    }

    /// "evict-o2:prior" for `evict-o2:policies/evict-prior/policy.mlgo`: the policy's folder
    /// names it (policy files are all called policy.mlgo), less a leading "evict-"/"inline-".
    private static func policyName(kind: String, policy: String) -> String {
        let url = URL(fileURLWithPath: policy)
        var label = url.deletingPathExtension().lastPathComponent
        if label == "policy" { label = url.deletingLastPathComponent().lastPathComponent }
        for prefix in ["evict-", "inline-"] where label.hasPrefix(prefix) && label.count > prefix.count {
            label = String(label.dropFirst(prefix.count))
        }
        return "\(kind):\(label)"
    }

    private static func existingFile(_ path: String, relativeTo folder: URL, in spec: String) throws -> String {
        let url = URL(fileURLWithPath: path, relativeTo: folder).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MLGOError.unavailable(url.path, "--config \(spec): no such policy file")
        }
        return url.path
    }

    private static func unknown(_ spec: String) -> MLGOError {
        .invalidArgument("--config \(spec): not a configuration; use stock, stock-oz, inline-oz[:POLICY], inline-o2, evict-o2:POLICY, inline-evict-oz:POLICY or NAME=FLAGS (docs/speed-report.md)")
    }

    /// Files the flags and plugin options name (the plugin, policy files): an argument that is
    /// a path, or whose text after its last '=' is one. Their contents belong in a build's key.
    public var referencedFiles: [String] {
        (flags + pluginOptions).compactMap { flag in
            let candidate = flag.split(separator: "=").last.map(String.init) ?? flag
            var isFolder: ObjCBool = false
            guard candidate.hasPrefix("/"), FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder),
                  !isFolder.boolValue else { return nil }
            return candidate
        }
    }
}
