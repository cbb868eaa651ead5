// libFuzzer target for the training-log reader (MLGOCore/TrainingLog.swift): reads the input as
// a trace and, when it reads, queries every value and checks that writing the log and reading
// it back gives the same log.
import MLGOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrainingLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let log = try? TrainingLog(bytes: bytes, source: "input") else { return 0 }
    checkValues(log)
    let written = log.serialized()
    let reread: TrainingLog
    do {
        reread = try TrainingLog(bytes: written, source: "written")
    } catch {
        fatalError("a log that was read does not read back once written: \(error)")
    }
    precondition(reread.features == log.features && reread.score == log.score, "specs changed")
    precondition(reread.contexts.map(\.name) == log.contexts.map(\.name), "contexts changed")
    precondition(reread.contexts.map(\.payload) == log.contexts.map(\.payload), "payloads changed")
    precondition(reread.contexts.map(\.outcomes) == log.contexts.map(\.outcomes), "outcomes changed")
    precondition(reread.serialized() == written, "writing is not stable")
    return 0
}

/// Reads every scalar and checks the sizes the reader promises.
private func checkValues(_ log: TrainingLog) {
    precondition(log.featureOffsets.count == log.features.count)
    for (index, feature) in log.features.enumerated() {
        precondition(log.featureIndex(named: feature.name).map { $0 <= index } == true)
        precondition(feature.byteSize > 0 && log.featureOffsets[index] + feature.byteSize <= log.observationSize)
    }
    for context in log.contexts {
        precondition(context.payload.count == context.observationCount * log.observationSize)
        for observation in 0..<context.observationCount {
            for feature in log.features.indices {
                _ = log.scalar(feature, observation: observation, in: context)
            }
        }
        for (observation, outcome) in context.outcomes {
            precondition(observation >= 0 && observation < context.observationCount)
            precondition(outcome.count == log.score?.byteSize)
        }
    }
    precondition(log.observationCount == log.contexts.reduce(0) { $0 + $1.observationCount })
}
