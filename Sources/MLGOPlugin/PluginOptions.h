//===- PluginOptions.h - command-line options of the MLGO plugin ---------===//
//
// Options in LLVM's style; through clang pass them as `-mllvm -mlgo-...`.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_PLUGIN_OPTIONS_H
#define MLGO_PLUGIN_OPTIONS_H

#include "llvm/Support/CommandLine.h"
#include <string>

namespace mlgo {

/// Who decides each inlining callsite.
enum class InlineMode {
  /// LLVM's own advisor, untouched: output is identical to running without the plugin.
  Heuristic,
  /// The embedded policy (or -mlgo-inline-policy), greedy decisions; optional trace.
  Release,
  /// A policy file or, without one, LLVM's heuristic; optional sampling and exploration,
  /// every decision written to the trace.
  Train,
};

/// Which callsites the policy decides (release and train modes); LLVM's heuristic decides
/// the others. docs/plugin.md states the rule.
enum class InlineScope {
  /// Callers optimised for size: an -Os/-Oz pipeline, or a caller marked optsize/minsize
  /// (clang -Os/-Oz marks every function; an LTO link sees the marks of each compile).
  Size,
  /// Every caller at every optimisation level.
  All,
};

extern llvm::cl::opt<InlineMode> InlineModeOption;
extern llvm::cl::opt<InlineScope> InlineScopeOption;
extern llvm::cl::opt<std::string> InlinePolicyPath;
extern llvm::cl::opt<std::string> InlineTracePath;
extern llvm::cl::opt<std::string> InlineDecisionsPath;
extern llvm::cl::opt<std::string> InlineRecordPath;
extern llvm::cl::opt<unsigned long long> InlineSeed;
extern llvm::cl::opt<bool> InlineSample;
extern llvm::cl::opt<double> InlineExploration;

} // namespace mlgo

#endif // MLGO_PLUGIN_OPTIONS_H
