# sqlite3: the canonical (non-amalgamated) tree, one module per source file, plus its tools and
# test programs (compiled only, never run). testfixture needs Tcl (Debian tcl-dev); with the
# non-amalgamated tree it recompiles the core sources with its test flags plus src/test_*.c.
package=sqlite3
build_packages=(tcl-dev)
build() {
  ./configure --disable-amalgamation --disable-readline --with-tcl=/usr/lib/tcl8.6 >/dev/null
  capture make -j"$JOBS" libsqlite3.la sqlite3 sqldiff dbhash showdb showjournal showwal showstat4 showshm
  # Optional programs: one that does not build is skipped (changeset and rbu do not: they need
  # SQLITE_ENABLE_SESSION / the RBU extension in the library). Those linking sqlite3.c (another copy
  # of the amalgamation each) are left out: they add little and cost much extraction time.
  local target
  for target in testfixture mptester threadtest3 changesetfuzz index_usage rollback-test \
    LogEst wordcount loadfts srcck1 dbtotxt dbdump scrub atrc; do
    capture make -j"$JOBS" "$target" || echo "recipe: $target did not build; skipped"
  done
}
