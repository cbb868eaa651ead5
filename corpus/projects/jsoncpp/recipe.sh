# jsoncpp (C++, 1.9.5; Debian source package libjsoncpp): the shared and the static library
# (src/lib_json: reader, value, writer), the unit tests (jsoncpp_test: jsontest, fuzz, main), the
# test runner jsontestrunner_exe and the four example programs. Compiled only, never run:
# JSONCPP_WITH_POST_BUILD_UNITTEST (on by default) would run the unit tests after linking them.
# Left out: the object library (the shared library's sources again with the same flags) and the
# Python test scripts (they run jsontestrunner_exe).
package=libjsoncpp
build_tools=(cmake)
build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DBUILD_SHARED_LIBS=ON -DBUILD_STATIC_LIBS=ON -DBUILD_OBJECT_LIBS=OFF -DJSONCPP_WITH_TESTS=ON \
    -DJSONCPP_WITH_POST_BUILD_UNITTEST=OFF -DJSONCPP_WITH_EXAMPLE=ON -DJSONCPP_WITH_PKGCONFIG_SUPPORT=OFF \
    -DJSONCPP_WITH_CMAKE_PACKAGE=OFF >/dev/null
  capture cmake --build build -j"$JOBS" --target jsoncpp_lib jsoncpp_static
  # Optional: the tests, the test runner and the examples; never fatal.
  capture cmake --build build -j"$JOBS" -- -k || true
}
