// The eviction policy slot. No trained eviction policy has beaten LLVM's default advisor yet,
// so none is compiled in and the plugin's eviction default stays `heuristic`
// (docs/eviction.md). `mlgo-train export` of an index_to_evict policy replaces this file.
#include "embedded_policies.h"

const MLGOEmbeddedPolicy *mlgo_embedded_eviction_policy(void) { return NULL; }
