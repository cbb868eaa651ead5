//===- EnvironmentOptions.h - plugin options from MLGO_OPTIONS -----------===//
//
// lld parses `-mllvm` options when it starts and loads pass plugins only when its LTO back
// ends run, so `-Wl,-mllvm,-mlgo-…` is an unknown option there. MLGO_OPTIONS carries the
// plugin's own options instead, in the same `-name=value` form, for any host. An option also
// given on the host's command line keeps the command line's value.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_ENVIRONMENT_OPTIONS_H
#define MLGO_ENVIRONMENT_OPTIONS_H

#include <string>

namespace mlgo {

/// Applies MLGO_OPTIONS once per process; later calls do nothing. Call it when a pass builder
/// is set up: every host has parsed its own command line by then.
void applyEnvironmentOptions();

/// What was wrong with MLGO_OPTIONS (empty if nothing): reported as a compile error by the
/// first advisor, since no compile exists yet when the plugin loads.
const std::string &environmentOptionsError();

} // namespace mlgo

#endif // MLGO_ENVIRONMENT_OPTIONS_H
