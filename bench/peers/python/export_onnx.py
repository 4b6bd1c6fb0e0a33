"""Exports the five models to ONNX for the ONNX Runtime peer (Debian's PyTorch 1.13, opset 13).

usage: /usr/bin/python3 export_onnx.py OUT_DIR [--models a,b,...]
Writes OUT_DIR/<model>.onnx (input "input" (batch, C, H, W), output "logits" (batch, 10), batch
dynamic) and OUT_DIR/<model>.params holding the parameter count of the exported model (Keras's
count: batch-norm running statistics included). Weights are PyTorch's default init from a fixed seed.
"""
import argparse
import os

import torch

import models as m


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--models", default=",".join(m.MODELS))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in m.parse_models(args.models):
        torch.manual_seed(m.SEED)
        model = m.build(name).eval()
        shape, _, expected = m.MODELS[name]
        params = m.count_params(model)
        if params != expected:
            raise SystemExit(f"{name} has {params} parameters, expected {expected}")
        path = os.path.join(args.out, name + ".onnx")
        torch.onnx.export(model, torch.zeros((2,) + shape), path, opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        with open(os.path.join(args.out, name + ".params"), "w") as f:
            f.write(f"{params}\n")
        print(f"{path}: {os.path.getsize(path)} bytes, {params} parameters")


if __name__ == "__main__":
    main()
