//===- PluginDiagnostics.cpp - errors and warnings the plugin reports ----===//
#include "PluginDiagnostics.h"

#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

namespace mlgo {

void reportError(LLVMContext &Ctx, const Twine &Message) {
  DiagnosticInfoGeneric Diagnostic(Message, DS_Error);
  // The context owns a mutable handler and only hands it out as const; this is what
  // LLVMContext::diagnose does with it, minus the exit.
  auto *Handler = const_cast<DiagnosticHandler *>(Ctx.getDiagHandlerPtr());
  if (Handler && Handler->handleDiagnostics(Diagnostic)) {
    Handler->HasErrors = true;
    return;
  }
  // What LLVMContext::diagnose does with no handler, with the clean-up it leaves out.
  errs() << "error: " << Message << "\n";
  errs().flush();
  sys::RunInterruptHandlers();
  std::exit(1);
}

void reportWarning(LLVMContext &Ctx, const Twine &Message) {
  Ctx.diagnose(DiagnosticInfoGeneric(Message, DS_Warning));
}

} // namespace mlgo
