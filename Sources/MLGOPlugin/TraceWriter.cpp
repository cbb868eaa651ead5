//===- TraceWriter.cpp - decisions in LLVM's training-log format ---------===//
#include "TraceWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

using namespace llvm;

namespace mlgo {

TraceWriter::TraceWriter(std::string Path, std::vector<TensorSpec> Specs)
    : Path(std::move(Path)), Specs(std::move(Specs)) {
  for (const TensorSpec &Spec : this->Specs)
    ObservationSize += Spec.getTotalTensorBufferSize();
}

Error TraceWriter::append(ArrayRef<PendingContext> Contexts) {
  std::lock_guard<std::mutex> Lock(Mutex);
  return write(Contexts);
}

Error TraceWriter::write(ArrayRef<PendingContext> Contexts) {
  if (FileCreated && Contexts.empty())
    return Error::success();
  auto Fail = [&](const Twine &What, std::error_code EC) {
    return createStringError(EC, "cannot write trace %s: %s: %s", Path.c_str(),
                             What.str().c_str(), EC.message().c_str());
  };
  std::string Target = Path;
  if (!FileCreated)
    Target = Path + ".tmp" + std::to_string(sys::Process::getProcessId());
  std::error_code EC;
  raw_fd_ostream OS(Target, EC, FileCreated ? sys::fs::OF_Append : sys::fs::OF_None);
  if (EC)
    return Fail("cannot open " + Target, EC);
  if (!FileCreated) {
    json::OStream JOS(OS);
    JOS.object([&] {
      JOS.attributeArray("features", [&] {
        for (const TensorSpec &Spec : Specs)
          Spec.toJSON(JOS);
      });
    });
    OS << "\n";
  }
  // Numbers are assigned here, under the lock, so they stay consecutive per context name
  // whichever advisor wrote first.
  std::map<std::string, uint64_t> Counts = ObservationCounts;
  for (const PendingContext &Context : Contexts) {
    {
      json::OStream JOS(OS);
      JOS.object([&] { JOS.attribute("context", Context.Name); });
    }
    OS << "\n";
    uint64_t &Next = Counts[Context.Name];
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
  OS.close();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
    if (!FileCreated)
      sys::fs::remove(Target);
    return Fail("write failed", EC);
  }
  if (!FileCreated) {
    if ((EC = sys::fs::rename(Target, Path))) {
      sys::fs::remove(Target);
      return Fail("cannot rename " + Target, EC);
    }
    FileCreated = true;
  }
  ObservationCounts = std::move(Counts);
  return Error::success();
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
    // Fail before the first decision rather than after the whole pipeline.
    SmallString<256> Folder(Path);
    sys::path::remove_filename(Folder);
    if (Folder.empty())
      Folder = ".";
    if (std::error_code EC = sys::fs::access(Folder, sys::fs::AccessMode::Write))
      return createStringError(EC, "cannot write trace %s: folder %s: %s", Path.c_str(),
                               Folder.c_str(), EC.message().c_str());
    Writer = std::make_unique<TraceWriter>(Path, Specs);
  } else if (Writer->specs() != Specs)
    return createStringError(inconvertibleErrorCode(),
                             "trace %s is already being written with other tensors",
                             Path.c_str());
  return *Writer;
}

} // namespace mlgo
