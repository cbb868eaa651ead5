import Foundation
import MLGOCore

/// The LLVM 22 tools and the MLGO plugin. Never the unversioned `opt`/`llc`/`clang` on PATH:
/// on these machines they are other LLVM versions.
public struct Toolchain: Sendable {
    public var opt: String
    public var llc: String
    public var clang: String
    /// The plugin library, libMLGOPlugin.so.
    public var plugin: String

    public init(opt: String, llc: String, clang: String, plugin: String) {
        self.opt = opt
        self.llc = llc
        self.clang = clang
        self.plugin = plugin
    }

    /// LLVM from `$LLVM_PREFIX` (default /usr/lib/llvm-22); the plugin from `$MLGO_PLUGIN`, or
    /// next to the running executable (SwiftPM's build folder), or `pluginPath`.
    public static func locate(pluginPath: String? = nil) throws -> Toolchain {
        let environment = ProcessInfo.processInfo.environment
        let prefix = environment["LLVM_PREFIX"] ?? "/usr/lib/llvm-22"
        let fileManager = FileManager.default
        let bin = prefix + "/bin"
        for tool in ["opt", "llc", "clang"] where !fileManager.isExecutableFile(atPath: "\(bin)/\(tool)") {
            throw MLGOError.unavailable("\(bin)/\(tool)", "LLVM 22 is not installed; run tools/setup.sh")
        }
        let plugin = try pluginPath ?? environment["MLGO_PLUGIN"] ?? defaultPluginPath()
        guard fileManager.fileExists(atPath: plugin) else {
            throw MLGOError.unavailable(plugin, "the MLGO plugin is not built; run `swift build -c release` (or set MLGO_PLUGIN)")
        }
        return Toolchain(opt: "\(bin)/opt", llc: "\(bin)/llc", clang: "\(bin)/clang", plugin: plugin)
    }

    /// libMLGOPlugin.so next to the running executable, or where it would be.
    static func defaultPluginPath() throws -> String {
        builtFile(named: "libMLGOPlugin.so") ?? runningExecutable.deletingLastPathComponent()
            .appendingPathComponent("libMLGOPlugin.so").path
    }

    /// A file SwiftPM built next to the running executable: in its folder or a parent folder,
    /// because test bundles may live one level deeper (`X.xctest/...`).
    public static func builtFile(named name: String) -> String? {
        var folder = runningExecutable.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    private static var runningExecutable: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
    }
}
