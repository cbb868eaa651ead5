//===- EvictionSetup.cpp - turns LLVM's ML eviction advisor on, late -----===//
//
// Which advisor evicts is fixed when a codegen pipeline creates LLVM's eviction-advisor
// analysis pass, after every host has parsed its command line (and, for `-load` in llc, long
// after the plugin's static initialisers ran). So the plugin wraps that pass's constructor in
// the pass registry: the wrapper reads the final -mlgo-evict-* options once per process and,
// in release or train mode, points LLVM's own `-regalloc-enable-advisor` and
// `-regalloc-evict-interactive-channel-base` at the plugin before the real constructor reads
// them. In heuristic mode (the default) it changes nothing. Options the user gave wins.
//
//===----------------------------------------------------------------------===//
#include "EnvironmentOptions.h"
#include "EvictionAdvisorAnalysis.h"
#include "EvictionChannelFiles.h"
#include "EvictionFifoServer.h"
#include "EvictionFunctionShape.h"
#include "EvictionOptions.h"
#include "EvictionRunnerHook.h"

#include "embedded_policies.h"

#include "llvm/CodeGen/RegAllocEvictionAdvisor.h"
#include "llvm/InitializePasses.h"
#include "llvm/PassInfo.h"
#include "llvm/PassRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <mutex>
#include <thread>

using namespace llvm;

namespace mlgo {
namespace {

PassInfo::NormalCtor_t OriginalConstructor = nullptr;

/// No compile (and no LLVMContext) exists yet when a pipeline is being built: report like
/// LLVM's context does without a handler, after removing the outputs the host registered.
[[noreturn]] void failSetup(const Twine &Message) {
  errs() << "error: MLGO plugin: " << Message << "\n";
  errs().flush();
  sys::RunInterruptHandlers();
  std::exit(1);
}

bool userGave(StringRef Name) {
  auto &Options = cl::getRegisteredOptions();
  auto Found = Options.find(Name);
  return Found != Options.end() && Found->second->getNumOccurrences() > 0;
}

void setLLVMOption(StringRef Name, StringRef Value) {
  auto &Options = cl::getRegisteredOptions();
  auto Found = Options.find(Name);
  if (Found == Options.end() || Found->second->addOccurrence(0, Name, Value))
    failSetup("cannot set LLVM's -" + Name + "=" + Value);
}

/// The policy that decides; null in train mode without a policy file (LLVM decides).
const PolicyNetwork *choosePolicy(EvictMode Mode) {
  if (!EvictPolicyPath.empty()) {
    auto Loaded = loadPolicyFile(EvictPolicyPath);
    if (!Loaded)
      failSetup(toString(Loaded.takeError()));
    if (Error E = checkIsEvictionPolicy(*Loaded, "policy file " + EvictPolicyPath))
      failSetup(toString(std::move(E)));
    return &*Loaded;
  }
  if (Mode == EvictMode::Train)
    return nullptr;
  const PolicyNetwork *Embedded = wrapEmbeddedPolicy(mlgo_embedded_eviction_policy());
  if (!Embedded)
    failSetup("this plugin was built without an embedded eviction policy; pass "
              "-mlgo-evict-policy=FILE, or use -mlgo-evict-mode=heuristic");
  if (Error E = checkIsEvictionPolicy(*Embedded, "the embedded eviction policy"))
    failSetup(toString(std::move(E)));
  return Embedded;
}

/// The gate of -mlgo-evict-gate, checked; lives until exit.
const EvictionGate *chooseGate() {
  auto Loaded = loadPolicyFile(EvictGatePath);
  if (!Loaded)
    failSetup(toString(Loaded.takeError()));
  auto Gate = EvictionGate::create(*Loaded, "gate file " + EvictGatePath);
  if (!Gate)
    failSetup(toString(Gate.takeError()));
  static const EvictionGate Kept = *Gate;
  return &Kept;
}

/// Set by configure(): whether the plugin's analysis replaces LLVM's, and how.
bool UsePluginAnalysis = false;
EvictionAnalysisOptions AnalysisOptions;

/// Reads the final options; in release and train mode hands LLVM's advisor to the plugin.
void configure() {
  applyEnvironmentOptions(); // MLGO_OPTIONS, for hosts that never built a pass builder (llc)
  if (!environmentOptionsError().empty())
    failSetup(environmentOptionsError());
  EvictMode Mode = EvictModeOption;
  if (Mode == EvictMode::Heuristic) {
    if (!EvictPolicyPath.empty() || !EvictTracePath.empty() || !EvictDecisionsPath.empty() ||
        !EvictGatePath.empty())
      failSetup("-mlgo-evict-mode=heuristic uses no eviction policy or gate, forces no eviction "
                "decision and writes no eviction trace; use -mlgo-evict-mode=release or train");
    return;
  }
  // The user's own eviction advisor or channel wins: leave LLVM alone.
  if (userGave("regalloc-enable-advisor") || userGave("regalloc-evict-interactive-channel-base")) {
    errs() << "warning: MLGO plugin: -regalloc-enable-advisor or "
              "-regalloc-evict-interactive-channel-base was given; LLVM's own setting decides "
              "evictions, not -mlgo-evict-mode\n";
    return;
  }
  if (EvictExploration < 0.0 || EvictExploration > 1.0)
    failSetup("-mlgo-evict-exploration must be between 0 and 1");

  static EvictionConfig Config;
  Config.Policy = choosePolicy(Mode);
  // A policy that reads LLVM's choice needs it asked at every decision, in release mode too.
  Config.ObserveLLVM = Mode == EvictMode::Train || (Config.Policy && readsLLVMChoice(*Config.Policy));
  Config.TracePath = EvictTracePath;
  Config.Stats = EvictStats;
  Config.Settings.ForceIndex = EvictForceIndex;
  if (!EvictDecisionsPath.empty()) {
    auto Decisions = readEvictionDecisions(EvictDecisionsPath);
    if (!Decisions)
      failSetup(toString(Decisions.takeError()));
    Config.Forced = Decisions->release(); // lives until exit, as Config
  }
  if (Mode == EvictMode::Train) {
    Config.Settings.Sample = EvictSample;
    Config.Settings.Exploration = EvictExploration;
    Config.Settings.Seed = EvictSeed;
  }
  const EvictionGate *Gate = nullptr;
  if (!EvictGatePath.empty()) {
    if (!Config.Policy)
      failSetup("-mlgo-evict-gate chooses between LLVM's advisor and a policy: it needs one "
                "(-mlgo-evict-policy=FILE, or release mode's embedded policy)");
    Gate = chooseGate();
  }
  bool Fifo = EvictChannelOption == EvictChannel::Fifo;
  if (Fifo && Gate)
    failSetup("-mlgo-evict-channel=fifo applies no gate (-mlgo-evict-gate)");
  if (Fifo && !Config.TracePath.empty())
    failSetup("-mlgo-evict-channel=fifo writes no trace");
  if (Fifo && Config.Forced)
    failSetup("-mlgo-evict-channel=fifo forces no decision (-mlgo-evict-decisions)");
  if (Fifo && !Config.Policy)
    failSetup("-mlgo-evict-channel=fifo needs a policy: -mlgo-evict-policy=FILE");
  if (Fifo && readsLLVMChoice(*Config.Policy))
    failSetup("-mlgo-evict-channel=fifo cannot show the policy LLVM's own choice (it reads "
              "llvm_choice): use the default in-process channel");

  sweepDeadChannelFiles();
  auto Base = createChannelFiles(Fifo);
  if (!Base)
    failSetup(toString(Base.takeError()));
  Error Started = Fifo ? startFifoServer(*Base, Config) : installInProcessEvaluation(Config);
  if (Started)
    failSetup(toString(std::move(Started)));
  setLLVMOption("regalloc-enable-advisor", "release");
  setLLVMOption("regalloc-evict-interactive-channel-base", *Base);
  // The FIFO channel is measured against LLVM's own release analysis, unchanged.
  UsePluginAnalysis = !Fifo;
  AnalysisOptions.ObserveLLVM = Config.ObserveLLVM;
  // Forced decisions need the ML advisor's register at every decision (LLVM's elsewhere).
  AnalysisOptions.LLVMDecides =
      Config.ObserveLLVM && !Config.Policy && Config.Settings.ForceIndex < 0 && !Config.Forced;
  if (Config.Forced && !Config.Forced->DecidedByLLVM.empty())
    AnalysisOptions.DecidedByLLVM = &Config.Forced->DecidedByLLVM;
  AnalysisOptions.Gate = Gate;
}

Pass *constructEvictionAdvisorAnalysis() {
  static std::once_flag Once;
  static std::thread::id FirstThread;
  std::call_once(Once, [] {
    FirstThread = std::this_thread::get_id();
    configure();
  });
  // The FIFO channel is one session at a time: a second codegen thread would share it.
  if (EvictChannelOption == EvictChannel::Fifo && EvictModeOption != EvictMode::Heuristic &&
      std::this_thread::get_id() != FirstThread)
    failSetup("-mlgo-evict-channel=fifo serves one codegen thread per process; this host runs "
              "codegen on several (LTO back ends): use the default in-process channel");
  if (UsePluginAnalysis)
    return createEvictionAdvisorAnalysis(AnalysisOptions);
  return OriginalConstructor();
}

/// Runs when the plugin is loaded (`-load`, `-load-pass-plugin`, `-fpass-plugin`).
struct InstallConstructorWrapper {
  InstallConstructorWrapper() {
    PassRegistry &Registry = *PassRegistry::getPassRegistry();
    initializeRegAllocEvictionAdvisorAnalysisLegacyPass(Registry);
    const PassInfo *Info = Registry.getPassInfo(&RegAllocEvictionAdvisorAnalysisLegacy::ID);
    if (!Info || Info->getNormalCtor() == constructEvictionAdvisorAnalysis)
      return;
    OriginalConstructor = Info->getNormalCtor();
    // The registry hands out its PassInfo as const; it is a heap object it owns.
    const_cast<PassInfo *>(Info)->setNormalCtor(constructEvictionAdvisorAnalysis);
  }
} Installer;

} // namespace
} // namespace mlgo
