#!/usr/bin/env bash
# Cuts the shipped Fashion-MNIST sample out of the full data set: the first 10,000 training and the
# first 2,000 test images with their labels, as gzipped IDX files (the format the full set uses).
#
# Usage: tools/data/make_fashion_sample.sh [SOURCE_DIR] [OUT_DIR]
#   SOURCE_DIR  the four Fashion-MNIST .gz files (default: Debian's dataset-fashion-mnist location)
#   OUT_DIR     default: vision/src/main/resources/splot/data/fashion-mnist-sample
#
# Only coreutils and gzip: an IDX file is a big-endian header (magic, count, then each dimension)
# followed by one unsigned byte per pixel or label, so a prefix of the records with a new count in the
# header is again a valid IDX file. `gzip -n` leaves out the name and time, so reruns give the same bytes.
# No pipefail: `head` stops reading early on purpose, which kills gzip and tail with SIGPIPE.
# The sizes are checked at the end instead.
set -eu

src=${1:-/usr/share/datasets/fashion-mnist}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${2:-$root/vision/src/main/resources/splot/data/fashion-mnist-sample}
mkdir -p "$out"

# be32 N: N as four big-endian bytes, written as printf escapes.
be32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }

# cut_images NAME COUNT: header 0x00000803, COUNT, 28, 28, then COUNT * 784 pixel bytes.
cut_images() {
    local name=$1 count=$2
    { printf "\\x00\\x00\\x08\\x03$(be32 "$count")$(be32 28)$(be32 28)"
      gzip -dc "$src/$name.gz" | tail -c +17 | head -c $((count * 784)); } | gzip -9 -n > "$out/$name.gz"
}

# cut_labels NAME COUNT: header 0x00000801, COUNT, then COUNT label bytes.
cut_labels() {
    local name=$1 count=$2
    { printf "\\x00\\x00\\x08\\x01$(be32 "$count")"
      gzip -dc "$src/$name.gz" | tail -c +9 | head -c "$count"; } | gzip -9 -n > "$out/$name.gz"
}

cut_images train-images-idx3-ubyte 10000
cut_labels train-labels-idx1-ubyte 10000
cut_images t10k-images-idx3-ubyte 2000
cut_labels t10k-labels-idx1-ubyte 2000
# check NAME EXPECTED_BYTES: the decompressed file has exactly the header plus the records.
check() {
    local got
    got=$(gzip -dc "$out/$1.gz" | wc -c)
    if [ "$got" -ne "$2" ]; then echo "$1: expected $2 bytes after gunzip, got $got" >&2; exit 1; fi
}
check train-images-idx3-ubyte $((16 + 10000 * 784))
check train-labels-idx1-ubyte $((8 + 10000))
check t10k-images-idx3-ubyte $((16 + 2000 * 784))
check t10k-labels-idx1-ubyte $((8 + 2000))
ls -l "$out"
