import Foundation
import MLGOCore

/// Tuning eviction for a user's own project: which machine functions LLVM's default advisor
/// should allocate instead of the policy. Register allocation decides each function on its
/// own, so comparing every function's weighted spill cost under LLVM and under the policy, and
/// giving LLVM the functions where it spills less, reaches the better of the two per function
/// (the `best per function` of `report spill` for these two configurations) in one replayed
/// compile. The plugin replays the choice from a `-mlgo-evict-decisions` file
/// (`FUNCTION<TAB>llvm` lines); functions it does not name, new or renamed ones, stay the
/// policy's.
public enum EvictionTuning {
    /// One module's per-function weighted spill costs under LLVM's advisor and the policy (a
    /// function without spill code under one of them is absent there: cost 0).
    public struct ModuleCosts: Sendable, Equatable {
        public var module: String
        public var llvm: [String: Double]
        public var policy: [String: Double]

        public init(module: String, llvm: [String: Double], policy: [String: Double]) {
            self.module = module
            self.llvm = llvm
            self.policy = policy
        }
    }

    public struct Choice: Sendable, Equatable {
        /// Functions to give to LLVM, sorted.
        public var functionsForLLVM: [String]
        /// Names defined with spill code in more than one module (static functions of the same
        /// name): the decisions file names functions only, so each such name goes to whoever
        /// spills less summed over its modules.
        public var sharedNames: [String]
    }

    /// The functions where LLVM's advisor spills strictly less than the policy, summed over the
    /// modules that define the name; ties stay the policy's.
    public static func choose(_ modules: [ModuleCosts]) -> Choice {
        var saving: [String: Double] = [:]
        var modulesDefining: [String: Int] = [:]
        for module in modules {
            for function in Set(module.llvm.keys).union(module.policy.keys) {
                saving[function, default: 0] += (module.policy[function] ?? 0) - (module.llvm[function] ?? 0)
                modulesDefining[function, default: 0] += 1
            }
        }
        return Choice(functionsForLLVM: saving.filter { $0.value > 0 }.keys.sorted(),
                      sharedNames: modulesDefining.filter { $0.value > 1 }.keys.sorted())
    }

    /// The text of the plugin's `-mlgo-evict-decisions` file giving `functions` to LLVM.
    public static func decisionsFile(givingToLLVM functions: [String]) -> String {
        "mlgo-evict-decisions 1\n# functions LLVM's default advisor allocates (mlgo-train tune --problem eviction)\n"
            + functions.map { "\($0)\tllvm\n" }.joined()
    }

    /// Whether a name can be written as a decisions-file line: the plugin splits at tabs and
    /// newlines and skips lines starting with '#'.
    public static func canBeWritten(_ function: String) -> Bool {
        !function.isEmpty && !function.hasPrefix("#") && !function.contains("\t") && !function.contains("\n")
    }
}
