import Foundation
import MLGOCore

/// Event counts of one benchmark run under callgrind with its cache simulation: instructions
/// executed (Ir), data reads (Dr) and writes (Dw) — spills and reloads show up in the latter —
/// and the simulated cache misses. Summed over every process the run started.
public struct CallgrindCounts: Codable, Sendable, Equatable {
    /// Every event callgrind counted, by its name (Ir, Dr, Dw, I1mr, D1mr, D1mw, ILmr, DLmr, DLmw).
    public var events: [String: Int]
    /// How many processes (callgrind output files) were summed.
    public var processes: Int

    public init(events: [String: Int], processes: Int) {
        self.events = events
        self.processes = processes
    }

    public var instructions: Int { events["Ir"] ?? 0 }
    public var dataReads: Int { events["Dr"] ?? 0 }
    public var dataWrites: Int { events["Dw"] ?? 0 }

    /// The valgrind arguments of a run whose output files go to `folder`. The caches are fixed
    /// rather than read from the host, so miss counts do not depend on the machine.
    public static func valgrindArguments(outputFolder folder: URL) -> [String] {
        ["--tool=callgrind", "--cache-sim=yes", "--I1=32768,8,64", "--D1=32768,8,64", "--LL=8388608,16,64",
         "-q", "--callgrind-out-file=\(folder.path)/callgrind.out.%p"]
    }

    /// Sums the `callgrind.out.*` files in `folder`.
    public init(readingOutputsIn folder: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("callgrind.out.") }
        guard !files.isEmpty else {
            throw MLGOError.malformed(folder.path, "no callgrind output: the run started no program through `bench`")
        }
        var events: [String: Int] = [:]
        for file in files {
            for (event, count) in try Self.totals(of: file) { events[event, default: 0] += count }
        }
        self.init(events: events, processes: files.count)
    }

    /// The `events:` names and the `summary:` (or, without one, `totals:`) counts of one file.
    static func totals(of file: URL) throws -> [String: Int] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var names: [String] = []
        var summary: [Int]?
        var totals: [Int]?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("events:") {
                names = line.dropFirst("events:".count).split(separator: " ").map(String.init)
            } else if line.hasPrefix("summary:") {
                summary = line.dropFirst("summary:".count).split(separator: " ").compactMap { Int($0) }
            } else if line.hasPrefix("totals:") {
                totals = line.dropFirst("totals:".count).split(separator: " ").compactMap { Int($0) }
            }
        }
        guard let counts = summary ?? totals, !names.isEmpty, counts.count <= names.count else {
            throw MLGOError.malformed(file.path, "not a callgrind output file (no events: and summary: lines)")
        }
        // Trailing zero counts may be left out.
        return Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0 < counts.count ? counts[$0] : 0) })
    }
}
