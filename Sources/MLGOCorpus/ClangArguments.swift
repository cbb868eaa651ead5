import Foundation

/// Rewrites recorded compiler arguments for replaying them into bitcode.
public enum ClangArguments {
    /// Flags that take the next argument as their value and only concern files we do not want
    /// (dependency files) or that we set ourselves (output).
    static let droppedWithValue: Set<String> = ["-o", "-MF", "-MT", "-MQ"]
    static let dropped: Set<String> = ["-c", "-MD", "-MMD", "-MP", "-emit-llvm", "-pipe"]

    /// Linker inputs: bear turns a compile-and-link command (`cc x.c lib.a -o prog`) into a
    /// compile entry that still lists them.
    static let linkerInputSuffixes = [".o", ".a", ".so", ".lo", ".la", ".obj"]

    /// The arguments (without the compiler) minus the input file, output, `-c`, dependency-file
    /// flags and linker inputs and flags: what stays is what shapes the code.
    public static func strip(_ arguments: [String], source: String, directory: String) -> [String] {
        let sourcePath = PathUtilities.absolute(source, base: directory)
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if droppedWithValue.contains(argument) { index += 1; continue }
            if dropped.contains(argument) { continue }
            if argument.hasPrefix("-MF") || argument.hasPrefix("-MT") || argument.hasPrefix("-MQ")
                || argument.hasPrefix("-Wp,-M") || (argument.hasPrefix("-o") && argument.count > 2 && !argument.hasPrefix("-objc")) {
                continue
            }
            if !argument.hasPrefix("-"), PathUtilities.absolute(argument, base: directory) == sourcePath { continue }
            if isLinkerArgument(argument), !(result.last.map(takesValue) ?? false) { continue }
            result.append(argument)
        }
        return result
    }

    static func isLinkerArgument(_ argument: String) -> Bool {
        if argument.hasPrefix("-l") || argument.hasPrefix("-L") || argument.hasPrefix("-Wl,") { return true }
        if ["-shared", "-static", "-rdynamic", "-pie", "-no-pie"].contains(argument) { return true }
        // Other sources of a multi-source command are inputs too: each has its own entry.
        return !argument.hasPrefix("-")
            && (linkerInputSuffixes.contains { argument.hasSuffix($0) } || argument.contains(".so.")
                || CompilePlanner.sourceExtensions.contains((argument as NSString).pathExtension))
    }

    /// Flags whose value is the next argument (so that value is never a linker input).
    static func takesValue(_ flag: String) -> Bool {
        ["-I", "-D", "-U", "-include", "-isystem", "-iquote", "-idirafter", "-imacros", "-Xclang", "-mllvm",
         "-x", "-target", "-arch", "-MF", "-MT", "-MQ", "-o"].contains(flag)
    }

    /// `flags` with every -O level replaced by `-O<level>` (added if there was none); unchanged
    /// if `level` is nil.
    public static func withOptimizationLevel(_ flags: [String], _ level: String?) -> [String] {
        guard var level else { return flags }
        if level.hasPrefix("-") { level.removeFirst() }
        if level.hasPrefix("O") { level.removeFirst() }  // accept "Oz", "-Oz" and "z"
        var result = flags.filter { !($0.hasPrefix("-O") && $0.count <= 6) }
        result.append("-O" + level)
        return result
    }

    /// `flags` without `-x LANGUAGE`: a recorded command compiles bitcode, not source.
    public static func withoutLanguage(_ flags: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < flags.count {
            if flags[index] == "-x" { index += 2; continue }
            if flags[index].hasPrefix("-x") { index += 1; continue }  // joined form, e.g. -xc
            result.append(flags[index])
            index += 1
        }
        return result
    }
}
