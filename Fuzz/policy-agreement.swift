// libFuzzer target comparing the two policy readers (MLGOCore/Policy.swift and the C runtime):
// PolicyConformance checks that they accept the same files and compute the same logits, and
// the format's promises on normalised inputs, finite logits and writing back.
//
// Input layout, as for policy-runtime: the policy text, then optionally a NUL byte and raw
// feature bytes (4 a float) for one more row to evaluate.
import MLGOCore
import PolicyConformance

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyAgreement(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = bytes.lastIndex(of: 0).map { Array(bytes[..<$0]) } ?? bytes
    var rows: [[Float]]?
    if let nul = bytes.lastIndex(of: 0), let policy = try? Policy(text: String(decoding: text, as: UTF8.self)),
       let row = ProbeRows.row(featureCount: policy.features.count, bytes: bytes[(nul + 1)...]) {
        rows = ProbeRows.rows(featureCount: policy.features.count, seed: 0) + [row]
    }
    let problems = PolicyConformance.problems(in: text, rows: rows)
    if !problems.isEmpty {
        fatalError("policy-agreement:\n" + problems.prefix(5).joined(separator: "\n"))
    }
    return 0
}
