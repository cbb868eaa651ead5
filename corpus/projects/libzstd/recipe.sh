# zstd: static and shared library, the CLI, and the test programs (each recompiles the library
# with its own flags).
package=libzstd
build() {
  capture make -j"$JOBS" -C lib lib CC="$CC" CFLAGS="$CFLAGS"
  capture make -j"$JOBS" -C programs zstd CC="$CC" CFLAGS="$CFLAGS"
  capture make -j"$JOBS" -C tests fullbench fuzzer zstreamtest datagen paramgrill CC="$CC" CFLAGS="$CFLAGS"
}
