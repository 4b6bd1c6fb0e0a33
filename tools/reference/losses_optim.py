#!/usr/bin/python3
"""Reference numbers for splot.loss and splot.optim from PyTorch (run with /usr/bin/python3, torch 1.13).

Writes, under core/src/test/resources/reference/:
  loss/losses.json        loss values (mean, sum, none) and gradients for the output and the target
  optim/optimizers.json   parameters after each of three steps of each optimizer, on fixed gradients
  optim/schedules.json    learning rate per epoch of StepLR, ExponentialLR, CosineAnnealingLR
Deterministic: fixed seeds, float32. Tensors are {"shape": [...], "data": [...]} (row-major).
"""
import json
import math
import os

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test", "resources", "reference")


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def write(rel, obj):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(path), os.path.getsize(path), "bytes")


# ---------------------------------------------------------------- losses

def loss_case(fn, output, target, target_grad):
    """Loss value and gradients under each reduction; the per-item losses for 'none'."""
    case = {"output": t(output), "target": t(target)}
    for reduction in ("mean", "sum"):
        x = output.clone().requires_grad_(True)
        y = target.clone().requires_grad_(target_grad)
        loss = fn(x, y, reduction)
        loss.backward()
        entry = {"loss": t(loss), "grad": t(x.grad)}
        if target_grad:
            entry["target_grad"] = t(y.grad)
        case[reduction] = entry
    case["none"] = {"loss": t(fn(output, target, "none"))}
    return case


def losses():
    g = torch.Generator().manual_seed(1234)
    logits = torch.randn(5, 4, generator=g) * 2
    logits[4] = torch.tensor([100.0, -100.0, 30.0, 0.0])   # must not overflow
    labels = torch.tensor([0, 3, 1, 2, 2])
    probs = torch.softmax(torch.randn(5, 4, generator=g), dim=1)
    spatial = torch.randn(2, 3, 2, 2, generator=g)
    spatial_labels = torch.randint(0, 3, (2, 2, 2), generator=g)
    bce_x = torch.randn(3, 4, generator=g) * 3
    bce_x[0, 0], bce_x[0, 1] = 40.0, -40.0
    bce_t = torch.rand(3, 4, generator=g)
    bce_t[1] = torch.tensor([0.0, 1.0, 1.0, 0.0])
    bce_p = torch.rand(3, 4, generator=g) * 0.98 + 0.01
    mse_x = torch.randn(2, 3, 2, generator=g)
    mse_t = torch.randn(2, 3, 2, generator=g)

    ce = lambda x, y, r: torch.nn.functional.cross_entropy(x, y, reduction=r)
    ce_int = lambda x, y, r: ce(x, y.long(), r)
    bce_logits = lambda x, y, r: torch.nn.functional.binary_cross_entropy_with_logits(x, y, reduction=r)
    bce = lambda x, y, r: torch.nn.functional.binary_cross_entropy(x, y, reduction=r)
    mse = lambda x, y, r: torch.nn.functional.mse_loss(x, y, reduction=r)
    write("loss/losses.json", {
        "cross_entropy_labels": loss_case(ce_int, logits, labels.float(), False),
        "cross_entropy_probabilities": loss_case(ce, logits, probs, True),
        "cross_entropy_spatial": loss_case(ce_int, spatial, spatial_labels.float(), False),
        "bce_with_logits": loss_case(bce_logits, bce_x, bce_t, True),
        "bce_on_probabilities": loss_case(bce, bce_p, bce_t, True),
        "mse": loss_case(mse, mse_x, mse_t, True),
    })


# ---------------------------------------------------------------- optimizers

# Three steps on two parameters with gradients fixed in advance; in step 2 the second parameter has
# no gradient (None), so it must be skipped and its state must not advance.
OPTIMIZERS = {
    "sgd": (lambda p: torch.optim.SGD(p, lr=0.1), {"lr": 0.1}),
    "sgd_momentum": (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), {"lr": 0.1, "momentum": 0.9}),
    "sgd_momentum_dampening": (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.3),
                               {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
    "sgd_nesterov_weight_decay": (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
                                  {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    "rmsprop": (lambda p: torch.optim.RMSprop(p, lr=0.01), {"lr": 0.01}),
    "rmsprop_momentum_centered": (lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.9, centered=True, weight_decay=0.1),
                                  {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.1}),
    "adam": (lambda p: torch.optim.Adam(p, lr=0.1), {"lr": 0.1}),
    "adam_weight_decay": (lambda p: torch.optim.Adam(p, lr=0.1, weight_decay=0.5), {"lr": 0.1, "weight_decay": 0.5}),
    "adam_amsgrad": (lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.8, 0.9), amsgrad=True),
                     {"lr": 0.1, "beta1": 0.8, "beta2": 0.9, "amsgrad": True}),
    "adamw": (lambda p: torch.optim.AdamW(p, lr=0.1), {"lr": 0.1}),
    "adamw_amsgrad": (lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.3, amsgrad=True),
                      {"lr": 0.1, "weight_decay": 0.3, "amsgrad": True}),
    "rprop": (lambda p: torch.optim.Rprop(p, lr=0.05), {"lr": 0.05}),
    "rprop_bounded": (lambda p: torch.optim.Rprop(p, lr=0.05, etas=(0.3, 1.5), step_sizes=(0.02, 0.06)),
                      {"lr": 0.05, "eta_minus": 0.3, "eta_plus": 1.5, "step_size_min": 0.02, "step_size_max": 0.06}),
}


def optimizers():
    g = torch.Generator().manual_seed(99)
    initial = [torch.randn(3, 4, generator=g), torch.randn(4, generator=g)]
    grads = [[torch.randn(3, 4, generator=g), torch.randn(4, generator=g)] for _ in range(3)]
    grads[0][0][0, 0] = 0.0                       # a zero gradient: Rprop's "no sign" case
    grads[1][0][1] = -grads[0][0][1]              # a row whose sign surely flips, one that surely stays
    grads[1][0][2] = grads[0][0][2] * 0.5
    grads[1][1] = None
    cases = {}
    for name, (make, config) in OPTIMIZERS.items():
        params = [p.clone().requires_grad_(True) for p in initial]
        opt = make(params)
        steps = []
        for step in grads:
            for p, gr in zip(params, step):
                p.grad = None if gr is None else gr.clone()
            opt.step()
            steps.append([t(p) for p in params])
        cases[name] = {"config": config, "steps": steps}
    write("optim/optimizers.json", {
        "initial": [t(p) for p in initial],
        "grads": [[None if gr is None else t(gr) for gr in step] for step in grads],
        "cases": cases,
    })


# ---------------------------------------------------------------- schedules

def schedules():
    base, epochs = 0.1, 12
    makers = {
        "step": (lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), {"step_size": 3, "gamma": 0.5}),
        "exponential": (lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), {"gamma": 0.9}),
        "cosine": (lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001), {"t_max": 5, "eta_min": 0.001}),
    }
    out = {"base": base}
    for name, (make, config) in makers.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
        sched = make(opt)
        rates = []
        for _ in range(epochs):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        out[name] = {"config": config, "rates": rates}
    write("optim/schedules.json", out)


if __name__ == "__main__":
    torch.manual_seed(0)
    losses()
    optimizers()
    schedules()
