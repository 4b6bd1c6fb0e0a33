"""Parameter counts of the model zoo (splot.models.Zoo), computed independently with PyTorch.

Prints name, total, trainable, non-trainable for each model; ZooTest asserts these numbers.
Non-trainable = batch-norm running mean and variance (Keras counts them; PyTorch keeps them as
buffers, and its num_batches_tracked counter is left out). Run: /usr/bin/python3 tools/reference/zoo_params.py (Debian python3-torch)
"""
import torch
from torch import nn


def same(cin, cout, k, bias=True):
    return nn.Conv2d(cin, cout, k, padding=k // 2, bias=bias)


def fashion_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def fashion_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(128 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


def fashion_cnn_deep():
    return nn.Sequential(
        same(1, 64, 3), nn.ReLU(), same(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        same(64, 128, 3), nn.ReLU(), same(128, 128, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def mnist_mlp():
    layers = [nn.Flatten()]
    n = 784
    for _ in range(3):
        layers += [nn.Linear(n, 512), nn.ReLU(), nn.Dropout(0.2)]
        n = 512
    return nn.Sequential(*layers, nn.Linear(512, 10))


def mnist_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


def lenet5(act=nn.Tanh, pool=nn.AvgPool2d):
    return nn.Sequential(
        nn.ZeroPad2d(2), nn.Conv2d(1, 6, 5), act(), pool(2), nn.Conv2d(6, 16, 5), act(), pool(2),
        nn.Flatten(), nn.Linear(400, 120), act(), nn.Linear(120, 84), act(), nn.Linear(84, 10))


def cifar_vgg():
    layers, cin = [], 3
    for f, p in [(32, 0.2), (64, 0.3), (128, 0.4)]:
        layers += [same(cin, f, 3), nn.ReLU(), nn.BatchNorm2d(f), same(f, f, 3), nn.ReLU(), nn.BatchNorm2d(f),
                   nn.MaxPool2d(2), nn.Dropout(p)]
        cin = f
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(128 * 4 * 4, 512), nn.ReLU(), nn.BatchNorm1d(512),
                         nn.Dropout(0.5), nn.Linear(512, 10))


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.f = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                               nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = (nn.Identity() if stride == 1 and cin == cout else
                         nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return torch.relu(self.f(x) + self.shortcut(x))


def resnet_mini():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        Residual(16, 16, 1), Residual(16, 32, 2), Residual(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


class Inception(nn.Module):
    def __init__(self, cin, c1, c3r, c3, c5r, c5, pp):
        super().__init__()
        cr = lambda i, o, k: [same(i, o, k), nn.ReLU()]
        self.b1 = nn.Sequential(*cr(cin, c1, 1))
        self.b3 = nn.Sequential(*cr(cin, c3r, 1), *cr(c3r, c3, 3))
        self.b5 = nn.Sequential(*cr(cin, c5r, 1), *cr(c5r, c5, 5))
        self.bp = nn.Sequential(nn.MaxPool2d(3, 1, 1), *cr(cin, pp, 1))

    def forward(self, x):
        return torch.cat([self.b1(x), self.b3(x), self.b5(x), self.bp(x)], 1)


def inception_mini():
    return nn.Sequential(
        same(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), Inception(32, 16, 16, 24, 8, 8, 8), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(56, 10))


MODELS = {
    "fashion-mlp": (fashion_mlp, (1, 28, 28)),
    "fashion-cnn": (fashion_cnn, (1, 28, 28)),
    "fashion-cnn-deep": (fashion_cnn_deep, (1, 28, 28)),
    "mnist-mlp": (mnist_mlp, (1, 28, 28)),
    "mnist-cnn": (mnist_cnn, (1, 28, 28)),
    "lenet5": (lenet5, (1, 28, 28)),
    "lenet5-relu": (lambda: lenet5(nn.ReLU, nn.MaxPool2d), (1, 28, 28)),
    "cifar-vgg": (cifar_vgg, (3, 32, 32)),
    "resnet-mini": (resnet_mini, (1, 28, 28)),
    "inception-mini": (inception_mini, (1, 28, 28)),
}

if __name__ == "__main__":
    for name, (make, shape) in MODELS.items():
        m = make().eval()
        out = m(torch.zeros(2, *shape))  # checks that the shapes fit
        assert out.shape == (2, 10), (name, out.shape)
        trainable = sum(p.numel() for p in m.parameters())
        stats = sum(b.numel() for n, b in m.named_buffers() if not n.endswith("num_batches_tracked"))
        print(f"{name:18s} total {trainable + stats:>10,d}  trainable {trainable:>10,d}  non-trainable {stats:>6,d}")
