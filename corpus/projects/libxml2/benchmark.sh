# libxml2: xmllint parsing and validating a generated document against its DTD, evaluating an
# XPath expression over it, and parsing and re-serialising (--format) the API description the
# package ships (doc/libxml2-api.xml, 1.3 MB). The document comes from the package's own
# generator, dbgen.pl (4,000 rows), with an internal DTD subset added. Static library, no
# threads, no zlib/lzma/ICU, and no hash randomisation: configure is told srand() is missing, so
# dict.c and hash.c do not seed their hashes with time(NULL), which moved callgrind counts.
package=libxml2
benchmark_name=xmllint
benchmark_summary="XML: parser, DTD validation, XPath, tree serialisation"
benchmark_command="xmllint --valid, --xpath and --format on a generated and a shipped document"
benchmark_inputs() {
  {
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE table ['
    echo '<!ELEMENT table (row*)>'
    echo '<!ELEMENT row (id, firstname, lastname, street, city, state, zip)>'
    local field
    for field in id firstname lastname street city state zip; do echo "<!ELEMENT $field (#PCDATA)>"; done
    echo ']>'
    perl dbgen.pl 4000 | tail -n +2
  } >"$BENCH_INPUT/table.xml"
  cp doc/libxml2-api.xml "$BENCH_INPUT/libxml2-api.xml"
}
benchmark_build() {
  ./configure --disable-shared --without-python --without-lzma --without-zlib --without-icu \
    --without-threads ac_cv_func_srand=no CC="$CC" CFLAGS="$CFLAGS" >/dev/null
  make -j"$JOBS" xmllint V=1
  cp xmllint "$BENCH_BIN/xmllint"
}
benchmark_run() {
  bench "$BENCH_BIN/xmllint" --valid --noout "$BENCH_INPUT/table.xml"
  bench "$BENCH_BIN/xmllint" --noout --xpath 'count(//row[state="CA" or zip>22000])' "$BENCH_INPUT/table.xml"
  echo
  bench "$BENCH_BIN/xmllint" --format "$BENCH_INPUT/libxml2-api.xml" >api-formatted.xml
}
