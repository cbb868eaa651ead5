#!/usr/bin/env bash
# Private APT configuration for `apt-get source`: deb-src entries derived at run time from the
# `deb` entries under /etc/apt, lists and downloads kept in a cache folder. /etc/apt is only read.
#
#   tools/corpus/apt-source.sh CACHE_DIR PACKAGE [PACKAGE...]
# downloads each source package (release suite, pristine files, no unpacking) into
# CACHE_DIR/sources/PACKAGE/ and prints nothing else on stdout. Cached: a package already
# downloaded is not fetched again.
set -euo pipefail

cache=$(realpath -m "${1:?usage: apt-source.sh CACHE_DIR PACKAGE...}")
shift
apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/cache" "$apt_dir/sources.list.d"

# Prints "deb-src [signed-by=...] URI SUITE COMPONENTS" for every deb entry, one-line or deb822.
derive_deb_src() {
  local file
  if [[ -f /etc/apt/sources.list ]]; then
    awk '$1 == "deb" {
      $1 = "deb-src"; print
    }' /etc/apt/sources.list
  fi
  for file in /etc/apt/sources.list.d/*.list; do
    [[ -f $file ]] || continue
    awk '$1 == "deb" { $1 = "deb-src"; print }' "$file"
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f $file ]] || continue
    # deb822: one paragraph per entry; emit one-line deb-src entries for Types containing deb.
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && uris != "" && suites != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          opts = (signed ~ /^\//) ? "[signed-by=" signed "] " : ""
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print "deb-src " opts u[i] " " s[j] " " components
        }
        types = uris = suites = components = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[A-Za-z-]+:/ {
        key = tolower(substr($0, 1, index($0, ":") - 1)); value = substr($0, index($0, ":") + 1)
        gsub(/^[ \t]+|[ \t]+$/, "", value)
        if (key == "types") types = value; else if (key == "uris") uris = value
        else if (key == "suites") suites = value; else if (key == "components") components = value
        else if (key == "signed-by") signed = value; else if (key == "enabled") enabled = tolower(value)
      }
      END { flush() }' "$file"
  done
}

config="$apt_dir/apt.conf"
sources_list="$apt_dir/sources.list"
derive_deb_src | sort -u > "$sources_list.new"
if [[ ! -s "$sources_list.new" ]]; then
  echo "apt-source: no deb entries found under /etc/apt to derive deb-src entries from" >&2
  exit 1
fi
cat > "$config" <<CONF
Dir::Etc::SourceList "$sources_list";
Dir::Etc::SourceParts "$apt_dir/sources.list.d";
Dir::State::Lists "$apt_dir/lists";
Dir::Cache "$apt_dir/cache";
Dir::Cache::Archives "$apt_dir/archives";
// Downloads land in folders _apt cannot write; root fetches them itself.
APT::Sandbox::User "root";
CONF
export APT_CONFIG="$config"

# Update the private lists when the derived entries changed or were never fetched.
if ! cmp -s "$sources_list.new" "$sources_list" || ! ls "$apt_dir/lists/"*Sources* >/dev/null 2>&1; then
  mv "$sources_list.new" "$sources_list"
  echo "apt-source: updating private source lists in $apt_dir" >&2
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
else
  rm -f "$sources_list.new"
fi

# The release suite: the first derived suite without a '-' (bookworm, not bookworm-security).
# Its versions never change within a release, which keeps the corpus reproducible.
release=$(awk '{ for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /:\/\//) { if ($i !~ /-/) { print $i; exit } ; break } }' "$sources_list")

for package in "$@"; do
  target="$cache/sources/$package"
  if [[ -f "$target/.fetched" ]]; then continue; fi
  rm -rf "$target" && mkdir -p "$target"
  spec=$package
  [[ -n $release ]] && spec="$package/$release"
  echo "apt-source: fetching $spec" >&2
  (cd "$target" && apt-get -o DPkg::Lock::Timeout=600 source --download-only -qq "$spec" >&2)
  touch "$target/.fetched"
done
