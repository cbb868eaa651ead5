//===- Plugin.cpp - entry point of libMLGOPlugin.so ----------------------===//
//
// Registers the MLGO inline advisor with every pass builder that loads the plugin
// (`opt-22 -load-pass-plugin=`, `clang-22 -fpass-plugin=`, lld's `--load-pass-plugin=`).
//
//===----------------------------------------------------------------------===//
#include "EnvironmentOptions.h"
#include "PipelineState.h"
#include "PolicyInlineAdvisor.h"

#include "llvm/Analysis/InlineAdvisor.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

using namespace llvm;

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "MLGOPlugin", LLVM_VERSION_STRING, [](PassBuilder &PB) {
            mlgo::applyEnvironmentOptions();
            mlgo::trackPipelineState(PB, [](ModuleAnalysisManager &MAM) {
              MAM.registerPass([] { return PluginInlineAdvisorAnalysis(mlgo::createInlineAdvisor); });
            });
          }};
}
