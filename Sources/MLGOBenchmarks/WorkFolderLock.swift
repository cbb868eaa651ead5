#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MLGOCore

/// An exclusive lock on a speed report's work folder, held while the report runs: builds of a
/// project share one source tree and runs share one run folder, so two reports on one folder
/// would overwrite each other's files.
public final class WorkFolderLock {
    private let descriptor: Int32

    public init(folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".lock").path
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw MLGOError.unavailable(path, "cannot open the lock file") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw MLGOError.unavailable(folder.path, "another `report speed` is using this work folder; wait for it or pass another --work")
        }
    }

    deinit { close(descriptor) }
}
