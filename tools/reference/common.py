"""Shared helpers for the PyTorch reference generators: tensors as {"shape": [...], "data": [...]}."""
import json
import os

import torch

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def t(x):
    """A tensor as JSON: shape and row-major data."""
    x = x.detach().to(torch.float64).contiguous()
    return {"shape": list(x.shape), "data": [float(v) for v in x.flatten().tolist()]}


def write(relpath, obj):
    path = os.path.join(ROOT, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", relpath, os.path.getsize(path), "bytes")
