import Foundation
import MLGOCore

/// Per-module done markers under `<corpus>/.mlgo-extract/`, written atomically after a module's
/// files are in place, so an interrupted extraction resumes without redoing finished modules.
struct ExtractionProgress: Sendable {
    struct Marker: Codable, Sendable, Equatable {
        var sha256: String
        var bytes: Int
    }

    static let folderName = ".mlgo-extract"
    let corpus: URL

    private func markerURL(_ module: String) -> URL {
        corpus.appendingPathComponent(Self.folderName).appendingPathComponent(module + ".done")
    }

    func marker(for module: String) -> Marker? {
        guard let data = FileManager.default.contents(atPath: markerURL(module).path) else { return nil }
        return try? JSONDecoder().decode(Marker.self, from: data)
    }

    func markDone(_ module: String, _ marker: Marker) throws {
        let url = markerURL(module)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(marker).write(to: url, options: .atomic)
    }

    func clear(_ module: String) {
        try? FileManager.default.removeItem(at: markerURL(module))
    }
}
