# lz4: static and shared library, the CLI, the test programs and the examples (compiled only).
# CC/CFLAGS come from the environment so the makefiles' own additions (-fPIC, defines) apply.
package=lz4
build() {
  capture make -j"$JOBS" -C lib lib
  capture make -j"$JOBS" -C programs lz4 lz4c
  # Optional programs: -k keeps going past a target that does not build; never fatal.
  capture make -k -j"$JOBS" -C tests fullbench fuzzer frametest datagen checkFrame roundTripTest \
    decompress-partial decompress-partial-usingDict fullbench-lib checkTag || true
  capture make -k -j"$JOBS" -C examples all || true
}
