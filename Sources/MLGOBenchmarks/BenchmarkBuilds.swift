import Foundation
import MLGOCompile
import MLGOCore

/// A recipe's programs built under one configuration.
public struct BenchmarkBuild: Codable, Sendable, Equatable {
    /// SHA-256 over everything the build depends on (`keyMaterial`).
    public var key: String
    /// The lines hashed into `key`: the sources', recipe's and driver's digests, clang's
    /// version, the flags, and the digest of every file the flags name (plugin, policies).
    public var keyMaterial: [String]
    public var configuration: String
    /// The folder holding `bin/` (the programs) and `build.log`.
    public var folder: URL
    /// `.text` bytes of each program in `bin/`, by file name.
    public var programText: [String: Int]
    /// SHA-256 of each program file, by file name: configurations whose programs are identical
    /// to their baseline's (the plugin deciding nothing) show it.
    public var programDigests: [String: String]
    /// Wall seconds the build took (when it was made).
    public var seconds: Double
    /// True when this report found the build in the cache.
    public var cached: Bool

    public var programs: URL { folder.appendingPathComponent("bin") }
    public var textBytes: Int { programText.values.reduce(0, +) }
}

/// A recipe's fetched source files and what about them goes into cache keys.
public struct BenchmarkSources: Sendable {
    public var recipe: BenchmarkRecipe
    public var files: [URL]
    /// Digests of the sources, of the recipe's files (the recipe and what lies beside it, such
    /// as lua's script) and of the driver.
    public var keyMaterial: [String]

    public init(recipe: BenchmarkRecipe, files: [URL], driver: BenchmarkDriver) throws {
        self.recipe = recipe
        self.files = files
        let recipeFiles = try FileManager.default.contentsOfDirectory(at: recipe.folder, includingPropertiesForKeys: nil)
            .filter { !["manifest.json", "links.json", "recipe.sh"].contains($0.lastPathComponent) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        keyMaterial = try files.map { "source \($0.lastPathComponent) \(try BenchmarkBuilds.digest(of: $0))" }
            + recipeFiles.map { "recipe \($0.lastPathComponent) \(try BenchmarkBuilds.digest(of: $0))" }
            + ["driver \(try BenchmarkBuilds.digest(of: driver.script))"]
    }
}

/// Builds recipes under configurations, cached in `folder/builds/<project>/<key>/` by content: a build
/// is redone only when the sources, the recipe, the driver, clang, the flags, the plugin or a
/// policy file changed. Inputs are made (and cached) the same way, once per source.
public struct BenchmarkBuilds: Sendable {
    public var folder: URL
    public var driver: BenchmarkDriver
    public var toolchain: Toolchain
    /// `make -j`.
    public var jobs: Int
    public var timeout: Double
    /// `clang --version`'s first line, part of every build's key.
    public var clangVersion: String

    public init(folder: URL, driver: BenchmarkDriver, toolchain: Toolchain, jobs: Int, timeout: Double) {
        self.folder = folder
        self.driver = driver
        self.toolchain = toolchain
        self.jobs = jobs
        self.timeout = timeout
        clangVersion = toolchain.clangVersion
    }

    /// The recipe's fixed inputs, made once per sources and recipe.
    public func inputs(for sources: BenchmarkSources) throws -> URL {
        let recipe = sources.recipe
        let key = SHA256.hexDigest(Data(sources.keyMaterial.joined(separator: "\n").utf8))
        let inputs = folder.appendingPathComponent("inputs/\(recipe.project)/\(key.prefix(16))")
        let done = inputs.appendingPathComponent(".done")
        if FileManager.default.fileExists(atPath: done.path) { return inputs }
        try? FileManager.default.removeItem(at: inputs)
        try driver.makeInputs(recipe, sources: sources.files, into: inputs,
                              log: folder.appendingPathComponent("inputs/\(recipe.project)/\(key.prefix(16)).log"), timeout: timeout)
        try Data().write(to: done)
        return inputs
    }

    /// The recipe's programs built under `configuration`, from the cache or built now.
    public func build(_ sources: BenchmarkSources, configuration: SpeedConfiguration) throws -> BenchmarkBuild {
        let recipe = sources.recipe
        let material = try sources.keyMaterial
            + ["clang \(clangVersion)", "flags \(configuration.flags.joined(separator: " "))"]
            + (configuration.pluginOptions.isEmpty ? [] : ["MLGO_OPTIONS \(configuration.pluginOptions.joined(separator: " "))"])
            + configuration.referencedFiles.map { "file \($0) \(try Self.digest(of: URL(fileURLWithPath: $0)))" }
        let key = SHA256.hexDigest(Data(material.joined(separator: "\n").utf8))
        let buildFolder = folder.appendingPathComponent("builds/\(recipe.project)/\(key.prefix(16))")
        let record = buildFolder.appendingPathComponent("build.json")
        if let data = FileManager.default.contents(atPath: record.path),
           var build = try? JSONDecoder().decode(BenchmarkBuild.self, from: data), build.key == key {
            build.cached = true
            build.configuration = configuration.name
            build.folder = buildFolder
            return build
        }
        try? FileManager.default.removeItem(at: buildFolder)
        try FileManager.default.createDirectory(at: buildFolder, withIntermediateDirectories: true)
        let clangFolder = URL(fileURLWithPath: toolchain.clang).deletingLastPathComponent()
        let flags = configuration.flags.joined(separator: " ")
        let environment = [
            "CC": toolchain.clang, "CXX": clangFolder.appendingPathComponent("clang++").path,
            "CFLAGS": flags, "CXXFLAGS": flags, "JOBS": String(jobs),
            // Builds that embed the date (__DATE__) get a fixed one, as the corpus builds do.
            "SOURCE_DATE_EPOCH": "0",
        ].merging(configuration.environment) { $1 }
        let start = Date()
        // Every configuration builds in the same folder, so paths that reach the programs (__FILE__
        // in assertion messages) do not differ between them: identical code gives identical files.
        try driver.build(recipe, sources: sources.files, in: folder.appendingPathComponent("tree/\(recipe.project)"),
                         into: buildFolder.appendingPathComponent("bin"), environment: environment,
                         log: buildFolder.appendingPathComponent("build.log"), timeout: timeout)
        let seconds = Date().timeIntervalSince(start)
        let programs = buildFolder.appendingPathComponent("bin")
        let names = try FileManager.default.contentsOfDirectory(atPath: programs.path).sorted()
        guard !names.isEmpty else {
            throw MLGOError.commandFailed("build of \(recipe.project)", "the recipe put no program into bin/")
        }
        var text: [String: Int] = [:]
        var digests: [String: String] = [:]
        for name in names {
            text[name] = try ELFSections.textSize(ofObjectAt: programs.appendingPathComponent(name))
            digests[name] = try Self.digest(of: programs.appendingPathComponent(name))
        }
        let build = BenchmarkBuild(key: key, keyMaterial: material, configuration: configuration.name, folder: buildFolder,
                                   programText: text, programDigests: digests, seconds: seconds, cached: false)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(build).write(to: record, options: .atomic)
        return build
    }

    static func digest(of file: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw MLGOError.unavailable(file.path, "cannot read")
        }
        return SHA256.hexDigest(data)
    }
}

extension Toolchain {
    /// `clang --version`'s first line, for cache keys.
    public var clangVersion: String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-clang-version-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        guard let result = try? ProcessRunner.run(clang, ["--version"], timeout: 60, standardOutput: .file(output)), result.succeeded,
              let text = try? String(contentsOf: output, encoding: .utf8) else { return "unknown" }
        return text.split(separator: "\n").first.map(String.init) ?? "unknown"
    }
}
