//===- EvictionAdvisorAnalysis.cpp - the plugin's eviction-advisor analysis ===//
#include "EvictionAdvisorAnalysis.h"

#include "EvictionDecider.h"
#include "EvictionFunctionShape.h"
#include "EvictionRunnerHook.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/CodeGen/LiveInterval.h"
#include "llvm/CodeGen/MachineBlockFrequencyInfo.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineLoopInfo.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/CodeGen/RegAllocEvictionAdvisor.h"
#include "llvm/CodeGen/RegisterClassInfo.h"
#include "llvm/CodeGen/TargetRegisterInfo.h"
#include "llvm/IR/Module.h"

#include <algorithm>
#include <memory>
#include <optional>

using namespace llvm;

namespace mlgo {
namespace {

/// LLVM's ML advisor for the decisions, with LLVM's default advisor asked first on the same
/// query. Both only read the allocator's state, so asking both changes nothing.
class ObservingEvictionAdvisor final : public RegAllocEvictionAdvisor {
public:
  ObservingEvictionAdvisor(const MachineFunction &MF, const RAGreedy &RA,
                           std::unique_ptr<RegAllocEvictionAdvisor> MLAdvisor, bool LLVMDecides)
      : RegAllocEvictionAdvisor(MF, RA), Default(MF, RA), MLAdvisor(std::move(MLAdvisor)),
        LLVMDecides(LLVMDecides) {}

  MCRegister tryFindEvictionCandidate(const LiveInterval &VirtReg, const AllocationOrder &Order,
                                      uint8_t CostPerUseLimit,
                                      const SmallVirtRegSet &FixedRegisters) const override {
    // DefaultEvictionAdvisor declares its override private; the interface is public.
    const RegAllocEvictionAdvisor &LLVMAdvisor = Default;
    MCRegister LLVMChoice =
        LLVMAdvisor.tryFindEvictionCandidate(VirtReg, Order, CostPerUseLimit, FixedRegisters);
    beginObservedDecision(slotOf(LLVMChoice, VirtReg, Order, CostPerUseLimit));
    MCRegister Answer =
        MLAdvisor->tryFindEvictionCandidate(VirtReg, Order, CostPerUseLimit, FixedRegisters);
    finishObservedDecision(Answer == LLVMChoice);
    return LLVMDecides ? LLVMChoice : Answer;
  }

  bool canEvictHintInterference(const LiveInterval &VirtReg, MCRegister PhysReg,
                                const SmallVirtRegSet &FixedRegisters) const override {
    return MLAdvisor->canEvictHintInterference(VirtReg, PhysReg, FixedRegisters);
  }

private:
  /// The slot LLVM's ML advisor gives `Reg`: its position in the allocation order as the
  /// advisors walk it (hints first, then the class's order without the hints, up to the
  /// order limit); EvictNothingSlot for no register; -1 past the slots or not found.
  /// AllocationOrder is private to libLLVM, so the order is rebuilt the way
  /// AllocationOrder::create builds it; finishObservedDecision checks the result against
  /// the register the ML advisor returns.
  int slotOf(MCRegister Reg, const LiveInterval &VirtReg, const AllocationOrder &Order,
             uint8_t CostPerUseLimit) const {
    if (!Reg)
      return EvictNothingSlot;
    std::optional<unsigned> Limit = getOrderLimit(VirtReg, Order, CostPerUseLimit);
    if (!Limit)
      return -1;
    ArrayRef<MCPhysReg> ClassOrder = RegClassInfo.getOrder(MRI->getRegClass(VirtReg.reg()));
    SmallVector<MCPhysReg, 16> Hints;
    bool HardHints = TRI->getRegAllocationHints(VirtReg.reg(), ClassOrder, Hints, MF, VRM, Matrix);
    int IterationLimit = HardHints ? 0 : static_cast<int>(ClassOrder.size());
    int End = *Limit == 0 ? IterationLimit : std::min(static_cast<int>(*Limit), IterationLimit);
    int Position = 0;
    for (MCPhysReg Hint : Hints) {
      if (Hint == Reg.id())
        return Position < EvictNothingSlot ? Position : -1;
      ++Position;
    }
    for (int I = 0; I < End; ++I) {
      if (is_contained(Hints, ClassOrder[I]))
        continue;
      if (ClassOrder[I] == Reg.id())
        return Position < EvictNothingSlot ? Position : -1;
      ++Position;
    }
    return -1;
  }

  const DefaultEvictionAdvisor Default;
  const std::unique_ptr<RegAllocEvictionAdvisor> MLAdvisor;
  const bool LLVMDecides;
};

/// LLVM's release-mode provider (whose interactive runner the plugin answers), optionally
/// wrapped in the observing advisor.
class PluginEvictionProvider final : public RegAllocEvictionAdvisorProvider {
public:
  PluginEvictionProvider(LLVMContext &Ctx, const EvictionAnalysisOptions &Options)
      : RegAllocEvictionAdvisorProvider(AdvisorMode::Release, Ctx),
        ML(createReleaseModeAdvisorProvider(Ctx)), Options(Options) {}

  std::unique_ptr<RegAllocEvictionAdvisor> getAdvisor(const MachineFunction &MF,
                                                      const RAGreedy &RA,
                                                      MachineBlockFrequencyInfo *MBFI,
                                                      MachineLoopInfo *Loops) override {
    // The allocator asks once per function, before its first decision: the shape is the
    // function's before allocation, whoever allocates it.
    bool Report = wantsFunctionShapeRemarks(MF);
    std::optional<FunctionShape> Shape;
    if (Report || Options.Gate)
      Shape = measureFunctionShape(MF, MBFI, Loops);
    if (Report)
      reportFunctionShape(MF, *Shape);
    // A function the decisions file or the gate gives to LLVM: its default advisor, as in
    // stock llc.
    if (Options.DecidedByLLVM && Options.DecidedByLLVM->contains(MF.getName()))
      return std::make_unique<DefaultEvictionAdvisor>(MF, RA);
    if (Options.Gate && !Options.Gate->policyAllocates(*Shape))
      return std::make_unique<DefaultEvictionAdvisor>(MF, RA);
    std::unique_ptr<RegAllocEvictionAdvisor> Advisor = ML->getAdvisor(MF, RA, MBFI, Loops);
    if (!Options.ObserveLLVM || !Advisor)
      return Advisor;
    return std::make_unique<ObservingEvictionAdvisor>(MF, RA, std::move(Advisor),
                                                      Options.LLVMDecides);
  }

private:
  std::unique_ptr<RegAllocEvictionAdvisorProvider> ML;
  const EvictionAnalysisOptions Options;
};

class PluginEvictionAnalysis final : public RegAllocEvictionAdvisorAnalysisLegacy {
public:
  explicit PluginEvictionAnalysis(const EvictionAnalysisOptions &Options)
      : RegAllocEvictionAdvisorAnalysisLegacy(AdvisorMode::Release), Options(Options) {}

  bool doInitialization(Module &M) override {
    Provider = std::make_unique<PluginEvictionProvider>(M.getContext(), Options);
    return false;
  }

  void getAnalysisUsage(AnalysisUsage &AU) const override {
    // What LLVM's release analysis requires: the ML advisor reads both.
    AU.addRequired<MachineBlockFrequencyInfoWrapperPass>();
    AU.addRequired<MachineLoopInfoWrapperPass>();
    RegAllocEvictionAdvisorAnalysisLegacy::getAnalysisUsage(AU);
  }

private:
  const EvictionAnalysisOptions Options;
};

} // namespace

Pass *createEvictionAdvisorAnalysis(const EvictionAnalysisOptions &Options) {
  return new PluginEvictionAnalysis(Options);
}

} // namespace mlgo
