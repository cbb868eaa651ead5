//===- EvictionFunctionShape.cpp - a machine function's shape before allocation ===//
#include "EvictionFunctionShape.h"

#include "PolicyNetwork.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/CodeGen/MachineBlockFrequencyInfo.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineLoopInfo.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Remarks/RemarkStreamer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace llvm;

namespace mlgo {

// Names as they appear in the remark and in a gate policy's `feature` lines.
const std::array<const char *, FunctionShapeFeatureCount> FunctionShapeFeatureNames = {
    "instructions",  "blocks", "virtual_registers", "calls",
    "copies",        "loops",  "max_loop_depth",    "max_block_frequency",
    "weighted_instructions"};

FunctionShape measureFunctionShape(const MachineFunction &MF, const MachineBlockFrequencyInfo *MBFI,
                                   const MachineLoopInfo *Loops) {
  double Instructions = 0, Calls = 0, Copies = 0, MaxFrequency = 0, Weighted = 0;
  unsigned MaxDepth = 0;
  for (const MachineBasicBlock &MBB : MF) {
    double InBlock = 0;
    for (const MachineInstr &MI : MBB) {
      if (MI.isMetaInstruction())
        continue;
      ++InBlock;
      Calls += MI.isCall();
      Copies += MI.isCopy();
    }
    Instructions += InBlock;
    // Frequencies relative to the entry block, as in LLVM's SpillReloadCopies costs.
    double Frequency = MBFI ? MBFI->getBlockFreqRelativeToEntryBlock(&MBB) : 0;
    MaxFrequency = std::max(MaxFrequency, Frequency);
    Weighted += Frequency * InBlock;
    if (Loops)
      MaxDepth = std::max(MaxDepth, Loops->getLoopDepth(&MBB));
  }
  double LoopCount = 0;
  if (Loops) {
    SmallVector<const MachineLoop *, 16> Work(Loops->begin(), Loops->end());
    while (!Work.empty()) {
      const MachineLoop *L = Work.pop_back_val();
      ++LoopCount;
      Work.append(L->begin(), L->end());
    }
  }
  const MachineRegisterInfo &MRI = MF.getRegInfo();
  double VirtualRegisters = 0;
  for (unsigned I = 0, E = MRI.getNumVirtRegs(); I != E; ++I)
    VirtualRegisters += !MRI.reg_nodbg_empty(Register::index2VirtReg(I));
  return {Instructions, static_cast<double>(MF.size()), VirtualRegisters, Calls, Copies,
          LoopCount, static_cast<double>(MaxDepth), MaxFrequency, Weighted};
}

bool wantsFunctionShapeRemarks(const MachineFunction &MF) {
  LLVMContext &Ctx = MF.getFunction().getContext();
  remarks::RemarkStreamer *File = Ctx.getMainRemarkStreamer();
  const DiagnosticHandler *Handler = Ctx.getDiagHandlerPtr();
  return !MF.empty() && ((File && File->matchesFilter(FunctionShapeRemarkPass)) ||
                         (Handler && Handler->isAnalysisRemarkEnabled(FunctionShapeRemarkPass)));
}

void reportFunctionShape(const MachineFunction &MF, const FunctionShape &Shape) {
  MachineOptimizationRemarkAnalysis Remark(FunctionShapeRemarkPass, "MLGOFunctionShape",
                                           DiagnosticLocation(), &MF.front());
  Remark << "function shape before allocation";
  for (unsigned I = 0; I < FunctionShapeFeatureCount; ++I) {
    // Round-trip precision: the remark's float argument would print 6 digits.
    char Value[32];
    snprintf(Value, sizeof(Value), "%.17g", Shape[I]);
    Remark << DiagnosticInfoOptimizationBase::Argument(FunctionShapeFeatureNames[I], StringRef(Value));
  }
  MF.getFunction().getContext().diagnose(Remark);
}

Expected<EvictionGate> EvictionGate::create(const PolicyNetwork &Network, StringRef What) {
  if (Network.decision() != EvictionGateDecision)
    return createStringError(Twine(What) + " decides '" + Network.decision() + "', not '" +
                             EvictionGateDecision + "': it is not an eviction gate");
  if (Network.outputCount() != 1)
    return createStringError(Twine(What) + " has " + std::to_string(Network.outputCount()) +
                             " outputs; a gate has one");
  std::vector<unsigned> Inputs;
  for (const std::string &Name : Network.featureNames()) {
    const auto *Found = std::find_if(FunctionShapeFeatureNames.begin(), FunctionShapeFeatureNames.end(),
                                     [&](const char *Known) { return Name == Known; });
    if (Found == FunctionShapeFeatureNames.end())
      return createStringError(Twine(What) + " reads '" + Name +
                               "', which is not a function-shape feature (" +
                               join(FunctionShapeFeatureNames, ", ") + ")");
    Inputs.push_back(Found - FunctionShapeFeatureNames.begin());
  }
  return EvictionGate(Network, std::move(Inputs));
}

bool EvictionGate::policyAllocates(const FunctionShape &Shape) const {
  SmallVector<float, FunctionShapeFeatureCount> Raw;
  for (unsigned Index : Inputs)
    Raw.push_back(static_cast<float>(Shape[Index]));
  float Score = 0;
  Network->evaluate(Raw.data(), &Score);
  return std::isfinite(Score) && Score > 0;
}

} // namespace mlgo
