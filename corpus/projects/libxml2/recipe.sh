# libxml2: the library, xmllint/xmlcatalog and its test programs (built by `make all`).
package=libxml2
build() {
  ./configure --without-python --without-lzma --without-zlib --without-icu >/dev/null
  capture make -j"$JOBS"
}
