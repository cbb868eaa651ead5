import Foundation
import MLGOCore

/// SHA-256 digests of files, remembered by path, size, modification time and inode, so that a
/// file every compile job reads (the plugin is 4 MB) is hashed once per process, not once per
/// compile. A file changed later has another stamp and is hashed again. As in git's "racy"
/// rule, a file modified in the last two seconds is not remembered: timestamps are coarse,
/// and a rewrite within one tick could keep the stamp.
public final class FileDigests: @unchecked Sendable {
    public static let shared = FileDigests()
    private struct Stamp: Hashable {
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
    }
    private let lock = NSLock()
    private var digests: [String: (Stamp, String)] = [:]

    /// The digest of `file`'s content.
    public func digest(of file: URL) throws -> String {
        var status = stat()
        guard stat(file.path, &status) == 0 else { throw MLGOError.unavailable(file.path, "cannot read file") }
        let stamp = Stamp(size: Int64(status.st_size), seconds: status.st_mtim.tv_sec, nanoseconds: status.st_mtim.tv_nsec,
                          inode: UInt64(status.st_ino))
        lock.lock()
        if let (known, digest) = digests[file.path], known == stamp {
            lock.unlock()
            return digest
        }
        lock.unlock()
        let digest = SHA256.hexDigest(try Data(contentsOf: file))
        if Date().timeIntervalSince1970 - Double(stamp.seconds) > 2 {
            lock.lock()
            digests[file.path] = (stamp, digest)
            lock.unlock()
        }
        return digest
    }
}
