"""Layer constructors that honour a module-wide device, so the full-size official networks can be built on the
`meta` device (shapes only, no memory) to write and check the key spec."""
import contextlib

import torch
import torch.nn as nn

_FK = {}


@contextlib.contextmanager
def on_device(device):
    old = dict(_FK)
    _FK.clear()
    _FK["device"] = torch.device(device)
    try:
        yield
    finally:
        _FK.clear()
        _FK.update(old)


def conv2d(i, o, k, stride=1, padding=0):
    return nn.Conv2d(i, o, k, stride=stride, padding=padding, **_FK)


def conv1d(i, o, k, stride=1, padding=0, dilation=1):
    return nn.Conv1d(i, o, k, stride=stride, padding=padding, dilation=dilation, **_FK)


def convt1d(i, o, k, stride, padding):
    return nn.ConvTranspose1d(i, o, k, stride=stride, padding=padding, **_FK)


def linear(i, o, bias=True):
    return nn.Linear(i, o, bias=bias, **_FK)


def gn(c, groups=32, eps=1e-5):
    return nn.GroupNorm(min(groups, c), c, eps=eps, **_FK)


def ln(c, eps=1e-5):
    return nn.LayerNorm(c, eps=eps, **_FK)


def param(*shape):
    return nn.Parameter(torch.zeros(*shape, **_FK))
