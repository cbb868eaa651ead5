// libMLGOPlugin.so has no C API of its own: LLVM loads it through llvmGetPassPluginInfo.
// Its options (-mlgo-inline-mode, -mlgo-inline-policy, ...) are listed in docs/plugin.md.
#ifndef MLGO_PLUGIN_H
#define MLGO_PLUGIN_H
#endif
