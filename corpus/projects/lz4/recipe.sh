# lz4: static and shared library, the CLI and the test programs.
package=lz4
build() {
  capture make -j"$JOBS" -C lib lib CC="$CC" CFLAGS="$CFLAGS"
  capture make -j"$JOBS" -C programs lz4 CC="$CC" CFLAGS="$CFLAGS"
  capture make -j"$JOBS" -C tests fullbench fuzzer frametest datagen checkFrame CC="$CC" CFLAGS="$CFLAGS"
}
