"""V-Net in the parameter layout of the UA-MT / LASeg code (state-dict keys block_one.conv.0.weight,
..., out_conv.bias), written for Mean Teacher for Fiji. A state dict exported by the plugin loads into
it with load_state_dict, and so does a checkpoint trained by the Python reference code.

Topology: encoder stages of 1, 2, 3, 3, 3 convolutions (3x3x3, padding 1) joined by 2x2x2 stride-2
convolutions that double the filters; decoder stages of 3, 3, 2, 1 convolutions after 2x2x2 stride-2
transposed convolutions that halve them, skips added; every convolution followed by normalisation and
ReLU; channel dropout (p 0.5) after the deepest stage and before the 1x1x1 output convolution when
has_dropout is set. Input (n, 1, d0, d1, d2), output logits (n, n_classes, d0, d1, d2); every size a
multiple of 16. With softmax=True the output is the class probabilities (softmax over the channel axis)
instead, as the BioImage Model Zoo packages of the plugin declare; the parameters are the same.
"""
import torch
from torch import nn

ENCODER_NAMES = ("block_one", "block_two", "block_three", "block_four", "block_five")
DECODER_NAMES = ("block_six", "block_seven", "block_eight", "block_nine")
ENCODER_CONVS = (1, 2, 3, 3, 3)
DECODER_CONVS = (3, 3, 2, 1)


def _norm(kind, channels):
    if kind == "batchnorm":
        return nn.BatchNorm3d(channels)
    if kind == "groupnorm":
        return nn.GroupNorm(num_groups=min(16, channels), num_channels=channels)
    if kind == "instancenorm":
        return nn.InstanceNorm3d(channels)
    if kind == "none":
        return None
    raise ValueError("unknown normalization " + repr(kind))


class _Unit(nn.Module):
    """Convolutions, each followed by normalisation and ReLU, kept in an attribute named conv so that
    the state-dict keys read <block>.conv.<index>.<parameter>."""

    def __init__(self, layers_of_units, normalization):
        super().__init__()
        layers = []
        for make_conv, channels in layers_of_units:
            layers.append(make_conv())
            norm = _norm(normalization, channels)
            if norm is not None:
                layers.append(norm)
            layers.append(nn.ReLU(inplace=True))
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return self.conv(x)


def _stage(n_convs, c_in, c_out, normalization):
    units = [((lambda ci=(c_in if i == 0 else c_out): nn.Conv3d(ci, c_out, 3, padding=1)), c_out) for i in range(n_convs)]
    return _Unit(units, normalization)


def _down(c_in, c_out, normalization):
    return _Unit([(lambda: nn.Conv3d(c_in, c_out, 2, stride=2), c_out)], normalization)


def _up(c_in, c_out, normalization):
    return _Unit([(lambda: nn.ConvTranspose3d(c_in, c_out, 2, stride=2), c_out)], normalization)


class VNet(nn.Module):
    def __init__(self, n_channels=1, n_classes=2, n_filters=16, normalization="batchnorm", has_dropout=False,
                 softmax=False):
        super().__init__()
        self.has_dropout = has_dropout
        self.softmax = softmax
        f = [n_filters * 2 ** level for level in range(5)]
        for level, name in enumerate(ENCODER_NAMES):
            c_in = n_channels if level == 0 else f[level]
            setattr(self, name, _stage(ENCODER_CONVS[level], c_in, f[level], normalization))
            if level < 4:
                setattr(self, name + "_dw", _down(f[level], f[level + 1], normalization))
        # the up-sampling after stage i of the decoder path is registered under the name of the
        # stage that feeds it (block_five_up feeds block_six), as in the UA-MT code
        feeding = ("block_five",) + DECODER_NAMES[:3]
        for i, name in enumerate(DECODER_NAMES):
            level = 3 - i
            setattr(self, feeding[i] + "_up", _up(f[level + 1], f[level], normalization))
            setattr(self, name, _stage(DECODER_CONVS[i], f[level], f[level], normalization))
        self.out_conv = nn.Conv3d(n_filters, n_classes, 1)
        self.dropout = nn.Dropout3d(p=0.5)

    def forward(self, x):
        skips = []
        for level, name in enumerate(ENCODER_NAMES):
            x = getattr(self, name)(x)
            if level < 4:
                skips.append(x)
                x = getattr(self, name + "_dw")(x)
        if self.has_dropout:
            x = self.dropout(x)
        feeding = ("block_five",) + DECODER_NAMES[:3]
        for i, name in enumerate(DECODER_NAMES):
            x = getattr(self, feeding[i] + "_up")(x) + skips[3 - i]
            x = getattr(self, name)(x)
        if self.has_dropout:
            x = self.dropout(x)
        logits = self.out_conv(x)
        return torch.softmax(logits, dim=1) if self.softmax else logits
