"""Reference numbers for Linear and the activation functions, from PyTorch.

Run: /usr/bin/python3 tools/reference/basic_layers.py
Writes core/src/test/resources/reference/basic/*.json.
"""
import torch
import torch.nn.functional as F

from common import t, write

torch.manual_seed(1234)

# Linear: forward, and gradients for a fixed upstream gradient.
x = torch.randn(5, 7, requires_grad=True)
lin = torch.nn.Linear(7, 3)
y = lin(x)
g = torch.randn_like(y)
y.backward(g)
write("core/src/test/resources/reference/basic/linear.json", {
    "x": t(x), "weight": t(lin.weight), "bias": t(lin.bias), "y": t(y), "grad_y": t(g),
    "grad_x": t(x.grad), "grad_weight": t(lin.weight.grad), "grad_bias": t(lin.bias.grad)})

# Activations on one input, each with its gradient for the same upstream gradient.
x0 = torch.randn(4, 6) * 2
g = torch.randn(4, 6)
cases = {
    "relu": lambda v: F.relu(v),
    "leaky_relu": lambda v: F.leaky_relu(v, 0.1),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "gelu": F.gelu,
    "softmax": lambda v: F.softmax(v, dim=1),
    "log_softmax": lambda v: F.log_softmax(v, dim=1),
}
out = {"x": t(x0), "grad_y": t(g)}
for name, f in cases.items():
    x = x0.clone().requires_grad_(True)
    y = f(x)
    y.backward(g)
    out[name] = {"y": t(y), "grad_x": t(x.grad)}
write("core/src/test/resources/reference/basic/activations.json", out)
