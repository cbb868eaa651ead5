//===- PluginDiagnostics.h - errors and warnings the plugin reports ------===//
#ifndef MLGO_PLUGIN_DIAGNOSTICS_H
#define MLGO_PLUGIN_DIAGNOSTICS_H

#include "llvm/ADT/Twine.h"

namespace llvm {
class LLVMContext;
}

namespace mlgo {

/// Reports an error that fails the compile. Hosts with a diagnostic handler (clang, lld)
/// record it and fail at the end without writing output. Without one (opt), LLVM would print
/// it and exit at once, leaving the output file opt had opened empty; here the outputs the
/// host registered for removal are removed first, so nothing partial is left behind.
void reportError(llvm::LLVMContext &Ctx, const llvm::Twine &Message);

/// A warning through the host's diagnostics (it never stops the compile by itself).
void reportWarning(llvm::LLVMContext &Ctx, const llvm::Twine &Message);

} // namespace mlgo

#endif // MLGO_PLUGIN_DIAGNOSTICS_H
