# zlib: static and shared library, the example programs, the inflate coverage test and minizip
# (contrib/minizip: minizip, miniunz). Only compiled, never run.
package=zlib
build() {
  ./configure >/dev/null
  capture make -j"$JOBS"
  # Optional programs: a failure here does not fail the project.
  capture make -j"$JOBS" infcover || echo "recipe: infcover did not build"
  # minizip's Makefile sets CC=cc and appends its include path to the environment's CFLAGS.
  capture make -k -j"$JOBS" -C contrib/minizip all CC="$CC" || echo "recipe: minizip did not build fully"
}
