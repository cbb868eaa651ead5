import Foundation
import MLGOCore

/// The files of one training run folder, written atomically so that a killed run leaves a
/// consistent folder and `--resume` continues from the last finished step:
/// - `checkpoint.json`: the trainer's state after the last finished step;
/// - `metrics.jsonl`: one JSON object per step (and per held-out evaluation);
/// - `policy.mlgo`: the current policy; `best.mlgo`: the best on held-out modules so far.
public struct TrainingRunFolder: Sendable {
    public let root: URL
    public init(root: URL) { self.root = root }

    public var checkpoint: URL { root.appendingPathComponent("checkpoint.json") }
    public var metrics: URL { root.appendingPathComponent("metrics.jsonl") }
    public var currentPolicy: URL { root.appendingPathComponent("policy.mlgo") }
    public var bestPolicy: URL { root.appendingPathComponent("best.mlgo") }

    public func saveCheckpoint<T: Encodable>(_ value: T) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(value).write(to: checkpoint, options: .atomic)
    }

    public func loadCheckpoint<T: Decodable>(_ type: T.Type) throws -> T? {
        guard let data = FileManager.default.contents(atPath: checkpoint.path) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw MLGOError.malformed(checkpoint.path, "not a checkpoint of this trainer: \(error)")
        }
    }

    /// Appends one metrics line. Lines of steps after the checkpoint (from a run killed between
    /// its metrics and its checkpoint) are dropped on resume by `truncateMetrics(after:)`.
    public func appendMetrics(_ fields: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        if !FileManager.default.fileExists(atPath: metrics.path) {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: metrics.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: metrics)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data + Data("\n".utf8))
    }

    /// Keeps only metrics lines whose "step" is at most `step`.
    public func truncateMetrics(after step: Int) throws {
        guard let data = FileManager.default.contents(atPath: metrics.path) else { return }
        let kept = data.split(separator: UInt8(ascii: "\n")).filter { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let lineStep = object["step"] as? Int else { return false }
            return lineStep <= step
        }
        var out = Data()
        for line in kept { out.append(contentsOf: line); out.append(UInt8(ascii: "\n")) }
        try out.write(to: metrics, options: .atomic)
    }
}
