import Foundation
import MLGOCore

/// Extraction jobs for a folder of `.bc` files (like LLVM's make_corpus): each file is copied,
/// with its sibling `.cmd` if it has one. Modules are named by path relative to the folder,
/// without `.bc`.
public enum BitcodeFolderSource {
    public static func jobs(bitcodeIn folder: URL) throws -> [ExtractionJob] {
        let files = try FileFinder.files(under: folder, withSuffix: ".bc")
        guard !files.isEmpty else { throw MLGOError.unavailable(folder.path, "no .bc files found") }
        return files.map { file in
            let module = String(file.dropLast(3))
            let source = folder.appendingPathComponent(file)
            let sourceCommand = folder.appendingPathComponent(module + ".cmd")
            return ExtractionJob(module: module) { bitcode, command in
                try FileManager.default.copyItem(at: source, to: bitcode)
                if FileManager.default.fileExists(atPath: sourceCommand.path) {
                    try FileManager.default.copyItem(at: sourceCommand, to: command)
                }
            }
        }
    }
}

/// Lists files by suffix below a folder, as relative paths, skipping hidden folders.
enum FileFinder {
    static func files(under folder: URL, withSuffix suffix: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw MLGOError.unavailable(folder.path, "not a folder")
        }
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let path = enumerator.nextObject() as? String {
            if (path as NSString).lastPathComponent.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if path.hasSuffix(suffix) { found.append(path) }
        }
        return found.sorted()
    }
}
