# zlib: static and shared library and the example programs.
package=zlib
build() {
  ./configure >/dev/null
  capture make -j"$JOBS"
}
