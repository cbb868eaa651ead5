import Foundation
import MLGOCore

/// The commit-able record of a built corpus: its module names and the SHA-256 of each module's
/// bitcode. Rebuilding the corpus must reproduce it byte for byte.
public struct CorpusManifest: Codable, Sendable, Equatable {
    public struct Module: Codable, Sendable, Equatable {
        public var name: String
        public var sha256: String
    }

    public var project: String
    /// Where the sources came from, e.g. "Debian source package sqlite3 3.40.1-2+deb12u2".
    public var source: String?
    public var modules: [Module]

    public init(project: String, source: String?, modules: [Module]) {
        self.project = project
        self.source = source
        self.modules = modules
    }

    /// Hashes every module's bitcode, in the corpus's order.
    public init(corpus: Corpus, project: String, source: String?) throws {
        let modules = try corpus.modules.map { module -> Module in
            guard let data = FileManager.default.contents(atPath: corpus.bitcodeURL(module).path) else {
                throw MLGOError.unavailable(corpus.bitcodeURL(module).path, "cannot read module")
            }
            return Module(name: module, sha256: SHA256.hexDigest(data))
        }
        self.init(project: project, source: source, modules: modules)
    }

    /// Stable bytes: sorted keys, pretty-printed, trailing newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
