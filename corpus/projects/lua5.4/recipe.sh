# lua 5.4: interpreter, compiler and library.
package=lua5.4
build() {
  capture make -j"$JOBS" linux CC="$CC" MYCFLAGS="$CFLAGS"
}
