//===- PluginOptions.cpp - command-line options of the MLGO plugin -------===//
#include "PluginOptions.h"

using namespace llvm;

namespace mlgo {

cl::opt<InlineMode> InlineModeOption(
    "mlgo-inline-mode", cl::desc("Who makes inlining decisions (MLGO plugin)"),
    cl::init(InlineMode::Release),
    cl::values(clEnumValN(InlineMode::Heuristic, "heuristic", "LLVM's own inliner heuristic"),
               clEnumValN(InlineMode::Release, "release",
                          "the policy compiled into the plugin (default)"),
               clEnumValN(InlineMode::Train, "train",
                          "a policy file or the heuristic, with trace output")));

cl::opt<InlineScope> InlineScopeOption(
    "mlgo-inline-scope", cl::desc("Which callsites the policy decides (MLGO plugin)"),
    cl::init(InlineScope::Size),
    cl::values(clEnumValN(InlineScope::Size, "size",
                          "callers optimised for size: -Os/-Oz pipelines, optsize/minsize "
                          "functions (default; LLVM's heuristic decides the rest)"),
               clEnumValN(InlineScope::All, "all", "every caller at every level")));

cl::opt<std::string> InlinePolicyPath(
    "mlgo-inline-policy", cl::value_desc("file"),
    cl::desc("Policy file to use instead of the embedded policy (release and train modes)"));

cl::opt<std::string> InlineTracePath(
    "mlgo-inline-trace", cl::value_desc("file"),
    cl::desc("Write every inlining decision to this file in LLVM's training-log format "
             "(release and train modes)"));

cl::opt<std::string> InlineDecisionsPath(
    "mlgo-inline-decisions", cl::value_desc("file"),
    cl::desc("Force the decisions of the callsites this file names (docs/inline-decisions.md); "
             "the policy or the heuristic decides the rest (release and train modes)"));

cl::opt<std::string> InlineRecordPath(
    "mlgo-inline-record", cl::value_desc("file"),
    cl::desc("Write every inlining decision with its callsite key, in the format "
             "-mlgo-inline-decisions reads (release and train modes)"));

cl::opt<unsigned long long> InlineSeed(
    "mlgo-inline-seed", cl::init(0),
    cl::desc("Seed for sampling and exploration (train mode); mixed with the module name"));

cl::opt<bool> InlineSample(
    "mlgo-inline-sample", cl::init(false),
    cl::desc("Sample each decision from the policy's probability instead of taking the "
             "likelier one (train mode)"));

cl::opt<double> InlineExploration(
    "mlgo-inline-exploration", cl::init(0.0),
    cl::desc("Probability of replacing a decision by a fair coin flip (train mode)"));

} // namespace mlgo
