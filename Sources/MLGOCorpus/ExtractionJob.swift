import Foundation

/// One module to put into a corpus. `produce` writes the module's bitcode and its compile
/// command (NUL-separated arguments) to the two paths it is given, or throws why it cannot.
public struct ExtractionJob: Sendable {
    public var module: String
    public var produce: @Sendable (_ bitcode: URL, _ command: URL) throws -> Void

    public init(module: String, produce: @escaping @Sendable (_ bitcode: URL, _ command: URL) throws -> Void) {
        self.module = module
        self.produce = produce
    }
}

/// What an extraction did: the modules kept, the duplicates left out, the failures.
public struct ExtractionReport: Codable, Sendable, Equatable {
    public struct Duplicate: Codable, Sendable, Equatable {
        public var module: String
        public var duplicateOf: String
    }
    public struct Failure: Codable, Sendable, Equatable {
        public var module: String
        public var reason: String
    }

    public static let fileName = "extraction_report.json"

    /// Modules in the corpus, in its order (sorted by name).
    public var kept: [String] = []
    /// Modules whose bitcode is byte-identical to an earlier (by name) module.
    public var duplicates: [Duplicate] = []
    public var failures: [Failure] = []
    /// Database entries that were not compiles to replay.
    public var skipped: [SkippedEntry] = []
    /// Modules produced in this run, and modules reused from an earlier (interrupted) run.
    public var extracted: [String] = []
    public var reused: [String] = []

    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic)
    }
}
