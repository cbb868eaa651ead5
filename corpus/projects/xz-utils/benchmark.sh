# xz-utils: the xz CLI compressing a fixed 256 KiB file at levels 1 (LZMA2 fast mode, hc4) and
# 4 (normal mode, bt4 binary-tree match finder), then decompressing the level-4 stream. The
# input is the first 256 KiB of the package's own C sources concatenated in name order. liblzma
# is built static and without threads (--disable-threads), so xz is one thread.
package=xz-utils
benchmark_name=xz
benchmark_summary="compression: LZMA2 match finders, range coder, decoding"
benchmark_command="xz -1 and -4 of a 256 KiB text file, xz -d of the -4 stream"
benchmark_inputs() {
  find . -name '*.[ch]' -type f | LC_ALL=C sort | xargs cat | head -c 262144 >"$BENCH_INPUT/input" || true
  [[ $(stat -c %s "$BENCH_INPUT/input") == 262144 ]]
}
benchmark_build() {
  ./configure --disable-shared --disable-threads --disable-nls --disable-doc --disable-scripts \
    --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-lzma-links CC="$CC" CFLAGS="$CFLAGS" >/dev/null
  make -j"$JOBS" -C src/liblzma V=1
  make -j"$JOBS" -C src/xz V=1
  cp src/xz/xz "$BENCH_BIN/xz"
}
benchmark_run() {
  bench "$BENCH_BIN/xz" -1 -c "$BENCH_INPUT/input" >input.1.xz
  bench "$BENCH_BIN/xz" -4 -c "$BENCH_INPUT/input" >input.4.xz
  bench "$BENCH_BIN/xz" -d -c input.4.xz >decompressed
  cmp decompressed "$BENCH_INPUT/input"
}
