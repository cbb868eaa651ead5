# sqlite3: the canonical (non-amalgamated) tree, one module per source file, plus its tools.
package=sqlite3
build() {
  ./configure --disable-tcl --disable-amalgamation --disable-readline >/dev/null
  capture make -j"$JOBS" libsqlite3.la sqlite3 sqldiff dbhash showdb showjournal showwal showstat4 showshm changeset
}
