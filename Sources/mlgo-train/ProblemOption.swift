import ArgumentParser

/// Which decision a command works on: the engine (corpora, workers, traces, policies, runs)
/// is shared, and each problem adds its compile, features and score.
enum Problem: String, CaseIterable, ExpressibleByArgument {
    /// Inlining for code size (opt-22 at -Oz; the score is `.text` bytes).
    case inlining
    /// Register-allocation eviction (llc-22 at -O2; the score is the weighted spill cost).
    case eviction
}
