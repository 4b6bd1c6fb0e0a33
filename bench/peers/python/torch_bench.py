"""Peer: Debian's PyTorch 1.13 on the CPU, eager mode, same protocol and JSON lines as the Java peers.

usage: OMP_NUM_THREADS=2 /usr/bin/python3 torch_bench.py [--models a,b,...]
Stdout carries one JSON line per model and nothing else; progress goes to stderr.
"""
import argparse
import json
import os
import sys
import time

import torch
from torch import nn

import models as m


def images_per_second(warmup, timed, batch, step):
    for i in range(warmup):
        step(i)
    cpu_start, start = time.process_time(), time.perf_counter()
    for i in range(warmup, warmup + timed):
        step(i)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # cpu/wall near the thread count = quiet machine; far below it = starved by other processes
    print(f"  timed {timed} x {batch} images: wall {seconds:.2f} s, cpu {cpu:.2f} s (cpu/wall {cpu / seconds:.2f})",
          file=sys.stderr)
    return timed * batch / seconds


def train(name, model):
    """Adam + cross-entropy in training mode; a step ends by reading the loss back (loss.item())."""
    batch = m.MODELS[name][1]
    pool = m.batches(name, batch, 0)
    optimizer = torch.optim.Adam(model.parameters(), lr=m.LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    model.train()

    def step(i):
        x, y = pool[i % len(pool)]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())

    rate = images_per_second(m.TRAIN_WARMUP, m.TRAIN_STEPS, batch, step)
    print(f"[torch] {name} train loss: first {losses[0]:.4f}, last {losses[-1]:.4f}", file=sys.stderr)
    return rate


def infer(name, model):
    """Evaluation mode under no_grad; a batch ends with the logits in a numpy array."""
    pool = m.batches(name, m.INFER_BATCH, 1)
    model.eval()

    def step(i):
        logits = model(pool[i % len(pool)][0]).numpy()
        assert logits.shape == (m.INFER_BATCH, 10)

    with torch.no_grad():
        return images_per_second(m.INFER_WARMUP, m.INFER_BATCHES, m.INFER_BATCH, step)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", default=",".join(m.MODELS))
    args = parser.parse_args()
    threads = int(os.environ.get("OMP_NUM_THREADS", m.THREADS))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    print(f"[torch] {torch.__version__}, {torch.get_num_threads()} intra-op / "
          f"{torch.get_num_interop_threads()} inter-op threads", file=sys.stderr)
    lib = "pytorch-" + torch.__version__.split("a")[0].split("+")[0]
    failed = False
    for name in m.parse_models(args.models):
        start = time.perf_counter()
        try:
            torch.manual_seed(m.SEED)
            model = m.build(name)
            params = m.count_params(model)
            if params != m.MODELS[name][2]:
                raise RuntimeError(f"{name} has {params} parameters, expected {m.MODELS[name][2]}")
            result = {"lib": lib, "model": name, "params": params, "threads": threads,
                      "batch": m.MODELS[name][1],
                      "train_img_per_s": round(train(name, model), 1),
                      "infer_img_per_s": round(infer(name, model), 1)}
            print(json.dumps(result, separators=(",", ":")), flush=True)
            print(f"[torch] {name} done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        except Exception as e:  # report and go on with the other models
            failed = True
            print(f"[torch] {name} FAILED: {e!r}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
