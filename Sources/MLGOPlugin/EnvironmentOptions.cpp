//===- EnvironmentOptions.cpp - plugin options from MLGO_OPTIONS ---------===//
#include "EnvironmentOptions.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <cstdlib>
#include <mutex>

using namespace llvm;

namespace mlgo {
namespace {

std::string &error() {
  static std::string Error;
  return Error;
}

std::string applyOptions(StringRef Text) {
  SmallVector<StringRef, 8> Words;
  Text.split(Words, ' ', -1, /*KeepEmpty=*/false);
  auto &Registered = cl::getRegisteredOptions();
  for (StringRef Word : Words) {
    StringRef Option = Word.ltrim('-');
    auto [Name, Value] = Option.split('=');
    if (Word == Option || !Name.starts_with("mlgo-"))
      return ("MLGO_OPTIONS: '" + Word + "' is not an -mlgo-… option").str();
    auto Found = Registered.find(Name);
    if (Found == Registered.end())
      return ("MLGO_OPTIONS: unknown option -" + Name).str();
    cl::Option &Handle = *Found->second;
    if (Handle.getNumOccurrences() > 0)
      continue; // The command line wins.
    // addOccurrence parses the value with the option's own parser (and prints why not).
    if (Handle.addOccurrence(0, Name, Value))
      return ("MLGO_OPTIONS: bad value for -" + Name + ": '" + Value + "'").str();
  }
  return "";
}

} // namespace

void applyEnvironmentOptions() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    if (const char *Text = std::getenv("MLGO_OPTIONS"))
      error() = applyOptions(Text);
  });
}

const std::string &environmentOptionsError() { return error(); }

} // namespace mlgo
