/// Errors of the MLGO tools, each saying which file or thing is wrong and how.
public enum MLGOError: Error, CustomStringConvertible, Equatable {
    /// Input that does not follow its format: (where, what is wrong).
    case malformed(String, String)
    /// A file or tool that cannot be used: (what, why).
    case unavailable(String, String)
    /// A command that failed: (command, reason).
    case commandFailed(String, String)
    /// Arguments that do not fit together.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .malformed(let place, let problem): return "\(place): \(problem)"
        case .unavailable(let thing, let reason): return "\(thing): \(reason)"
        case .commandFailed(let command, let reason): return "\(command) failed: \(reason)"
        case .invalidArgument(let message): return message
        }
    }
}
