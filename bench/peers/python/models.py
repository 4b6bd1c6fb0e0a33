"""Splot's five built-in models in PyTorch, the inputs and the protocol shared by the Python peers.

Mirrors bench/peers/common (BenchModel, Protocol, Inputs): same architectures, same parameter
counts (Keras's count: batch-norm running mean and variance included), same batches.
"""
import gzip
import os

import numpy as np
import torch
from torch import nn

THREADS = 2
TRAIN_WARMUP, TRAIN_STEPS = 5, 60
INFER_WARMUP, INFER_BATCHES, INFER_BATCH = 3, 20, 256
LEARNING_RATE = 1e-3
POOL = 8      # distinct prepared batches per phase; step i uses batch i % POOL
SEED = 42
FASHION_DIR = os.environ.get("SPLOT_FASHION", "/usr/share/datasets/fashion-mnist")

# name -> (input item shape (C, H, W), training batch, expected parameter count)
MODELS = {
    "fashion-mlp": ((1, 28, 28), 128, 101_770),
    "lenet5": ((1, 28, 28), 128, 61_706),
    "fashion-cnn": ((1, 28, 28), 128, 485_514),
    "mnist-cnn": ((1, 28, 28), 128, 1_199_882),
    "cifar-vgg": ((3, 32, 32), 64, 1_345_066),
}


def build(name):
    """The model `name` as an nn.Sequential with PyTorch's default initialisation."""
    if name == "fashion-mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "lenet5":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
            nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))
    if name == "fashion-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Flatten(), nn.Linear(3200, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "mnist-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    if name == "cifar-vgg":
        layers, channels = [], 3
        for filters, rate in ((32, 0.2), (64, 0.3), (128, 0.4)):
            layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(filters),
                       nn.Conv2d(filters, filters, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(filters),
                       nn.MaxPool2d(2), nn.Dropout(rate)]
            channels = filters
        layers += [nn.Flatten(), nn.Linear(2048, 512), nn.ReLU(), nn.BatchNorm1d(512), nn.Dropout(0.5),
                   nn.Linear(512, 10)]
        return nn.Sequential(*layers)
    raise ValueError(f"unknown model '{name}'; valid: {','.join(MODELS)}")


def count_params(model):
    """Weights and biases plus batch-norm running mean/var (not num_batches_tracked): Keras's count."""
    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    return sum(p.numel() for p in model.parameters()) + buffers


def parse_models(names):
    models = [n.strip() for n in names.split(",") if n.strip()]
    for n in models:
        if n not in MODELS:
            raise SystemExit(f"unknown model '{n}'; valid: {','.join(MODELS)}")
    return models


def _read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got = int.from_bytes(data[0:4], "big")
    if got != magic:
        raise ValueError(f"{path}: magic {got}, expected {magic} (IDX)")
    dims = magic & 0xFF
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)


_fashion = None


def _load_fashion():
    global _fashion
    if _fashion is None:
        x = _read_idx(os.path.join(FASHION_DIR, "train-images-idx3-ubyte.gz"), 2051)
        y = _read_idx(os.path.join(FASHION_DIR, "train-labels-idx1-ubyte.gz"), 2049)
        _fashion = (x.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0, y.astype(np.int64))
    return _fashion


def batches(name, n, phase):
    """POOL batches (images float32 (n,C,H,W), labels int64 (n,)) as torch tensors, before any timing.

    28x28 models: Fashion-MNIST training images x/255, batch k = images [k*n, (k+1)*n).
    cifar-vgg: uniform [0,1) random images and labels from a fixed seed (phase 0 train, 1 infer).
    """
    shape = MODELS[name][0]
    pool = []
    if shape == (1, 28, 28):
        x, y = _load_fashion()
        for k in range(POOL):
            idx = np.arange(k * n, (k + 1) * n) % len(y)
            pool.append((torch.from_numpy(np.ascontiguousarray(x[idx])), torch.from_numpy(y[idx])))
    else:
        rng = np.random.default_rng(SEED + phase)
        for _ in range(POOL):
            pool.append((torch.from_numpy(rng.random((n,) + shape, dtype=np.float32)),
                         torch.from_numpy(rng.integers(0, 10, n).astype(np.int64))))
    return pool
