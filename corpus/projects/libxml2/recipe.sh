# libxml2: the library, xmllint/xmlcatalog, its test programs, the doc/examples and example/
# programs and the fuzz/ harnesses (all compiled only, never run).
package=libxml2
build() {
  ./configure --without-python --without-lzma --without-zlib --without-icu >/dev/null
  capture make -j"$JOBS"
  capture make -j"$JOBS" testSchemas testRelax testSAX testHTML testXPath testURI testThreads testC14N \
    testAutomata testRegexp testReader testapi testModule runtest runsuite testchar testdict runxmlconf \
    testrecurse testlimits
  # Optional programs: -k keeps going past one that does not build; never fatal. These folders
  # have no TESTS, so `check` only builds their check_PROGRAMS.
  capture make -k -j"$JOBS" -C doc/examples check || true
  capture make -k -j"$JOBS" -C example check || true
  capture make -k -j"$JOBS" -C fuzz testFuzzer genSeed html regexp schema uri xml xpath || true
}
