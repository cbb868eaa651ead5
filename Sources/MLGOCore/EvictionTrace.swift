/// The vocabulary of register-allocation eviction traces (docs/eviction.md, docs/trace-format.md):
/// LLVM 22's 21 eviction tensors, in LLVM's order, then the decision and its probability.
/// One context per machine function. Slots 0...31 are physical registers in allocation order,
/// slot 32 is the live range being allocated ("evict nothing"); `mask` says which slots could
/// be answered.
public enum EvictionTrace {
    public static let slotCount = 33
    public static let evictNothingSlot = 32
    /// The decision taken (int64 [1]), LLVM's advice tensor name.
    public static let decision = "index_to_evict"
    /// Probability of the decision under the behaviour that took it (float [1]).
    public static let decisionProbability = "index_to_evict_probability"
    /// Train-mode traces only: the slot LLVM's default advisor chose for the same query (int64
    /// [1]; -1 when its choice is not one of the slots). Without a policy it is `decision`.
    public static let llvmDecision = "llvm_index_to_evict"
    public static let nonFeatureTensors: Set<String> = [decision, decisionProbability, llvmDecision]

    /// LLVM's per-slot features ([1,33] each), in LLVM's order, with their element types.
    public static let slotFeatures: [(name: String, type: TensorSpec.ElementType)] = [
        ("mask", .int64), ("is_free", .int64), ("nr_urgent", .float32), ("nr_broken_hints", .float32),
        ("is_hint", .int64), ("is_local", .int64), ("nr_rematerializable", .float32),
        ("nr_defs_and_uses", .float32), ("weighed_reads_by_max", .float32), ("weighed_writes_by_max", .float32),
        ("weighed_read_writes_by_max", .float32), ("weighed_indvars_by_max", .float32),
        ("hint_weights_by_max", .float32), ("start_bb_freq_by_max", .float32), ("end_bb_freq_by_max", .float32),
        ("hottest_bb_freq_by_max", .float32), ("liverange_size", .float32), ("use_def_density", .float32),
        ("max_stage", .int64), ("min_stage", .int64),
    ]
    /// LLVM's scalar feature ([1]), which a per-candidate scorer sees broadcast to every slot.
    public static let progress = "progress"
    /// The plugin's own per-slot feature: 1 at the "evict nothing" slot, 0 elsewhere (LLVM's
    /// features describe the range being allocated like the ones it would evict).
    public static let evictsNothing = "evicts_nothing"
    /// The plugin's own per-slot feature for policies that build on LLVM: 1 at the slot LLVM's
    /// default advisor chose for the same query, 0 elsewhere. Read from `llvm_index_to_evict`.
    public static let llvmChoice = "llvm_choice"

    /// The 21 tensors LLVM 22's eviction advisor hands over, as its TensorSpecs describe them.
    public static let features: [TensorSpec] =
        slotFeatures.map { TensorSpec(name: $0.name, type: $0.type, shape: [1, slotCount]) }
        + [TensorSpec(name: progress, type: .float32, shape: [1])]

    /// A release-mode trace's header as the plugin writes it.
    public static let traceSpecs: [TensorSpec] = features + [
        TensorSpec(name: decision, type: .int64, shape: [1]),
        TensorSpec(name: decisionProbability, type: .float32, shape: [1]),
    ]
    /// A train-mode trace's header: LLVM's choice comes last.
    public static let trainTraceSpecs: [TensorSpec] = traceSpecs + [TensorSpec(name: llvmDecision, type: .int64, shape: [1])]

    /// One eviction decision of a trace.
    public struct Decision: Equatable, Sendable {
        /// Slots whose mask is 1, ascending.
        public var validSlots: [Int]
        public var chosenSlot: Int
        public var probability: Double
        /// LLVM's default advisor's slot (train-mode traces), nil when unknown or not a slot.
        public var llvmSlot: Int? = nil
        /// Whether "evict nothing" was allowed (it is not when the range must get a register).
        public var mayEvictNothing: Bool { validSlots.last == EvictionTrace.evictNothingSlot }
    }

    /// Reads eviction decisions out of a training log; checks the header once.
    public struct Reader {
        public let log: TrainingLog
        let mask: Int, chosen: Int, probability: Int
        let llvmChosen: Int?

        public init(_ log: TrainingLog) throws {
            func index(_ name: String, shape: [Int], type: TensorSpec.ElementType) throws -> Int {
                guard let index = log.featureIndex(named: name), log.features[index].shape == shape,
                      log.features[index].type == type else {
                    throw MLGOError.malformed("eviction trace", "needs tensor '\(name)' of type \(type.rawValue) and shape \(shape)")
                }
                return index
            }
            self.log = log
            mask = try index("mask", shape: [1, slotCount], type: .int64)
            chosen = try index(EvictionTrace.decision, shape: [1], type: .int64)
            probability = try index(EvictionTrace.decisionProbability, shape: [1], type: .float32)
            llvmChosen = log.featureIndex(named: EvictionTrace.llvmDecision) == nil
                ? nil : try index(EvictionTrace.llvmDecision, shape: [1], type: .int64)
        }

        /// Whether the trace records LLVM's default advisor's choices (train mode).
        public var hasLLVMDecisions: Bool { llvmChosen != nil }

        public func decision(_ observation: Int, in context: TrainingLog.Context) -> Decision {
            let valid = (0..<slotCount).filter { log.value(mask, element: $0, observation: observation, in: context) == 1 }
            let llvm = llvmChosen.map { Int(log.scalar($0, observation: observation, in: context)) }
            return Decision(validSlots: valid,
                            chosenSlot: Int(log.scalar(chosen, observation: observation, in: context)),
                            probability: log.scalar(probability, observation: observation, in: context),
                            llvmSlot: llvm.flatMap { valid.contains($0) ? $0 : nil })
        }

        /// What a per-candidate scorer reads: for each of `slots`, the raw values of `features`
        /// (per-slot tensors at that slot, scalars broadcast), in the order given, non-finite
        /// values read as 1 exactly as the plugin reads them.
        public func candidateRows(features names: [String], slots: [Int], observation: Int,
                                  in context: TrainingLog.Context) throws -> [[Float]] {
            let evictsNothing = -1, llvmChoice = -2
            let indices = try names.map { name -> Int in
                if name == EvictionTrace.evictsNothing { return evictsNothing }
                if name == EvictionTrace.llvmChoice {
                    guard llvmChosen != nil else {
                        throw MLGOError.malformed("eviction trace", "has no '\(EvictionTrace.llvmDecision)' for the feature '\(name)': write it with -mlgo-evict-mode=train")
                    }
                    return llvmChoice
                }
                guard let index = log.featureIndex(named: name), !EvictionTrace.nonFeatureTensors.contains(name) else {
                    throw MLGOError.malformed("eviction trace", "has no feature '\(name)'")
                }
                return index
            }
            // As the plugin computed it: the traced slot (-1, no slot, when unknown).
            let llvmSlot = llvmChosen.map { Int(log.scalar($0, observation: observation, in: context)) } ?? -1
            return slots.map { slot in
                indices.map { index in
                    if index == evictsNothing { return slot == EvictionTrace.evictNothingSlot ? 1 : 0 }
                    if index == llvmChoice { return slot == llvmSlot ? 1 : 0 }
                    let element = log.features[index].elementCount == slotCount ? slot : 0
                    let value = Float(log.value(index, element: element, observation: observation, in: context))
                    // As the plugin reads it: LLVM's inf/inf (an unspillable range's weight over the largest) is 1.
                    return value.isFinite ? value : 1
                }
            }
        }
    }
}
