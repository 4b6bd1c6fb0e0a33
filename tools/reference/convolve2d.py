#!/usr/bin/python3
"""Reference numbers for splot.image.Convolve2d and Kernels from scipy.signal.

Run from the repository root:  /usr/bin/python3 tools/reference/convolve2d.py
Writes vision/src/test/resources/reference/convolve2d/cases.json. Deterministic (fixed seed).

Inputs are multiples of 1/64 and kernels multiples of 1/8, so they are exact in float32 and the
Java side sees exactly the numbers scipy saw. Each tensor is {"shape": [...], "data": [...]}, row-major.
"""
import json
import os

import numpy as np
from scipy.signal import convolve2d, correlate2d
from scipy.signal.windows import gaussian

OUT = "vision/src/test/resources/reference/convolve2d/cases.json"
rng = np.random.default_rng(20240611)


def tensor(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float("%.9g" % v) for v in a.ravel()]}


def image(h, w):
    return rng.integers(-64, 65, size=(h, w)) / 64.0


def kernel(h, w):
    return rng.integers(-16, 17, size=(h, w)) / 8.0


images = {"7x10": image(7, 10), "5x4": image(5, 4), "6x6": image(6, 6), "3x4": image(3, 4)}
kernels = {"3x3": kernel(3, 3), "2x2": kernel(2, 2), "4x3": kernel(4, 3), "1x5": kernel(1, 5),
           "5x1": kernel(5, 1), "3x2": kernel(3, 2), "4x4": kernel(4, 4), "6x7": kernel(6, 7),
           "6x3": kernel(6, 3), "8x2": kernel(8, 2)}
# Odd, even and one-row/one-column kernels on non-square images; 3x4 with 6x7 puts the kernel larger
# than the image in both dimensions (scipy swaps them for 'valid'; 'symm' mirrors more than once).
pairs = [("7x10", "3x3"), ("7x10", "2x2"), ("7x10", "4x3"), ("7x10", "1x5"), ("5x4", "3x3"),
         ("5x4", "2x2"), ("5x4", "5x1"), ("5x4", "3x2"), ("6x6", "4x4"), ("3x4", "6x7")]
boundaries = [("fill", 0.0), ("fill", 1.5), ("symm", 0.0), ("wrap", 0.0)]
ops = {"convolve": convolve2d, "correlate": correlate2d}

cases = []
for op, f in ops.items():
    for mode in ("full", "same", "valid"):
        for boundary, fill in boundaries:
            for im, k in pairs:
                out = f(images[im], kernels[k], mode=mode, boundary=boundary, fillvalue=fill)
                cases.append({"op": op, "image": im, "kernel": k, "mode": mode, "boundary": boundary,
                              "fill": fill, "expected": tensor(out)})

# Pairs where neither contains the other: scipy refuses 'valid'.
errors = []
for op, f in ops.items():
    for im, k in [("5x4", "6x3"), ("7x10", "8x2")]:
        try:
            f(images[im], kernels[k], mode="valid")
            raise SystemExit("scipy accepted %s %s valid" % (im, k))
        except ValueError as e:
            errors.append({"op": op, "image": im, "kernel": k, "mode": "valid", "message": str(e)})

# The texts' named kernels on a 0..255 picture, same/symm as a user would run them.
named = {
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "blur": np.ones((3, 3)) / 9,
    "blur-light": np.ones((3, 3)) * 0.01,
    "sobel-left": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "sobel-right": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel-top": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "sobel-bottom": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "negative": -np.ones((3, 3)),
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
}
picture = rng.integers(0, 256, size=(6, 8)).astype(np.float64)
named_cases = {name: {"kernel": tensor(k), "expected": tensor(convolve2d(picture, k, mode="same", boundary="symm"))}
               for name, k in named.items()}

# Gaussian kernels from scipy's 1-D window: the 2-D Gaussian is the outer product, normalised to sum 1.
gaussians = []
for size, sigma in [(5, 1.0), (3, 0.8), (4, 1.5), (7, 2.0)]:
    g = np.outer(gaussian(size, sigma), gaussian(size, sigma))
    gaussians.append({"size": size, "sigma": sigma, "expected": tensor(g / g.sum())})

# The texts' template example: ones at two diagonal neighbours, filter [[1,0],[0,1]] and its mirror.
diag = np.zeros((4, 4))
diag[1, 1] = diag[2, 2] = 1
template = {"input": tensor(diag),
            "diagonal": tensor(convolve2d(diag, [[1, 0], [0, 1]], mode="valid")),
            "mirrored": tensor(convolve2d(diag, [[0, 1], [1, 0]], mode="valid"))}

doc = {"scipy": __import__("scipy").__version__,
       "images": {k: tensor(v) for k, v in images.items()},
       "kernels": {k: tensor(v) for k, v in kernels.items()},
       "cases": cases, "errors": errors, "picture": tensor(picture), "named": named_cases,
       "gaussian": gaussians, "template": template}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump(doc, fh, separators=(",", ":"))
print("wrote %s: %d cases, %d error cases, %d bytes" % (OUT, len(cases), len(errors), os.path.getsize(OUT)))
