# pugixml (C++, 1.13): the shared and the static library (src/pugixml.cpp, one big module), the
# test suite (pugixml-check: tests/*.cpp, its own test framework) against the shared library, the
# test suite again in the wchar_t configuration of upstream's test matrix (PUGIXML_WCHAR_MODE,
# which changes the whole API: library and tests recompiled, static), and the 26 programs of
# docs/samples against the static library. Compiled only, never run.
# Left out: the fuzz harnesses (tests/fuzz_*.cpp need libFuzzer and -fsanitize=fuzzer), the other
# configurations of upstream's matrix (compact mode, no-STL, no-exceptions, no-XPath).
package=pugixml
build_tools=(cmake)
build() {
  local common=(-DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS"
    -DBUILD_TESTING=ON -DPUGIXML_BUILD_TESTS=ON)
  cmake -S . -B build "${common[@]}" -DBUILD_SHARED_LIBS=ON -DPUGIXML_BUILD_SHARED_AND_STATIC_LIBS=ON >/dev/null
  capture cmake --build build -j"$JOBS" --target pugixml-shared pugixml-static
  # Optional: the tests, the wchar_t configuration and the samples; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
  cmake -S . -B build-wchar "${common[@]}" -DPUGIXML_BUILD_DEFINES=PUGIXML_WCHAR_MODE >/dev/null || true
  capture cmake --build build-wchar -j"$JOBS" -- -k || true
  mkdir -p build/samples
  local sample name
  for sample in docs/samples/*.cpp; do
    name=$(basename "$sample" .cpp)
    { capture "$CXX" $CXXFLAGS -Isrc -c "$sample" -o "build/samples/$name.o" &&
      "$CXX" "build/samples/$name.o" build/libpugixml.a -o "build/samples/$name"; } ||
      echo "recipe: sample $name did not build"
  done
}
