//===- TraceWriter.cpp - decisions in LLVM's training-log format ---------===//
#include "TraceWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <mutex>

using namespace llvm;

namespace mlgo {

TraceWriter::TraceWriter(std::string Path, std::vector<TensorSpec> Specs)
    : Path(std::move(Path)), Specs(std::move(Specs)) {}

void TraceWriter::switchContext(StringRef Name) {
  if (ContextWritten && CurrentContext == Name)
    return;
  CurrentContext = Name.str();
  ContextWritten = true;
  raw_svector_ostream OS(Pending);
  json::OStream JOS(OS);
  JOS.object([&] { JOS.attribute("context", Name); });
  OS << "\n";
}

void TraceWriter::logObservation(ArrayRef<const void *> Tensors) {
  assert(Tensors.size() == Specs.size());
  raw_svector_ostream OS(Pending);
  {
    json::OStream JOS(OS);
    JOS.object([&] {
      JOS.attribute("observation", static_cast<int64_t>(ObservationCounts[CurrentContext]++));
    });
  }
  OS << "\n";
  for (size_t I = 0; I < Specs.size(); ++I)
    OS.write(static_cast<const char *>(Tensors[I]), Specs[I].getTotalTensorBufferSize());
  OS << "\n";
}

Error TraceWriter::flush() {
  if (FileCreated && Pending.empty())
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
  OS << Pending;
  OS.close();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
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
  Pending.clear();
  return Error::success();
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
  }
  else if (Writer->specs() != Specs)
    return createStringError(inconvertibleErrorCode(),
                             "trace %s is already being written with other tensors",
                             Path.c_str());
  return *Writer;
}

} // namespace mlgo
