# xz-utils: liblzma, the xz/xzdec/lzmainfo programs and the test programs.
package=xz-utils
build() {
  ./configure --disable-doc --disable-nls >/dev/null
  capture make -j"$JOBS"
  capture make -j"$JOBS" check TESTS=
}
