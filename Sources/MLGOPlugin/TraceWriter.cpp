//===- TraceWriter.cpp - decisions in LLVM's training-log format ---------===//
#include "TraceWriter.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <mutex>

using namespace llvm;

namespace mlgo {

TraceWriter::TraceWriter(std::string Path, std::vector<TensorSpec> Specs)
    : File(std::move(Path), "trace"), Specs(std::move(Specs)) {
  for (const TensorSpec &Spec : this->Specs)
    ObservationSize += Spec.getTotalTensorBufferSize();
}

Error TraceWriter::append(ArrayRef<PendingContext> Contexts) {
  std::string Header;
  raw_string_ostream HeaderStream(Header);
  {
    json::OStream JOS(HeaderStream);
    JOS.object([&] {
      JOS.attributeArray("features", [&] {
        for (const TensorSpec &Spec : Specs)
          Spec.toJSON(JOS);
      });
    });
  }
  HeaderStream << "\n";
  // Numbers are assigned under the file's lock, so they stay consecutive per context name
  // whichever advisor writes first.
  return File.append(Header, [&](raw_ostream &OS) {
    for (const PendingContext &Context : Contexts) {
      {
        json::OStream JOS(OS);
        JOS.object([&] { JOS.attribute("context", Context.Name); });
      }
      OS << "\n";
      uint64_t &Next = ObservationCounts[Context.Name];
      for (size_t I = 0; I < Context.ObservationCount; ++I) {
        {
          json::OStream JOS(OS);
          JOS.object([&] { JOS.attribute("observation", static_cast<int64_t>(Next++)); });
        }
        OS << "\n";
        OS.write(Context.Observations.data() + I * ObservationSize, ObservationSize);
        OS << "\n";
      }
    }
  });
}

void TraceBuffer::switchContext(StringRef Name) {
  if (!Contexts.empty() && Contexts.back().Name == Name)
    return;
  Contexts.push_back(PendingContext{Name.str(), {}, 0});
}

void TraceBuffer::logObservation(ArrayRef<const void *> Tensors) {
  const std::vector<TensorSpec> &Specs = specs();
  assert(Tensors.size() == Specs.size());
  if (Contexts.empty())
    switchContext("");
  PendingContext &Context = Contexts.back();
  for (size_t I = 0; I < Specs.size(); ++I)
    Context.Observations.append(static_cast<const char *>(Tensors[I]),
                                static_cast<const char *>(Tensors[I]) +
                                    Specs[I].getTotalTensorBufferSize());
  ++Context.ObservationCount;
}

MutableArrayRef<char> TraceBuffer::lastObservation() {
  if (Contexts.empty() || Contexts.back().ObservationCount == 0)
    return {};
  size_t Size = Writer.observationSize();
  SmallString<0> &Bytes = Contexts.back().Observations;
  return MutableArrayRef<char>(Bytes.data() + Bytes.size() - Size, Size);
}

Error TraceBuffer::flush() {
  Error E = Writer.append(Contexts);
  // Keep the current context open so that later observations continue it.
  if (!Contexts.empty()) {
    std::string Current = Contexts.back().Name;
    Contexts.clear();
    switchContext(Current);
  }
  return E;
}

Expected<TraceWriter &> getTraceWriter(const std::string &Path,
                                       const std::vector<TensorSpec> &Specs) {
  static std::mutex Mutex;
  static std::map<std::string, std::unique_ptr<TraceWriter>> Writers;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto &Writer = Writers[Path];
  if (!Writer) {
    if (Error E = checkWritableFolder(Path, "trace"))
      return std::move(E);
    Writer = std::make_unique<TraceWriter>(Path, Specs);
  } else if (Writer->specs() != Specs)
    return createStringError(inconvertibleErrorCode(),
                             "trace %s is already being written with other tensors",
                             Path.c_str());
  return *Writer;
}

} // namespace mlgo
