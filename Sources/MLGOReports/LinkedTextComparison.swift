import Foundation
import MLGOCompile
import MLGOCore

/// One link target linked twice: from the heuristic's objects and from the policy's.
public struct LinkedTargetComparison: Codable, Sendable, Equatable {
    public var target: String
    public var kind: LinkTarget.Kind
    /// Linked `.text` bytes; nil when that link failed.
    public var baselineText: Int?
    public var policyText: Int?
    /// Why a compile of one of its modules or a link failed.
    public var failure: String?

    public init(target: String, kind: LinkTarget.Kind, baselineText: Int?, policyText: Int?, failure: String?) {
        self.target = target
        self.kind = kind
        self.baselineText = baselineText
        self.policyText = policyText
        self.failure = failure
    }

    /// Both links succeeded.
    public var linked: Bool { baselineText != nil && policyText != nil }

    /// policyText / baselineText − 1, when both linked.
    public var change: Double? {
        guard let baselineText, let policyText, baselineText > 0 else { return nil }
        return Double(policyText) / Double(baselineText) - 1
    }
}

/// Links a corpus's targets from stock and policy objects. Objects an earlier run kept are
/// reused; the others (modules outside the report's selection, and every module of a shared
/// library, which needs PIC objects) are compiled here. A failing compile or link fails only
/// its target.
public struct LinkedTextComparison: Sendable {
    public var targets: [LinkTarget]
    /// Work folder: `static|pic/stock|policy/<module>.o`, and the linked files.
    public var folder: URL

    public init(targets: [LinkTarget], folder: URL) {
        self.targets = targets
        self.folder = folder
    }

    /// Where the module comparison keeps its (static) objects for reuse.
    public var stockObjects: URL { objectFolder(pic: false, policy: false) }
    public var policyObjects: URL { objectFolder(pic: false, policy: true) }

    public func compare(corpus: Corpus, policySetup: InliningSetup, runner: CorpusRunner) throws -> [LinkedTargetComparison] {
        var untraced = policySetup
        untraced.trace = nil
        let setup = untraced
        let available = Set(corpus.modules)
        var failures: [String: String] = [:]  // "<pic>/<policy>/<module>" → reason
        for pic in [false, true] {
            var picRunner = runner
            picRunner.compiler.relocationModel = pic ? "pic" : nil
            let needed = Set(targets.filter { ($0.kind == .shared) == pic }.flatMap(\.allModules))
                .filter { available.contains($0) }.sorted()
            for policy in [false, true] {
                let objects = objectFolder(pic: pic, policy: policy)
                let missing = needed.filter {
                    !FileManager.default.fileExists(atPath: CorpusRunner.objectURL(for: $0, in: objects).path)
                }
                guard !missing.isEmpty else { continue }
                for run in try picRunner.run(corpus, modules: missing, objectFolder: objects, setup: { _ in policy ? setup : .stock })
                where run.outcome == nil {
                    failures[key(run.module, pic: pic, policy: policy)] = run.failure ?? "unknown"
                }
            }
        }
        let linker = TargetLinker(toolchain: runner.compiler.toolchain, timeout: runner.compiler.timeout)
        return targets.map { target in
            let pic = target.kind == .shared
            if let absent = target.allModules.first(where: { !available.contains($0) }) {
                return LinkedTargetComparison(target: target.name, kind: target.kind, baselineText: nil, policyText: nil,
                                              failure: "module \(absent) is not in the corpus")
            }
            var sizes: [Int?] = []
            var problems: [String] = []
            for policy in [false, true] {
                let side = policy ? "policy" : "heuristic"
                if let failed = target.allModules.first(where: { failures[key($0, pic: pic, policy: policy)] != nil }) {
                    problems.append("\(side): compile of \(failed) failed: \(failures[key(failed, pic: pic, policy: policy)]!)")
                    sizes.append(nil)
                    continue
                }
                let objects = objectFolder(pic: pic, policy: policy)
                do {
                    sizes.append(try linker.link(
                        target, objects: target.modules.map { CorpusRunner.objectURL(for: $0, in: objects) },
                        members: target.archive.map { CorpusRunner.objectURL(for: $0, in: objects) },
                        output: folder.appendingPathComponent("linked/\(side)/\(target.name)"),
                        likeLTO: corpus.phase.isLinkTime))
                } catch {
                    problems.append("\(side): \(error)")
                    sizes.append(nil)
                }
            }
            return LinkedTargetComparison(target: target.name, kind: target.kind, baselineText: sizes[0], policyText: sizes[1],
                                          failure: problems.isEmpty ? nil : problems.joined(separator: "; "))
        }
    }

    private func objectFolder(pic: Bool, policy: Bool) -> URL {
        folder.appendingPathComponent("\(pic ? "pic" : "static")/\(policy ? "policy" : "stock")")
    }

    private func key(_ module: String, pic: Bool, policy: Bool) -> String { "\(pic)/\(policy)/\(module)" }
}
