# xz-utils: liblzma, the xz/xzdec/lzmainfo programs, the test programs, the debug/ programs and
# the doc/examples (compiled only: `check TESTS=` builds the tests without running any).
package=xz-utils
build() {
  ./configure --disable-doc --disable-nls >/dev/null
  capture make -j"$JOBS"
  capture make -j"$JOBS" check TESTS=
  # Optional programs; never fatal.
  capture make -k -j"$JOBS" -C debug || true
  capture make -k -j"$JOBS" -C doc/examples CC="$CC" CFLAGS="$CFLAGS -I../../src/liblzma/api" \
    LDFLAGS="../../src/liblzma/.libs/liblzma.a -lpthread" || true
}
