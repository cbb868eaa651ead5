# zstd: static and shared library, the CLI, the test programs (each recompiles the library with
# its own flags), the examples and the contrib tools. Only compiled, never run.
# CC/CXX/CFLAGS/CXXFLAGS come from the environment, not the command line: the makefiles append
# to them (-fPIC for the shared library, include paths, debug defines).
package=libzstd
build() {
  capture make -j"$JOBS" -C lib lib
  capture make -j"$JOBS" -C programs zstd
  # Optional programs: -k keeps going past a target that does not build; never fatal.
  capture make -k -j"$JOBS" -C tests fullbench fuzzer zstreamtest datagen paramgrill decodecorpus \
    roundTripCrash poolTests longmatch bigdict invalidDictionaries legacy checkTag || true
  capture make -k -j"$JOBS" -C examples all || true
  local dir
  for dir in pzstd seekable_format/examples largeNbDicts seqBench externalSequenceProducer recovery \
    diagnose_corruption; do
    capture make -k -j"$JOBS" -C "contrib/$dir" || echo "recipe: contrib/$dir did not build fully"
  done
}
