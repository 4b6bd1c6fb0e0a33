#!/usr/bin/env bash
# Regenerates every picture in README.md and docs/images/ with the splot command itself:
# the demo photo through each named kernel, then a fashion-cnn trained on Fashion-MNIST and its
# curves, filters, feature maps, top patches, confusion matrix, saliency and network diagram.
#
#   tools/docs/make_pictures.sh            # trains fashion-cnn first (minutes)
#   MODEL=fashion-cnn.splot tools/docs/make_pictures.sh   # reuse a trained model
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
splot="$root/splot"
out="$root/docs/images"
photo="$out/sample.png"
mkdir -p "$out/kernels"

for k in outline sharpen blur blur-light sobel-left sobel-right sobel-top sobel-bottom negative identity gaussian:7:2; do
  name="${k%%:*}"
  "$splot" filter "$photo" --kernel "$k" --gray --out "$out/kernels/$name.png" --compare
  rm -f "$out/kernels/$name.png"
done
cp "$out/kernels/outline-compare.png" "$out/outline-compare.png"

model="${MODEL:-}"
if [[ -z "$model" ]]; then
  model="$(mktemp -d)/fashion-cnn.splot"
  "$splot" train --model fashion-cnn --out "$model"
fi
# docs/images/shoe.png is Fashion-MNIST test item 0 (an ankle boot, MIT licence), the input of the per-image views.
"$splot" show curves "$model" --out "$out/curves.png"
"$splot" show filters "$model" --out "$out/filters.png"
"$splot" show features "$model" "$out/shoe.png" --out "$out/features.png"
"$splot" show saliency "$model" "$out/shoe.png" --out "$out/saliency.png"
"$splot" show top-patches "$model" --out "$out/top-patches.png"
"$splot" show confusion "$model" --out "$out/confusion.png"
"$splot" show network fashion-cnn --out "$out/fashion-cnn.svg"
"$splot" show network resnet-mini --out "$out/resnet-mini.svg"
echo "pictures written to $out"
