import Foundation
import MLGOCore

/// One entry of a compile_commands.json (the Clang JSON compilation database).
public struct CompileCommandEntry: Codable, Sendable {
    public var directory: String
    public var file: String
    public var arguments: [String]?
    public var command: String?
    public var output: String?

    /// The arguments, from "arguments" or else the shell-split "command".
    public var resolvedArguments: [String] { arguments ?? command.map(ShellWords.split) ?? [] }

    public static func load(from url: URL) throws -> [CompileCommandEntry] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MLGOError.unavailable(url.path, "cannot read the compilation database")
        }
        do {
            return try JSONDecoder().decode([CompileCommandEntry].self, from: data)
        } catch {
            throw MLGOError.malformed(url.path, "not a compile_commands.json: \(error)")
        }
    }
}

/// A compile to replay: where it runs, what it compiles, and the module it becomes.
public struct PlannedCompile: Sendable, Equatable {
    /// The module name: the output object's path relative to the build folder (`src/a.o`).
    public var module: String
    public var directory: String
    /// The source file, absolute.
    public var source: String
    /// The recorded arguments without the compiler, input, output, `-c` and dependency flags.
    public var flags: [String]
    /// True if the recorded compiler was a C++ driver (clang++, g++, c++).
    public var cxxDriver: Bool
}

/// Why an entry of the database was not turned into a compile.
public struct SkippedEntry: Sendable, Codable, Equatable {
    public var file: String
    public var reason: String
}

/// Turns database entries into compiles: one per C/C++ source and output object. Entries that
/// are not C/C++ compiles, cc1 invocations and repeated outputs (bear records some commands
/// twice) are skipped with a reason.
public enum CompilePlanner {
    static let objectSuffixes = [".o", ".lo", ".obj"]
    static let sourceExtensions: Set<String> = ["c", "cc", "cpp", "cxx", "c++", "C", "cp", "CPP"]

    public static func plan(_ entries: [CompileCommandEntry], buildDirectory: String)
        -> (compiles: [PlannedCompile], skipped: [SkippedEntry]) {
        var compiles: [PlannedCompile] = []
        var skipped: [SkippedEntry] = []
        var seen: Set<String> = []
        for entry in entries {
            let arguments = entry.resolvedArguments
            let source = PathUtilities.absolute(entry.file, base: entry.directory)
            func skip(_ reason: String) { skipped.append(SkippedEntry(file: source, reason: reason)) }
            guard let compiler = arguments.first else { skip("no command"); continue }
            if arguments.contains(where: { $0 == "-cc1" || $0 == "-cc1as" }) {
                skip("clang -cc1 invocation (the driver command is recorded too)")
                continue
            }
            guard sourceExtensions.contains((entry.file as NSString).pathExtension) else {
                skip("not a C or C++ source")
                continue
            }
            guard arguments.contains("-c") else { skip("not a compile-only (-c) command"); continue }
            if arguments.contains(where: { $0 == "-E" || $0 == "-S" || $0 == "-M" || $0 == "-MM" }) {
                skip("preprocessing or assembly output only")
                continue
            }
            let output = outputPath(arguments) ?? entry.output
                ?? ((entry.file as NSString).lastPathComponent as NSString).deletingPathExtension + ".o"
            let root = PathUtilities.absolute(buildDirectory, base: "/")
            var module = moduleName(object: PathUtilities.absolute(output, base: entry.directory), buildDirectory: root)
            if !objectSuffixes.contains(where: output.hasSuffix) {
                // A compile-and-link (`cc a.c b.c -o prog`): bear records one entry per source,
                // all with the program as output. Name each like CMake names objects.
                module += ".dir/" + moduleName(object: source, buildDirectory: root) + ".o"
            }
            guard seen.insert(module).inserted else {
                skip("repeated entry for \(module)")
                continue
            }
            let driver = (compiler as NSString).lastPathComponent
            compiles.append(PlannedCompile(
                module: module, directory: entry.directory, source: source,
                flags: ClangArguments.strip(Array(arguments.dropFirst()), source: entry.file,
                                            directory: entry.directory),
                cxxDriver: driver.contains("++")))
        }
        return (compiles, skipped)
    }

    static func outputPath(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "-o", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("-o"), argument.count > 2, !argument.hasPrefix("-objc") { return String(argument.dropFirst(2)) }
        }
        return nil
    }

    /// The object's path relative to the build folder; outside it, the absolute path under `external/`.
    static func moduleName(object: String, buildDirectory: String) -> String {
        if PathUtilities.isInside(object, buildDirectory) {
            return PathUtilities.relative(object, to: buildDirectory)
        }
        return "external" + object
    }
}
