import Foundation

/// A program or library a project links from its corpus modules, as listed in a project's
/// `links.json` (docs/corpus.md, "Link targets").
public struct LinkTarget: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case shared
        case executable
    }

    public var name: String
    public var kind: Kind
    /// Corpus modules linked as object files: all of their code is in the target.
    public var modules: [String]
    /// Corpus modules linked as a static archive: only the members the target needs, as when a
    /// project links its programs with its own `.a`.
    public var archive: [String]
    /// System libraries (`-lm`, `-lpthread`, ...), after the objects.
    public var libraries: [String]
    /// Other linker flags, before the objects (e.g. `-Wl,--defsym=...` for symbols only an
    /// assembly file outside the corpus defines).
    public var linkerFlags: [String]

    public init(name: String, kind: Kind, modules: [String], archive: [String] = [], libraries: [String] = [],
                linkerFlags: [String] = []) {
        self.name = name
        self.kind = kind
        self.modules = modules
        self.archive = archive
        self.libraries = libraries
        self.linkerFlags = linkerFlags
    }

    /// Every module the target needs.
    public var allModules: [String] { modules + archive }

    enum CodingKeys: String, CodingKey {
        case name, kind, modules, archive, libraries
        case linkerFlags = "linker_flags"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name),
                  kind: try container.decode(Kind.self, forKey: .kind),
                  modules: try container.decode([String].self, forKey: .modules),
                  archive: try container.decodeIfPresent([String].self, forKey: .archive) ?? [],
                  libraries: try container.decodeIfPresent([String].self, forKey: .libraries) ?? [],
                  linkerFlags: try container.decodeIfPresent([String].self, forKey: .linkerFlags) ?? [])
    }
}

/// The contents of a `links.json`: the project (a corpus's name) and its link targets.
public struct LinkTargetList: Codable, Sendable, Equatable {
    public var project: String
    public var targets: [LinkTarget]

    public init(project: String, targets: [LinkTarget]) {
        self.project = project
        self.targets = targets
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MLGOError.unavailable(url.path, "cannot read link targets")
        }
        do { self = try JSONDecoder().decode(LinkTargetList.self, from: data) } catch {
            throw MLGOError.malformed(url.path, "not a links.json: \(error)")
        }
        if let duplicate = Dictionary(grouping: targets, by: \.name).first(where: { $0.value.count > 1 }) {
            throw MLGOError.malformed(url.path, "target \(duplicate.key) is listed twice")
        }
    }
}
