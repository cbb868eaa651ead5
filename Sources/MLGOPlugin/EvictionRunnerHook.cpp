//===- EvictionRunnerHook.cpp - LLVM's interactive runner, answered in-process ===//
#include "EvictionRunnerHook.h"

#include "PluginDiagnostics.h"
#include "TraceWriter.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/InteractiveModelRunner.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <mutex>
#include <sys/mman.h>
#include <unistd.h>

using namespace llvm;

namespace mlgo {
namespace {

/// InteractiveModelRunner's members in its header's order, to read the private input specs
/// and context of a live runner. The size check catches a header that moved on.
class RunnerView : public MLModelRunner {
public:
  LLVMContext &context() { return Ctx; }
  int Inbound;
  const std::vector<TensorSpec> InputSpecs;
  const TensorSpec OutputSpec;
  std::error_code OutEC;
  std::error_code InEC;
  std::vector<char> OutputBuffer;
  std::unique_ptr<Logger> Log;
};
static_assert(sizeof(RunnerView) == sizeof(InteractiveModelRunner),
              "InteractiveModelRunner's layout differs from the one RunnerView mirrors");

using EvaluateFn = void *(*)(MLModelRunner *);
using SwitchFn = void (*)(MLModelRunner *, StringRef);
using DestroyFn = void (*)(MLModelRunner *);

// Itanium vtable of InteractiveModelRunner: offset-to-top, typeinfo, then the virtual
// functions in declaration order (MLModelRunner.h): ~D1, ~D0, switchContext, evaluateUntyped.
enum VTableSlot { TypeInfoSlot = 1, CompleteDtorSlot = 2, DeletingDtorSlot = 3,
                  SwitchContextSlot = 4, EvaluateSlot = 5 };

const EvictionConfig *Config = nullptr;
EvaluateFn OriginalEvaluate = nullptr;
SwitchFn OriginalSwitchContext = nullptr;
DestroyFn OriginalCompleteDtor = nullptr, OriginalDeletingDtor = nullptr;

/// Decisions buffered per runner before its trace is appended at a function boundary.
constexpr size_t FlushEvery = 4096;

struct RunnerState {
  bool Ours = false;
  LLVMContext *Ctx = nullptr;
  std::unique_ptr<EvictionDecider> Decider;
  std::unique_ptr<TraceBuffer> Trace;
  std::vector<const void *> Tensors;
  size_t DecisionsSinceFlush = 0;
  uint64_t Fallbacks = 0;
  uint64_t Decisions = 0;
  std::chrono::steady_clock::duration Deciding{};
  /// The first decision's share of Deciding: it pays the process's first touches of the
  /// policy's code and weights, which the later ones do not.
  std::chrono::steady_clock::duration FirstDecision{};
  int64_t Answer = EvictNothingSlot;
  float Probability = 1.0f;
  /// LLVM's default advisor's slot for the current decision (traced in train mode).
  int64_t LLVMSlot = -1;
  /// Train mode: decisions where LLVM's choice was a candidate slot, where it was not, and
  /// where the slot mapping was contradicted by the register LLVM's ML advisor returned.
  uint64_t LLVMChoiceObserved = 0, LLVMChoiceNotASlot = 0, SlotMismatches = 0;
  /// -mlgo-evict-decisions: the current function's forced slots, its decisions so far, and
  /// the forced slots answered and not answered (not valid at their decision).
  const DenseMap<unsigned, int> *Forced = nullptr;
  unsigned DecisionInFunction = 0;
  uint64_t ForcedAnswered = 0, ForcedNotValid = 0;
};

std::mutex StatesMutex;
DenseMap<const void *, std::unique_ptr<RunnerState>> &states() {
  static auto *States = new DenseMap<const void *, std::unique_ptr<RunnerState>>();
  return *States; // never destroyed: runners may outlive static destructors
}
// Bumped whenever a runner goes, so that no thread trusts a cached state of a dead runner.
std::atomic<uint64_t> Generation{0};
thread_local const void *CachedRunner = nullptr;
thread_local RunnerState *CachedState = nullptr;
thread_local uint64_t CachedGeneration = ~0ULL;

/// One query of LLVM's ML advisor observed by EvictionAdvisorAnalysis on this thread.
struct ObservedDecision {
  bool Active = false;
  int LLVMSlot = -1;
  bool Asked = false;
  int64_t AnsweredSlot = -1;
  const void *Runner = nullptr;
};
thread_local ObservedDecision Observed;

void flushTrace(RunnerState &State) {
  if (!State.Trace)
    return;
  State.DecisionsSinceFlush = 0;
  if (Error E = State.Trace->flush())
    reportError(*State.Ctx, "MLGO plugin: " + toString(std::move(E)));
}

/// Traces of runners still alive at exit (a host that leaks its pass manager).
void flushTracesAtExit() {
  std::unique_lock<std::mutex> Lock(StatesMutex, std::try_to_lock);
  if (!Lock.owns_lock())
    return;
  for (auto &Entry : states())
    if (Entry.second->Trace)
      if (Error E = Entry.second->Trace->flush())
        errs() << "error: MLGO plugin: " << toString(std::move(E)) << "\n";
}

std::unique_ptr<RunnerState> makeState(MLModelRunner *Runner) {
  auto State = std::make_unique<RunnerState>();
  auto *View = reinterpret_cast<RunnerView *>(Runner);
  State->Ours = View->OutputSpec.name() == EvictionDecisionName;
  if (!State->Ours)
    return State;
  State->Ctx = &View->context();
  const std::vector<TensorSpec> &Specs = View->InputSpecs;
  for (size_t I = 0; I < Specs.size(); ++I)
    State->Tensors.push_back(Runner->getTensorUntyped(I));
  auto Decider = EvictionDecider::create(Specs, Config->Policy, Config->Settings);
  if (!Decider) {
    reportError(*State->Ctx, "MLGO plugin: " + toString(Decider.takeError()));
    Decider = EvictionDecider::create(Specs, nullptr, Config->Settings);
    if (!Decider) {
      reportError(*State->Ctx, "MLGO plugin: " + toString(Decider.takeError()));
      return State; // no decider: every answer is "evict nothing"; the compile has failed
    }
  }
  State->Decider = std::move(*Decider);
  if (!Config->TracePath.empty()) {
    std::vector<TensorSpec> TraceSpecs = Specs;
    TraceSpecs.push_back(TensorSpec::createSpec<int64_t>(EvictionDecisionName, {1}));
    TraceSpecs.push_back(TensorSpec::createSpec<float>(EvictionProbabilityName, {1}));
    if (Config->ObserveLLVM) // last, so a correction knows where it is
      TraceSpecs.push_back(TensorSpec::createSpec<int64_t>(LLVMEvictionDecisionName, {1}));
    auto Writer = getTraceWriter(Config->TracePath, TraceSpecs);
    if (!Writer) {
      reportError(*State->Ctx, "MLGO plugin: " + toString(Writer.takeError()));
      return State;
    }
    // Registered after the writer exists, so it runs before the writer is destroyed.
    static std::once_flag AtExit;
    std::call_once(AtExit, [] { std::atexit(flushTracesAtExit); });
    State->Trace = std::make_unique<TraceBuffer>(*Writer);
  }
  return State;
}

RunnerState &stateFor(MLModelRunner *Runner) {
  uint64_t Now = Generation.load(std::memory_order_acquire);
  if (CachedRunner == Runner && CachedGeneration == Now)
    return *CachedState;
  RunnerState *State;
  {
    std::lock_guard<std::mutex> Lock(StatesMutex);
    auto Found = states().find(Runner);
    State = Found == states().end() ? nullptr : Found->second.get();
  }
  if (!State) {
    // Built outside the lock: its errors may exit the process, which flushes under the lock.
    std::unique_ptr<RunnerState> Made = makeState(Runner);
    State = Made.get();
    std::lock_guard<std::mutex> Lock(StatesMutex);
    states()[Runner] = std::move(Made);
  }
  CachedRunner = Runner;
  CachedState = State;
  CachedGeneration = Now;
  return *State;
}

void *evaluate(MLModelRunner *Runner) {
  RunnerState &State = stateFor(Runner);
  if (!State.Ours)
    return OriginalEvaluate(Runner);
  EvictionChoice Choice;
  auto Start = Config->Stats ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  if (State.Decider)
    Choice = State.Decider->decide(State.Tensors, Observed.Active ? Observed.LLVMSlot : -1);
  if (Observed.Active) {
    Observed.Asked = true;
    Observed.Runner = Runner;
    State.LLVMSlot = Observed.LLVMSlot;
    bool LLVMSlotIsValid =
        State.Decider && State.Decider->isValidSlot(State.Tensors, Observed.LLVMSlot);
    if (!Config->Policy && Config->Settings.ForceIndex < 0) {
      // LLVM decides: the advisor returns its register whatever is answered here, so the
      // answer is LLVM's slot when the ML advisor offers it (a valid slot in any case).
      Choice.FellBack = false;
      Choice.Probability = 1.0f;
      if (LLVMSlotIsValid)
        Choice.Index = Observed.LLVMSlot;
    }
  }
  if (State.Forced) {
    auto Slot = State.Forced->find(State.DecisionInFunction);
    if (Slot != State.Forced->end()) {
      if (State.Decider && State.Decider->isValidSlot(State.Tensors, Slot->second)) {
        Choice.Index = Slot->second;
        Choice.Probability = 1.0f;
        Choice.FellBack = false;
        ++State.ForcedAnswered;
      } else {
        ++State.ForcedNotValid;
      }
    }
  }
  ++State.DecisionInFunction;
  if (Observed.Active)
    Observed.AnsweredSlot = Choice.Index;
  ++State.Decisions;
  State.Fallbacks += Choice.FellBack;
  State.Answer = Choice.Index;
  State.Probability = Choice.Probability;
  if (State.Trace) {
    SmallVector<const void *, 24> Logged(State.Tensors.begin(), State.Tensors.end());
    Logged.push_back(&State.Answer);
    Logged.push_back(&State.Probability);
    if (Config->ObserveLLVM)
      Logged.push_back(&State.LLVMSlot);
    State.Trace->logObservation(Logged);
    ++State.DecisionsSinceFlush;
  }
  if (Config->Stats) {
    auto Spent = std::chrono::steady_clock::now() - Start;
    State.Deciding += Spent;
    if (State.Decisions == 1)
      State.FirstDecision = Spent;
  }
  return &State.Answer;
}

void switchContext(MLModelRunner *Runner, StringRef Name) {
  RunnerState &State = stateFor(Runner);
  if (!State.Ours)
    return OriginalSwitchContext(Runner, Name);
  // LLVM's runner would write the context to the channel; nobody reads it here.
  if (State.Decider)
    State.Decider->startFunction(Name);
  State.Forced = Config->Forced ? Config->Forced->forFunction(Name) : nullptr;
  State.DecisionInFunction = 0;
  if (State.Trace) {
    if (State.DecisionsSinceFlush >= FlushEvery)
      flushTrace(State);
    State.Trace->switchContext(Name);
  }
}

void finishRunner(MLModelRunner *Runner) {
  std::unique_ptr<RunnerState> State;
  {
    std::lock_guard<std::mutex> Lock(StatesMutex);
    auto Found = states().find(Runner);
    if (Found == states().end())
      return;
    State = std::move(Found->second);
    states().erase(Found);
    Generation.fetch_add(1, std::memory_order_release);
  }
  if (!State->Ours)
    return;
  if (Config->Stats) {
    double Micros = std::chrono::duration<double, std::micro>(State->Deciding).count();
    double First = std::chrono::duration<double, std::micro>(State->FirstDecision).count();
    errs() << "MLGO eviction stats: " << State->Decisions << " decisions, "
           << format("%.0f", Micros) << " us in the plugin ("
           << format("%.2f", State->Decisions ? Micros / State->Decisions : 0.0)
           << " us per decision; the first " << format("%.1f", First) << " us)\n";
    if (Config->ObserveLLVM)
      errs() << "MLGO eviction stats: LLVM's choice was a candidate slot in "
             << State->LLVMChoiceObserved << " decisions, not a slot in "
             << State->LLVMChoiceNotASlot << ", slot mapping contradicted in "
             << State->SlotMismatches << "\n";
    if (Config->Forced)
      errs() << "MLGO eviction stats: forced " << State->ForcedAnswered << " decisions, "
             << State->ForcedNotValid << " forced slots not valid at their decision\n";
  }
  if (State->SlotMismatches > 0)
    reportWarning(*State->Ctx, "MLGO: in " + Twine(State->SlotMismatches) +
                                   " eviction decisions the register LLVM's ML advisor "
                                   "returned contradicts the slot of LLVM's own choice; "
                                   "their trace entries say -1 for llvm_index_to_evict");
  if (State->Fallbacks > 0)
    reportWarning(*State->Ctx, "MLGO: " + Twine(State->Fallbacks) +
                                   " eviction decisions got the default-like answer (the "
                                   "policy could not answer a valid slot)");
  flushTrace(*State);
}

/// The state of a runner this thread used, if it is still alive.
RunnerState *liveState(const void *Runner) {
  if (!Runner)
    return nullptr;
  std::lock_guard<std::mutex> Lock(StatesMutex);
  auto Found = states().find(Runner);
  return Found == states().end() ? nullptr : Found->second.get();
}

void destroyComplete(MLModelRunner *Runner) {
  finishRunner(Runner);
  OriginalCompleteDtor(Runner);
}

void destroyDeleting(MLModelRunner *Runner) {
  finishRunner(Runner);
  OriginalDeletingDtor(Runner);
}

/// The protection of the mapping that holds `Address` (PROT_* bits), or -1.
int protectionOf(const void *Address) {
  FILE *Maps = std::fopen("/proc/self/maps", "r");
  if (!Maps)
    return -1;
  char Line[512];
  int Protection = -1;
  uintptr_t Target = reinterpret_cast<uintptr_t>(Address);
  while (std::fgets(Line, sizeof(Line), Maps)) {
    unsigned long Start, End;
    char Perms[5] = {};
    if (std::sscanf(Line, "%lx-%lx %4s", &Start, &End, Perms) != 3)
      continue;
    if (Target < Start || Target >= End)
      continue;
    Protection = (Perms[0] == 'r' ? PROT_READ : 0) | (Perms[1] == 'w' ? PROT_WRITE : 0) |
                 (Perms[2] == 'x' ? PROT_EXEC : 0);
    break;
  }
  std::fclose(Maps);
  return Protection;
}

Error fail(const Twine &What) {
  return createStringError(inconvertibleErrorCode(),
                           "cannot hook LLVM's InteractiveModelRunner: %s (this plugin needs "
                           "Debian's LLVM 22 libLLVM)",
                           What.str().c_str());
}

} // namespace

void beginObservedDecision(int LLVMSlot) {
  Observed = ObservedDecision();
  Observed.Active = true;
  Observed.LLVMSlot = LLVMSlot;
}

bool finishObservedDecision(bool GotLLVMsRegister) {
  ObservedDecision Decision = Observed;
  Observed = ObservedDecision();
  if (!Decision.Asked)
    return false;
  RunnerState *State = liveState(Decision.Runner);
  if (!State)
    return true;
  if (Decision.LLVMSlot < 0) {
    ++State->LLVMChoiceNotASlot;
    return true;
  }
  // Distinct slots hold distinct registers: LLVM's register came back exactly when its slot
  // was answered. Otherwise the slot of LLVM's choice was computed wrongly; say so.
  bool AnsweredLLVMsSlot = Decision.AnsweredSlot == Decision.LLVMSlot;
  if (AnsweredLLVMsSlot == GotLLVMsRegister) {
    ++State->LLVMChoiceObserved;
    return true;
  }
  ++State->SlotMismatches;
  if (State->Trace && Config->ObserveLLVM) {
    MutableArrayRef<char> Last = State->Trace->lastObservation();
    int64_t Unknown = -1;
    if (Last.size() >= sizeof(Unknown))
      std::memcpy(Last.end() - sizeof(Unknown), &Unknown, sizeof(Unknown));
  }
  return true;
}

Error installInProcessEvaluation(const EvictionConfig &NewConfig) {
  static std::mutex Mutex;
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Config)
    return Error::success();
  // The libLLVM the host runs, found through a function we call from it.
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&cl::getRegisteredOptions), &Info) || !Info.dli_fname)
    return fail("libLLVM not found");
  void *Library = dlopen(Info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
  if (!Library)
    return fail(Twine("cannot reopen ") + Info.dli_fname);
  auto Symbol = [&](const char *Name) { return dlsym(Library, Name); };
  auto **VTable = static_cast<void **>(Symbol("_ZTVN4llvm22InteractiveModelRunnerE"));
  void *TypeInfo = Symbol("_ZTIN4llvm22InteractiveModelRunnerE");
  void *CompleteDtor = Symbol("_ZN4llvm22InteractiveModelRunnerD1Ev");
  void *DeletingDtor = Symbol("_ZN4llvm22InteractiveModelRunnerD0Ev");
  void *Evaluate = Symbol("_ZN4llvm22InteractiveModelRunner15evaluateUntypedEv");
  dlclose(Library);
  if (!VTable || !TypeInfo || !CompleteDtor || !DeletingDtor || !Evaluate)
    return fail("libLLVM does not export its vtable, typeinfo, destructors and evaluateUntyped");
  if (VTable[TypeInfoSlot] != TypeInfo || VTable[CompleteDtorSlot] != CompleteDtor ||
      VTable[DeletingDtorSlot] != DeletingDtor || VTable[EvaluateSlot] != Evaluate ||
      !VTable[SwitchContextSlot])
    return fail("its vtable is not laid out as in LLVM 22");

  Config = &NewConfig;
  OriginalEvaluate = reinterpret_cast<EvaluateFn>(VTable[EvaluateSlot]);
  OriginalSwitchContext = reinterpret_cast<SwitchFn>(VTable[SwitchContextSlot]);
  OriginalCompleteDtor = reinterpret_cast<DestroyFn>(VTable[CompleteDtorSlot]);
  OriginalDeletingDtor = reinterpret_cast<DestroyFn>(VTable[DeletingDtorSlot]);

  // The vtable sits in libLLVM's relocated read-only data: open its page(s) for the writes.
  long PageSize = sysconf(_SC_PAGESIZE);
  uintptr_t First = reinterpret_cast<uintptr_t>(&VTable[CompleteDtorSlot]);
  uintptr_t Last = reinterpret_cast<uintptr_t>(&VTable[EvaluateSlot + 1]);
  uintptr_t Begin = First & ~(uintptr_t(PageSize) - 1);
  size_t Length = ((Last - Begin) + PageSize - 1) & ~(uintptr_t(PageSize) - 1);
  int Protection = protectionOf(&VTable[CompleteDtorSlot]);
  if (Protection < 0 || protectionOf(&VTable[EvaluateSlot]) != Protection) {
    Config = nullptr;
    return fail("cannot read the vtable's memory protection");
  }
  if (mprotect(reinterpret_cast<void *>(Begin), Length, Protection | PROT_WRITE) != 0) {
    Config = nullptr;
    return fail(Twine("mprotect: ") + std::strerror(errno));
  }
  VTable[CompleteDtorSlot] = reinterpret_cast<void *>(&destroyComplete);
  VTable[DeletingDtorSlot] = reinterpret_cast<void *>(&destroyDeleting);
  VTable[SwitchContextSlot] = reinterpret_cast<void *>(&switchContext);
  VTable[EvaluateSlot] = reinterpret_cast<void *>(&evaluate);
  mprotect(reinterpret_cast<void *>(Begin), Length, Protection);
  return Error::success();
}

} // namespace mlgo
