import Foundation
import MLGOCore

/// A benchmark program of a project: `corpus/projects/<project>/benchmark.sh`, which says how to
/// build the program from the project's sources, which fixed inputs it reads and which fixed
/// command runs it (docs/speed-report.md). Its fields are read by the driver's `describe`.
public struct BenchmarkRecipe: Codable, Sendable, Equatable {
    /// The project folder's name (`sqlite3`).
    public var project: String
    /// The program's name (`speedtest1`).
    public var name: String
    /// The Debian source package, or nil for a recipe that lists its own source files.
    public var package: String?
    /// What the benchmark exercises, in a line.
    public var summary: String
    /// The command it runs, in a line.
    public var command: String
    /// The recipe's folder.
    public var folder: URL

    public var file: URL { folder.appendingPathComponent("benchmark.sh") }

    /// Reads the recipe in `folder`.
    public init(folder: URL, driver: BenchmarkDriver) throws {
        let fields = try driver.describe(folder)
        self.folder = folder
        project = folder.lastPathComponent
        name = fields["name"] ?? project
        package = fields["package"].flatMap { $0.isEmpty ? nil : $0 }
        summary = fields["summary"] ?? ""
        command = fields["command"] ?? ""
    }

    /// Every recipe under `projects` (folders holding a benchmark.sh), by project name; or the
    /// named projects' only, in the order given.
    public static func recipes(in projects: URL, named names: [String] = [], driver: BenchmarkDriver) throws -> [BenchmarkRecipe] {
        let fileManager = FileManager.default
        let folders: [URL]
        if names.isEmpty {
            folders = try fileManager.contentsOfDirectory(at: projects, includingPropertiesForKeys: nil)
                .filter { fileManager.fileExists(atPath: $0.appendingPathComponent("benchmark.sh").path) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } else {
            folders = try names.map { name in
                let folder = projects.appendingPathComponent(name)
                guard fileManager.fileExists(atPath: folder.appendingPathComponent("benchmark.sh").path) else {
                    throw MLGOError.unavailable(folder.appendingPathComponent("benchmark.sh").path, "no benchmark recipe for \(name)")
                }
                return folder
            }
        }
        guard !folders.isEmpty else { throw MLGOError.unavailable(projects.path, "no benchmark recipes (*/benchmark.sh)") }
        return try folders.map { try BenchmarkRecipe(folder: $0, driver: driver) }
    }
}
