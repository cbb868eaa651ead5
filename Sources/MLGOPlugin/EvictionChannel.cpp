//===- EvictionChannel.cpp - LLVM's interactive eviction protocol --------===//
#include "EvictionChannel.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

namespace mlgo {

bool ChannelReader::line(std::string &Line) {
  Line.clear();
  for (;;) {
    char *Newline = static_cast<char *>(std::memchr(Buffer + Start, '\n', End - Start));
    if (Newline) {
      Line.append(Buffer + Start, Newline);
      Start = Newline - Buffer + 1;
      return true;
    }
    Line.append(Buffer + Start, Buffer + End);
    Start = End = 0;
    if (!fill())
      return false;
  }
}

bool ChannelReader::bytes(char *Out, size_t Count) {
  while (Count > 0) {
    if (Start == End && !fill())
      return false;
    size_t Taken = std::min(Count, End - Start);
    std::memcpy(Out, Buffer + Start, Taken);
    Start += Taken;
    Out += Taken;
    Count -= Taken;
  }
  return true;
}

bool ChannelReader::fill() {
  Start = 0;
  End = read(Buffer, sizeof(Buffer));
  return End > 0;
}

namespace {

/// Keeps the first error LLVM's JSON-to-TensorSpec reader reports. Without a handler, an
/// LLVMContext prints errors and calls exit() — from the server's thread, while the compiler
/// runs on.
class FirstError final : public DiagnosticHandler {
public:
  explicit FirstError(std::string &Message) : Message(Message) {}
  bool handleDiagnostics(const DiagnosticInfo &Info) override {
    if (Info.getSeverity() == DS_Error && Message.empty()) {
      raw_string_ostream OS(Message);
      DiagnosticPrinterRawOStream Printer(OS);
      Info.print(Printer);
    }
    return true;
  }

private:
  std::string &Message;
};

/// The element count of `Spec`'s shape, or false if a dimension is negative or the product
/// overflows. LLVM's TensorSpec multiplies in `int`, so its own count can be wrong for such
/// shapes; the caller compares the two.
bool elementCount(const TensorSpec &Spec, uint64_t &Count) {
  Count = 1;
  for (int64_t Dimension : Spec.shape()) {
    if (Dimension < 0)
      return false;
    if (Dimension != 0 && Count > UINT64_MAX / static_cast<uint64_t>(Dimension))
      return false;
    Count *= static_cast<uint64_t>(Dimension);
  }
  return true;
}

} // namespace

Expected<std::unique_ptr<EvictionChannelSession>>
EvictionChannelSession::start(ChannelReader &In, const EvictionConfig &Config) {
  std::string Header;
  if (!In.line(Header))
    return nullptr;
  LLVMContext Ctx; // for the diagnostics of LLVM's JSON-to-TensorSpec reader
  std::string SpecError;
  Ctx.setDiagnosticHandler(std::make_unique<FirstError>(SpecError));
  std::vector<TensorSpec> Specs;
  // A header that is not JSON leaves no specs; the decider then says what is missing.
  Expected<json::Value> Parsed = json::parse(Header);
  if (!Parsed)
    consumeError(Parsed.takeError());
  else if (const json::Object *Object = Parsed->getAsObject())
    if (const json::Array *Features = Object->getArray("features"))
      for (const json::Value &Feature : *Features)
        if (auto Spec = getTensorSpecFromJSON(Ctx, Feature))
          Specs.push_back(*Spec);
  if (!SpecError.empty())
    return createStringError(inconvertibleErrorCode(), "header: %s", SpecError.c_str());

  uint64_t PayloadBytes = 0;
  for (const TensorSpec &Spec : Specs) {
    uint64_t Count;
    if (!elementCount(Spec, Count) || Count != Spec.getElementCount() ||
        Count > MaximumObservationBytes / Spec.getElementByteSize() ||
        (PayloadBytes += Count * Spec.getElementByteSize()) > MaximumObservationBytes)
      return createStringError(inconvertibleErrorCode(),
                               "header: tensor '%s' makes an observation larger than %zu bytes "
                               "or has a shape LLVM cannot size",
                               Spec.name().c_str(), MaximumObservationBytes);
  }

  auto Decider = EvictionDecider::create(Specs, Config.Policy, Config.Settings);
  if (!Decider)
    return Decider.takeError();
  return std::unique_ptr<EvictionChannelSession>(
      new EvictionChannelSession(In, std::move(Specs), std::move(*Decider)));
}

EvictionChannelSession::EvictionChannelSession(ChannelReader &In, std::vector<TensorSpec> Specs,
                                               std::unique_ptr<EvictionDecider> Decider)
    : In(In), Specs(std::move(Specs)), Decider(std::move(Decider)) {
  size_t PayloadBytes = 0;
  for (const TensorSpec &Spec : this->Specs) {
    // At least one word: an empty vector's data() is null, and even a copy of 0 bytes into
    // null is undefined (a [0,33] tensor did that before).
    Storage.emplace_back(std::max<size_t>(1, (Spec.getTotalTensorBufferSize() + 7) / 8));
    Tensors.push_back(Storage.back().data());
    PayloadBytes += Spec.getTotalTensorBufferSize();
  }
  Payload.resize(PayloadBytes + 1); // the tensors, then the observation's newline
}

bool EvictionChannelSession::next(EvictionChoice &Choice) {
  while (In.line(Line)) {
    if (StringRef(Line).starts_with("{\"observation\":")) {
      if (!In.bytes(Payload.data(), Payload.size()))
        return false;
      size_t Offset = 0;
      for (size_t I = 0; I < Specs.size(); ++I) {
        size_t Size = Specs[I].getTotalTensorBufferSize();
        std::memcpy(Storage[I].data(), Payload.data() + Offset, Size);
        Offset += Size;
      }
      Choice = Decider->decide(Tensors);
      return true;
    }
    if (StringRef(Line).starts_with("{\"context\":")) {
      Expected<json::Value> Context = json::parse(Line);
      if (!Context) {
        consumeError(Context.takeError());
        continue;
      }
      if (const json::Object *Object = Context->getAsObject())
        if (auto Name = Object->getString("context"))
          Decider->startFunction(*Name);
    }
  }
  return false;
}

} // namespace mlgo
