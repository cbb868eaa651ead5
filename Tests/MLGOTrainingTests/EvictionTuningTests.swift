import MLGOTraining
import XCTest

/// Which functions `tune --problem eviction` gives to LLVM: strictly cheaper under LLVM, summed
/// over the modules that define the name; ties and unknown functions stay the policy's.
final class EvictionTuningTests: XCTestCase {
    func testFunctionsGoToLLVMOnlyWhereItSpillsLessSummedOverModules() {
        let modules = [
            EvictionTuning.ModuleCosts(module: "a", llvm: ["worse": 1, "tie": 2, "better": 5, "shared": 1, "onlyLLVMSpills": 3],
                                       policy: ["worse": 4, "tie": 2, "better": 1, "shared": 3, "onlyPolicySpills": 2]),
            // "shared" is a static function of the same name in b, where the policy wins by more.
            EvictionTuning.ModuleCosts(module: "b", llvm: ["shared": 6], policy: ["shared": 3]),
        ]
        let choice = EvictionTuning.choose(modules)
        XCTAssertEqual(choice.functionsForLLVM, ["onlyPolicySpills", "worse"])
        XCTAssertEqual(choice.sharedNames, ["shared"])
        XCTAssertEqual(EvictionTuning.choose([]).functionsForLLVM, [])
    }

    func testTheDecisionsFileNamesEachFunctionOnce() {
        let text = EvictionTuning.decisionsFile(givingToLLVM: ["_Z1fv", "g"])
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.first, "mlgo-evict-decisions 1")
        XCTAssertEqual(lines.filter { !$0.hasPrefix("#") }.dropFirst(), ["_Z1fv\tllvm", "g\tllvm"])
        XCTAssertFalse(EvictionTuning.canBeWritten("a\tb"))
        XCTAssertFalse(EvictionTuning.canBeWritten("#x"))
        XCTAssertFalse(EvictionTuning.canBeWritten(""))
        XCTAssertTrue(EvictionTuning.canBeWritten("_ZN4llvm3fooEv"))
    }
}
