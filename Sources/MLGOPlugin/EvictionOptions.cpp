//===- EvictionOptions.cpp - options of the plugin's eviction advisor -----===//
#include "EvictionOptions.h"

using namespace llvm;

namespace mlgo {

cl::opt<EvictMode> EvictModeOption(
    "mlgo-evict-mode", cl::desc("Who makes register-allocation eviction decisions (MLGO plugin)"),
    cl::init(EvictMode::Heuristic),
    cl::values(clEnumValN(EvictMode::Heuristic, "heuristic",
                          "LLVM's default eviction advisor (default)"),
               clEnumValN(EvictMode::Release, "release",
                          "the embedded eviction policy, or -mlgo-evict-policy"),
               clEnumValN(EvictMode::Train, "train",
                          "a policy file, with sampling, exploration and trace output")));

cl::opt<std::string> EvictPolicyPath(
    "mlgo-evict-policy", cl::value_desc("file"),
    cl::desc("Eviction policy file to use instead of the embedded policy (release and train)"));

cl::opt<std::string> EvictTracePath(
    "mlgo-evict-trace", cl::value_desc("file"),
    cl::desc("Write every eviction decision to this file in LLVM's training-log format "
             "(release and train modes)"));

cl::opt<std::string> EvictDecisionsPath(
    "mlgo-evict-decisions", cl::value_desc("file"),
    cl::desc("Force the eviction decisions this file lists (FUNCTION, decision index, slot); "
             "the others are the policy's, or LLVM's without one (release and train modes)"));

cl::opt<std::string> EvictGatePath(
    "mlgo-evict-gate", cl::value_desc("file"),
    cl::desc("A per-function gate (a policy deciding eviction_gate from the function's shape): "
             "functions it scores at or below 0 get LLVM's default advisor, the others the "
             "eviction policy (release and train modes with a policy)"));

cl::opt<unsigned long long> EvictSeed(
    "mlgo-evict-seed", cl::init(0),
    cl::desc("Seed for eviction sampling and exploration (train mode); mixed with the "
             "machine function's name"));

cl::opt<bool> EvictSample(
    "mlgo-evict-sample", cl::init(false),
    cl::desc("Draw each eviction from the policy's masked softmax instead of taking the "
             "best-scored candidate (train mode)"));

cl::opt<double> EvictExploration(
    "mlgo-evict-exploration", cl::init(0.0),
    cl::desc("Probability of replacing an eviction decision by a uniform draw among the valid "
             "candidates (train mode)"));

cl::opt<EvictChannel> EvictChannelOption(
    "mlgo-evict-channel", cl::Hidden, cl::init(EvictChannel::InProcess),
    cl::desc("How LLVM's eviction advisor reaches the policy (measurements only)"),
    cl::values(clEnumValN(EvictChannel::InProcess, "inprocess",
                          "replace the interactive runner's evaluation (default)"),
               clEnumValN(EvictChannel::Fifo, "fifo",
                          "a server thread on two FIFOs (one codegen thread per process)")));

cl::opt<int> EvictForceIndex(
    "mlgo-evict-force-index", cl::Hidden, cl::init(-1),
    cl::desc("Testing: propose this slot at every decision, before the answer is checked"));

cl::opt<bool> EvictStats(
    "mlgo-evict-stats", cl::Hidden, cl::init(false),
    cl::desc("Print, per runner, the eviction decisions and the time the plugin spent on them "
             "(measurements)"));

} // namespace mlgo
