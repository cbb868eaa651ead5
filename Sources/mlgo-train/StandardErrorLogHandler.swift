import Foundation
import Logging

/// mlgo-train's diagnostics on standard error, printed as a compiler prints them: progress
/// (info, notice) as the message alone, `warning: ` and `error: ` before the rest, metadata
/// after it. Standard output stays for results. Each line is one write, so lines from worker
/// threads never interleave.
struct StandardErrorLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    init(label: String) {}

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix: String
        switch event.level {
        case .trace, .debug: prefix = "debug: "
        case .info, .notice: prefix = ""
        case .warning: prefix = "warning: "
        case .error, .critical: prefix = "error: "
        }
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.isEmpty ? "" : " (" + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
        FileHandle.standardError.write(Data("\(prefix)\(event.message)\(details)\n".utf8))
    }
}

extension Logger {
    /// The logger every command and the libraries they call report through.
    static let mlgoTrain = Logger(label: "mlgo-train")
}
