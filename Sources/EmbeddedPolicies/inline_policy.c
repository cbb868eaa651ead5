// Placeholder until `mlgo-train export` writes the first trained inlining policy here.
#include "embedded_policies.h"

const MLGOEmbeddedPolicy *mlgo_embedded_inline_policy(void) { return NULL; }
