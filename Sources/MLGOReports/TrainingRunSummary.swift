import Foundation
import MLGOCore

/// What a training run (`train es`, `train ppo`, `train search`) spent and reached, read from
/// its `metrics.jsonl`: compiles, compile time, held-out results (the change of `.text`, or of
/// the weighted spill cost for eviction) and the time until the policy first beat LLVM on the
/// held-out modules. Lets runs of different algorithms be
/// compared on the same budget.
public struct TrainingRunSummary: Codable, Sendable {
    public var run: String
    /// Training compiles (held-out evaluations not counted).
    public var compiles: Int
    /// Wall seconds of the training steps (held-out evaluations and resumptions not counted).
    public var trainingSeconds: Double
    /// Held-out change against LLVM at the start, at the end and at best.
    public var heldOutAtStart: Double?
    public var heldOutAtEnd: Double?
    public var heldOutBest: Double?
    /// Training seconds spent before the first held-out evaluation below the heuristic.
    public var secondsToBeatHeuristic: Double?
    public var compilesToBeatHeuristic: Int?

    public var compilesPerSecond: Double { trainingSeconds > 0 ? Double(compiles) / trainingSeconds : 0 }

    /// Reads `<run>/metrics.jsonl`.
    public init(run: URL) throws {
        let file = run.appendingPathComponent("metrics.jsonl")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw MLGOError.invalidArgument("\(file.path) does not exist: not a training run folder")
        }
        self.run = run.lastPathComponent
        // Per training line: the unit its held-out evaluations count in (an iteration for
        // `train search`, a step otherwise), its compiles and its seconds.
        var steps: [(unit: Int, compiles: Int, seconds: Double)] = []
        var heldOut: [(unit: Int, change: Double)] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let kind = object["kind"] as? String else {
                throw MLGOError.malformed(file.path, "line \(number + 1) is not a metrics object")
            }
            if kind == "held_out", let step = object["step"] as? Int,
               let change = (object["text_change"] ?? object["spill_cost_change"]) as? Double {
                heldOut.append((step, change))
            } else if kind == "train" || kind == "search" {
                let unit = (object["iteration"] as? Int) ?? (object["step"] as? Int) ?? 0
                steps.append((unit, object["compiles"] as? Int ?? 0, object["seconds"] as? Double ?? 0))
            }
        }
        compiles = steps.reduce(0) { $0 + $1.compiles }
        trainingSeconds = steps.reduce(0) { $0 + $1.seconds }
        heldOutAtStart = heldOut.first?.change
        heldOutAtEnd = heldOut.last?.change
        heldOutBest = heldOut.map(\.change).min()
        if let first = heldOut.first(where: { $0.change < 0 }) {
            let before = steps.filter { $0.unit <= first.unit }
            secondsToBeatHeuristic = before.reduce(0) { $0 + $1.seconds }
            compilesToBeatHeuristic = before.reduce(0) { $0 + $1.compiles }
        }
    }

    /// A Markdown table of `runs`, one row each.
    public static func markdown(_ runs: [TrainingRunSummary]) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%+.3f%%", $0 * 100) } ?? "–" }
        var lines = [
            "| run | training compiles | training time | compiles/s | held-out change (`.text`, or spill cost): start | end | best | first below LLVM |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for run in runs {
            let beat = run.secondsToBeatHeuristic.map {
                String(format: "after %.0f min, %d compiles", $0 / 60, run.compilesToBeatHeuristic ?? 0)
            } ?? "never"
            lines.append(String(format: "| %@ | %d | %.0f min | %.2f | %@ | %@ | %@ | %@ |", run.run, run.compiles,
                                run.trainingSeconds / 60, run.compilesPerSecond, percent(run.heldOutAtStart),
                                percent(run.heldOutAtEnd), percent(run.heldOutBest), beat))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
