"""Reference numbers for convolution, pooling, padding and batch norm, from PyTorch.

Run: /usr/bin/python3 tools/reference/conv_pool_norm.py
Writes core/src/test/resources/reference/conv/{conv,pool,norm}.json.

Each case holds the input, the layer's parameters, a fixed random upstream gradient "grad_y",
and PyTorch's output and gradients. Inputs and parameters are float32 numbers; the references are
computed in float64 from them, so they are the exact answers the Java float32 code must approach.
The Java tests (ConvPoolNormReferenceTest) build the same layers; the "config" entries are here
for the reader.
"""
import torch
import torch.nn.functional as F

from common import write


def t(x):
    """A tensor as JSON, 9 significant digits: exact for float32 inputs, far below the 1e-4 tolerance for outputs."""
    x = x.detach().to(torch.float64).contiguous()
    return {"shape": list(x.shape), "data": [float("%.9g" % v) for v in x.flatten().tolist()]}

torch.manual_seed(2024)


def f32(*shape, scale=1.0, offset=0.0):
    """Random normal float32 numbers, then widened: the Java side reads exactly these values."""
    return (torch.randn(*shape) * scale + offset).to(torch.float64)


def run(fn, x, params, grad_y=None):
    """Forward fn(x, *params), backward a random upstream gradient; returns the JSON record."""
    x = x.clone().requires_grad_(True)
    params = [p.clone().requires_grad_(True) if p is not None else None for p in params]
    y = fn(x, *params)
    g = f32(*y.shape) if grad_y is None else grad_y
    y.backward(g)
    out = {"x": t(x), "y": t(y), "grad_y": t(g), "grad_x": t(x.grad)}
    for name, p in zip(["weight", "bias"], params):
        if p is not None:
            out[name] = t(p)
            out["grad_" + name] = t(p.grad)
    return out


def conv_case(dims, x_shape, cout, kernel, stride=1, padding=0, dilation=1, groups=1, bias=True, pad=None):
    """pad (left, right[, top, bottom]) is an explicit F.pad before the convolution: TF-style 'same'."""
    cin = x_shape[1]
    ks = (kernel,) * dims if isinstance(kernel, int) else kernel
    w = f32(cout, cin // groups, *ks, scale=0.3)
    b = f32(cout, scale=0.3) if bias else None
    conv = F.conv1d if dims == 1 else F.conv2d

    def fn(x, w, b):
        if pad is not None:
            x = F.pad(x, pad)
        return conv(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)

    rec = run(fn, f32(*x_shape), [w, b])
    rec["config"] = {"out": cout, "kernel": list(ks), "stride": stride, "padding": padding, "dilation": dilation,
                     "groups": groups, "bias": bias, "pad": list(pad) if pad else None}
    return rec


conv = {
    "conv1d_basic": conv_case(1, (2, 3, 12), 4, 3),
    "conv1d_stride_pad_dilation_groups": conv_case(1, (2, 4, 15), 6, 3, stride=2, padding=2, dilation=2, groups=2),
    "conv1d_same": conv_case(1, (2, 3, 10), 2, 4, padding="same", bias=False),
    "conv2d_basic": conv_case(2, (2, 3, 7, 8), 4, 3),
    "conv2d_stride2_pad1": conv_case(2, (2, 3, 9, 8), 5, 3, stride=2, padding=1),
    "conv2d_dilation2_nobias": conv_case(2, (2, 2, 9, 9), 3, 3, padding=2, dilation=2, bias=False),
    "conv2d_groups2_rect": conv_case(2, (2, 4, 6, 7), 6, (2, 3), stride=(1, 2), padding=(1, 0), groups=2),
    "conv2d_same_even_kernel": conv_case(2, (1, 2, 6, 5), 3, 4, padding="same"),
    # TensorFlow 'same' with stride 2: 9 rows pad (1, 1), 10 columns pad (0, 1).
    "conv2d_same_stride2": conv_case(2, (2, 2, 9, 10), 3, 3, stride=2, pad=(0, 1, 1, 1)),
    "conv2d_pointwise": conv_case(2, (2, 6, 4, 5), 4, 1, groups=2),
}
write("core/src/test/resources/reference/conv/conv.json", conv)


def pool_case(fn, x_shape, config):
    rec = run(lambda x: fn(x), f32(*x_shape), [])
    rec["config"] = config
    return rec


pool = {
    "max_pool2d_2": pool_case(lambda x: F.max_pool2d(x, 2), (2, 3, 8, 9), {"size": 2}),
    "max_pool2d_3_stride2_pad1": pool_case(lambda x: F.max_pool2d(x, 3, 2, 1), (2, 2, 9, 8), {"size": 3, "stride": 2, "padding": 1}),
    "avg_pool2d_2": pool_case(lambda x: F.avg_pool2d(x, 2), (2, 3, 8, 9), {"size": 2}),
    "avg_pool2d_3_stride2_pad1": pool_case(lambda x: F.avg_pool2d(x, 3, 2, 1), (2, 2, 9, 8), {"size": 3, "stride": 2, "padding": 1}),
    "max_pool1d_2": pool_case(lambda x: F.max_pool1d(x, 2), (2, 3, 11), {"size": 2}),
    "max_pool1d_3_stride2_pad1": pool_case(lambda x: F.max_pool1d(x, 3, 2, 1), (2, 3, 12), {"size": 3, "stride": 2, "padding": 1}),
    "avg_pool1d_3_stride2_pad1": pool_case(lambda x: F.avg_pool1d(x, 3, 2, 1), (2, 3, 12), {"size": 3, "stride": 2, "padding": 1}),
    "global_avg_pool2d": pool_case(lambda x: F.adaptive_avg_pool2d(x, 1).flatten(1), (2, 3, 5, 6), {}),
    "zero_pad2d": pool_case(lambda x: F.pad(x, (2, 0, 1, 3)), (2, 2, 3, 4), {"top": 1, "bottom": 3, "left": 2, "right": 0}),
}
write("core/src/test/resources/reference/conv/pool.json", pool)


def norm_case(x_shape, momentum=0.1, eps=1e-5):
    """Batch norm with random gamma, beta and running statistics; one training step, then evaluation."""
    c = x_shape[1]
    x = f32(*x_shape, scale=2.0, offset=0.5)
    gamma, beta = f32(c, scale=0.2, offset=1.0), f32(c, scale=0.2)
    running_mean, running_var = f32(c, scale=0.1), (1 + torch.rand(c)).to(torch.float64)
    rec = {"config": {"momentum": momentum, "eps": eps},
           "running_mean": t(running_mean), "running_var": t(running_var)}
    rm, rv = running_mean.clone(), running_var.clone()
    rec["train"] = run(lambda x, w, b: F.batch_norm(x, rm, rv, w, b, True, momentum, eps), x, [gamma, beta])
    rec["train"]["running_mean_after"] = t(rm)
    rec["train"]["running_var_after"] = t(rv)
    # Evaluation uses the statistics the training step left behind.
    rec["eval"] = run(lambda x, w, b: F.batch_norm(x, rm.clone(), rv.clone(), w, b, False, momentum, eps), x, [gamma, beta])
    return rec


norm = {
    "batch_norm2d": norm_case((4, 3, 5, 5)),
    "batch_norm1d_features": norm_case((6, 5)),
    "batch_norm1d_signals": norm_case((3, 4, 7), momentum=0.3, eps=1e-3),
}
write("core/src/test/resources/reference/conv/norm.json", norm)
