import Foundation
import MLGOCore

/// Searches one module's inlining decisions callsite by callsite for a smaller `.text`
/// (issue 8). A module-level reward cannot say which of hundreds of callsites mattered; forcing
/// one decision and compiling can. From the start trajectory (LLVM's or a policy's):
/// 0. **Global moves**: LLVM's heuristic at each of `thresholds`, and no inlining at all; the
///    smallest of these and the start is where the callsite search begins (so the search is
///    never worse than the best threshold per module).
/// 1. **Screen** single flips, the decisions nearest LLVM's own cost boundary first, while the
///    budget lasts: each flip is one compile with that callsite forced the other way.
/// 2. **Combine** the winning flips: all together if that beats the best single one, else
///    greedily in order of gain, keeping each that still shrinks the module.
/// 3. **Search jointly** where flips interact and single flips are blind: every callsite of one
///    callee inlined together (the callee can then be deleted) or none; the callers of a callee
///    whose flip won (one call chain).
/// 4. **Refine**: single flips again, on the best trajectory's own decisions, while budget lasts.
/// Every step keeps a change only if the module gets strictly smaller, so the result is never
/// worse than the start. The search is deterministic: the same compiles give the same result.
public struct CallsiteSearch {
    public typealias Key = InliningDecisions.CallsiteKey
    public typealias Forced = [Key: Bool]

    public struct Settings: Codable, Sendable, Equatable {
        /// Compiles per module at most, the start compile included.
        public var budget = 120
        /// Callees tried as a group (all callsites inlined, or none) at most.
        public var groupLimit = 24
        /// `-inline-threshold` values tried as global moves (LLVM's heuristic deciding).
        public var thresholds: [Int] = []
        public init() {}
    }

    /// What one compile decided and how big it was.
    public struct Trial: Sendable {
        public var textSize: Int
        public var decisions: [InliningDecisions.Decision]
        /// How far each decision was from LLVM's boundary (|threshold − cost estimate|), when
        /// known: the screening order.
        public var margins: [Double]?

        public init(textSize: Int, decisions: [InliningDecisions.Decision], margins: [Double]? = nil) {
            self.textSize = textSize
            self.decisions = decisions
            self.margins = margins
        }
    }

    /// A forced decision the search kept, and the bytes it saved when it was kept.
    public struct Flip: Codable, Sendable, Equatable {
        public var key: Key
        public var taken: Bool
        /// Bytes saved by the step that kept it, shared with the other flips kept in that step.
        public var gain: Int
        /// Flips kept in that step (1 for a single flip; a group's or combination's size).
        public var together: Int
        /// "single", "combined", "greedy", "group", "chain" or "refine".
        public var stage: String
    }

    public struct Result: Codable, Sendable {
        public var startSize: Int
        public var bestSize: Int
        public var compiles: Int
        /// Decisions of the start trajectory.
        public var decisionCount: Int
        /// The forced decisions that reach `bestSize` from the start policy.
        public var forced: [Flip]
        /// Every decision of the best compile, as the plugin recorded it: replaying them
        /// reproduces the best `.text`.
        public var bestDecisions: [InliningDecisions.Decision]
        /// Single flips that shrank the screened trajectory, before combining.
        public var screenedWins: Int
        /// The `.text` of each global move: `threshold N` and `no inlining`.
        public var globalMoves: [String: Int]
        /// The threshold the best compile's unforced decisions used (nil: the start policy's).
        public var baseThreshold: Int?

        public var gain: Int { startSize - bestSize }
    }

    public let settings: Settings
    /// Compiles the module with `forced` decisions; the start policy decides the rest, or LLVM's
    /// heuristic at `-inline-threshold` if one is given.
    let compile: (_ forced: Forced, _ threshold: Int?) throws -> Trial

    public init(settings: Settings, compile: @escaping (_ forced: Forced, _ threshold: Int?) throws -> Trial) {
        self.settings = settings
        self.compile = compile
    }

    public func run() throws -> Result {
        var spent = 1
        let start = try compile([:], nil)
        var best = start
        var bestForced: [Flip] = []
        var base: Int?
        var tried = Set<TrialKey>([TrialKey(forced: [:], threshold: nil)])
        /// One compile of `forced` unless it was tried or the budget is spent. A compile that
        /// fails counts and is skipped: a decision that breaks the compiler is no candidate.
        func trial(_ forced: Forced, threshold: Int? = base) -> Trial? {
            guard spent < settings.budget, tried.insert(TrialKey(forced: forced, threshold: threshold)).inserted else { return nil }
            spent += 1
            return try? compile(forced, threshold)
        }
        /// Tries `flips` on top of the best so far and keeps them if the module gets smaller.
        @discardableResult
        func attempt(_ flips: Forced, stage: String) -> Bool {
            var forced = Dictionary(uniqueKeysWithValues: bestForced.map { ($0.key, $0.taken) })
            for (key, taken) in flips { forced[key] = taken }
            guard let result = trial(forced), result.textSize < best.textSize else { return false }
            keep(flips, result, stage: stage)
            return true
        }
        func keep(_ flips: Forced, _ result: Trial, stage: String) {
            let gain = best.textSize - result.textSize
            bestForced.removeAll { flips[$0.key] != nil }
            bestForced += flips.sorted { $0.key < $1.key }
                .map { Flip(key: $0.key, taken: $0.value, gain: gain, together: flips.count, stage: stage) }
            best = result
        }

        // 0. Global moves.
        var globalMoves: [String: Int] = [:]
        for threshold in settings.thresholds {
            guard let result = trial([:], threshold: threshold) else { continue }
            globalMoves["threshold \(threshold)"] = result.textSize
            if result.textSize < best.textSize { (best, base) = (result, threshold) }
        }
        let noInlining = Dictionary(start.decisions.map { ($0.key, false) }) { a, _ in a }
        if start.decisions.contains(where: \.taken), let result = trial(noInlining, threshold: nil) {
            globalMoves["no inlining"] = result.textSize
            if result.textSize < best.textSize {
                (best, base) = (result, nil)
                bestForced = noInlining.sorted { $0.key < $1.key }
                    .map { Flip(key: $0.key, taken: false, gain: start.textSize - result.textSize, together: noInlining.count, stage: "global") }
            }
        }

        // 1. Screen single flips of the trajectory the global moves chose.
        let screened = best
        let screenedForced = Dictionary(uniqueKeysWithValues: bestForced.map { ($0.key, $0.taken) })
        var wins: [(key: Key, taken: Bool, gain: Int)] = []
        var bestSingle: (flip: Forced, result: Trial)?
        for index in screeningOrder(screened) where spent < settings.budget {
            let decision = screened.decisions[index]
            let flip: Forced = [decision.key: !decision.taken]
            guard let result = trial(screenedForced.merging(flip) { $1 }), result.textSize < screened.textSize else { continue }
            wins.append((decision.key, !decision.taken, screened.textSize - result.textSize))
            if result.textSize < (bestSingle?.result.textSize ?? .max) { bestSingle = (flip, result) }
        }
        wins.sort { $0.gain != $1.gain ? $0.gain > $1.gain : $0.key < $1.key }

        // 2. Combine: all wins together if that beats the best single flip, else greedily.
        if let bestSingle {
            keep(bestSingle.flip, bestSingle.result, stage: "single")
            if wins.count > 1 {
                let all = Dictionary(uniqueKeysWithValues: wins.map { ($0.key, $0.taken) })
                if !attempt(all, stage: "combined") {
                    for win in wins where bestSingle.flip[win.key] == nil { attempt([win.key: win.taken], stage: "greedy") }
                }
            }
        }

        // 3. Joint: one callee's callsites together; the callers of a winning flip's caller.
        for callee in groupCandidates(best, wins: wins) {
            for taken in [true, false] {
                let keys = best.decisions.filter { $0.key.callee == callee && $0.taken != taken }.map(\.key)
                if keys.count > 1 { attempt(Dictionary(uniqueKeysWithValues: keys.map { ($0, taken) }), stage: "group") }
            }
        }
        let winningCallers = Set(bestForced.map(\.key.caller))
        for decision in best.decisions where winningCallers.contains(decision.key.callee) {
            attempt([decision.key: !decision.taken], stage: "chain")
        }

        // 4. Refine: single flips of the best trajectory's own decisions.
        let refineFrom = best
        for index in screeningOrder(refineFrom) where spent < settings.budget {
            let decision = refineFrom.decisions[index]
            attempt([decision.key: !decision.taken], stage: "refine")
        }

        return Result(startSize: start.textSize, bestSize: best.textSize, compiles: spent,
                      decisionCount: start.decisions.count, forced: bestForced.sorted { $0.key < $1.key },
                      bestDecisions: best.decisions, screenedWins: wins.count, globalMoves: globalMoves, baseThreshold: base)
    }

    private struct TrialKey: Hashable {
        var forced: Forced
        var threshold: Int?
    }

    /// Decisions nearest LLVM's cost boundary first (where a different answer is most likely to
    /// pay), then in compile order.
    func screeningOrder(_ trial: Trial) -> [Int] {
        let indices = Array(trial.decisions.indices)
        guard let margins = trial.margins, margins.count == trial.decisions.count else { return indices }
        return indices.sorted { margins[$0] != margins[$1] ? margins[$0] < margins[$1] : $0 < $1 }
    }

    /// Callees worth trying as a group: those a screened flip touched first, then those with
    /// the most callsites.
    func groupCandidates(_ trial: Trial, wins: [(key: Key, taken: Bool, gain: Int)]) -> [String] {
        var counts: [String: Int] = [:]
        for decision in trial.decisions { counts[decision.key.callee, default: 0] += 1 }
        let touched = Set(wins.map(\.key.callee))
        let ordered = counts.filter { $0.value > 1 }.sorted {
            let (a, b) = (touched.contains($0.key), touched.contains($1.key))
            if a != b { return a }
            return $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }
        return Array(ordered.prefix(settings.groupLimit).map(\.key))
    }
}
