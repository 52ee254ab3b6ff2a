#!/usr/bin/env python3
"""Writes a deterministic int8 MobileNetV2-like .tflite model (no TensorFlow needed).

    make_mobilenet.py OUT.tflite [--size 224] [--alpha 0.35] [--classes 1000] [--seed 1] [--same-padding]

The graph is what TensorFlow's converter makes of Keras' MobileNetV2: a 3x3 stride-2 conv, inverted
residual blocks (1x1 expand + ReLU6, 3x3 depthwise + ReLU6, 1x1 linear projection, ADD when the
shapes allow), an explicit PAD (bottom/right by one row/column, as TF pads an even input) before
every stride-2 depthwise with VALID padding, a last 1x1 conv, MEAN over H and W, FULLY_CONNECTED
and SOFTMAX. --same-padding writes each stride-2 depthwise with SAME padding instead of PAD + VALID:
the same arithmetic (TF's SAME on an even input pads 0 before and 1 after), so both files give
identical outputs for the same weights, which tests PAD folding.

Weights are random (fixed seed) with per-channel scales; activation scales follow the real value
spread a He-initialised network has (ReLU6 tensors: scale 6/255, zero point -128; linear tensors:
+-5 standard deviations over the int8 range), so outputs are not all saturated.

The flatbuffer is written by the small builder below from the TFLite schema's field ids
(tools/cmnn/import/tflite_schema.h lists the same ids). Generated at test time; never committed.
"""
import argparse
import math
import random
import struct

# --- TFLite schema facts (schema.fbs field ids, enum values) -------------------------------------
INT32, INT8 = 2, 9
OP_ADD, OP_CONV, OP_DW, OP_FC, OP_SOFTMAX, OP_PAD, OP_MEAN = 0, 3, 4, 9, 25, 34, 40
OPT_CONV, OPT_DW, OPT_FC, OPT_SOFTMAX, OPT_ADD, OPT_PAD, OPT_REDUCER = 1, 2, 8, 9, 11, 22, 27
SAME, VALID = 0, 1
ACT_NONE, ACT_RELU6 = 0, 3


# --- A forward flatbuffer builder: every object is written after the one referring to it, so
# every uoffset is positive; vtables are written just before their table. -----------------------
class Table:
    def __init__(self, fields):
        self.fields = fields  # {field id: (kind, value)}; kind: 'u8','i8','bool','i32','f32','off'


class Vector:
    def __init__(self, kind, items, align=4):
        self.kind, self.items, self.align = kind, items, align  # kind: 'u8','i32','i64','f32','off'


class String:
    def __init__(self, text):
        self.text = text


SCALAR = {'u8': '<B', 'i8': '<b', 'bool': '<B', 'i32': '<i', 'f32': '<f', 'i64': '<q'}


class Builder:
    def __init__(self):
        self.buf = bytearray()

    def pad_to(self, align, extra=0):
        while (len(self.buf) + extra) % align:
            self.buf.append(0)

    def put(self, obj):
        """Writes obj, returns the position a uoffset must point at."""
        if isinstance(obj, String):
            self.pad_to(4)
            pos = len(self.buf)
            data = obj.text.encode()
            self.buf += struct.pack('<I', len(data)) + data + b'\0'
            return pos
        if isinstance(obj, Vector):
            self.pad_to(max(obj.align, 4), 4)  # the elements start aligned
            pos = len(self.buf)
            self.buf += struct.pack('<I', len(obj.items))
            if obj.kind == 'u8':
                self.buf += bytes(obj.items)
                return pos
            if obj.kind != 'off':
                self.buf += b''.join(struct.pack(SCALAR[obj.kind], v) for v in obj.items)
                return pos
            slots = []
            for _ in obj.items:
                slots.append(len(self.buf))
                self.buf += b'\0\0\0\0'
            for slot, child in zip(slots, obj.items):
                self.patch(slot, self.put(child))
            return pos
        # Table: vtable, then soffset + one 4-byte slot per field (scalars are read from the slot's
        # first bytes, little endian), then the children.
        ids = sorted(obj.fields)
        count = (ids[-1] + 1) if ids else 0
        self.pad_to(4, 4 + 2 * count)
        vt = len(self.buf)
        table_size = 4 + 4 * len(ids)
        offsets = [0] * count
        for k, fid in enumerate(ids):
            offsets[fid] = 4 + 4 * k
        self.buf += struct.pack('<HH', 4 + 2 * count, table_size)
        self.buf += b''.join(struct.pack('<H', o) for o in offsets)
        pos = len(self.buf)
        assert pos % 4 == 0
        self.buf += struct.pack('<i', pos - vt)
        children = []
        for fid in ids:
            kind, value = obj.fields[fid]
            if kind == 'off':
                children.append((len(self.buf), value))
                self.buf += b'\0\0\0\0'
            else:
                raw = struct.pack(SCALAR[kind], value)
                self.buf += raw + b'\0' * (4 - len(raw))
        for slot, child in children:
            self.patch(slot, self.put(child))
        return pos

    def patch(self, slot, target):
        struct.pack_into('<I', self.buf, slot, target - slot)

    def finish(self, root):
        self.buf += b'\0\0\0\0' + b'TFL3'
        self.patch(0, self.put(root))
        return bytes(self.buf)


# --- The model ------------------------------------------------------------------------------------
class Model:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tensors, self.buffers, self.ops, self.opcodes = [], [b''], [], []

    def opcode(self, code):
        if code not in self.opcodes:
            self.opcodes.append(code)
        return self.opcodes.index(code)

    def tensor(self, name, shape, ttype=INT8, scale=None, zp=None, data=None, qdim=0):
        buf = 0
        if data is not None:
            self.buffers.append(data)
            buf = len(self.buffers) - 1
        t = {0: ('off', Vector('i32', shape)), 1: ('i8', ttype), 2: ('i32', buf), 3: ('off', String(name))}
        if scale is not None:
            scales = scale if isinstance(scale, list) else [scale]
            zps = zp if isinstance(zp, list) else [zp] * len(scales)
            t[4] = ('off', Table({2: ('off', Vector('f32', scales)), 3: ('off', Vector('i64', zps, 8)),
                                  6: ('i32', qdim)}))
        self.tensors.append(Table(t))
        return len(self.tensors) - 1

    def op(self, code, inputs, outputs, opt_type=0, opt=None):
        f = {0: ('i32', self.opcode(code)), 1: ('off', Vector('i32', inputs)), 2: ('off', Vector('i32', outputs))}
        if opt is not None:
            f[3] = ('u8', opt_type)
            f[4] = ('off', Table(opt))
        self.ops.append(Table(f))

    def serialize(self, inputs, outputs):
        codes = [Table({0: ('i8', min(c, 127)), 2: ('i32', 1), 3: ('i32', c)}) for c in self.opcodes]
        sub = Table({0: ('off', Vector('off', self.tensors)), 1: ('off', Vector('i32', inputs)),
                     2: ('off', Vector('i32', outputs)), 3: ('off', Vector('off', self.ops)),
                     4: ('off', String('main'))})
        bufs = [Table({0: ('off', Vector('u8', list(b), 16))}) if b else Table({}) for b in self.buffers]
        root = Table({0: ('i32', 3), 1: ('off', Vector('off', codes)), 2: ('off', Vector('off', [sub])),
                      3: ('off', String('cmnn make_mobilenet.py')), 4: ('off', Vector('off', bufs))})
        return Builder().finish(root)


class Act:
    """An activation tensor: index, shape [1,H,W,C], quantization and the rms of its real values."""
    def __init__(self, index, shape, scale, zp, rms):
        self.index, self.shape, self.scale, self.zp, self.rms = index, shape, scale, zp, rms


def i8(v):
    return bytes(struct.pack('<b', v))


class Net:
    RELU6_SCALE, RELU6_ZP = 6.0 / 255.0, -128

    def __init__(self, seed, same_padding):
        self.m = Model(seed)
        self.rng = self.m.rng
        self.same = same_padding
        self.count = 0

    def name(self, what):
        self.count += 1
        return '%s_%d' % (what, self.count)

    def out_quant(self, pre_rms, relu6):
        if relu6:
            return self.RELU6_SCALE, self.RELU6_ZP, min(pre_rms / math.sqrt(2.0), 3.0)
        return 5.0 * pre_rms / 127.0, 0, pre_rms

    def weights(self, count_per_ch, channels, fan_in):
        """Per-channel int8 weights (channel-major), their real scales and the real std."""
        std = math.sqrt(2.0 / fan_in)
        data, scales = [], []
        for _ in range(channels):
            spread = self.rng.uniform(0.6, 1.4)
            scales.append(std * spread / 42.0)
            data.append([max(-127, min(127, int(round(self.rng.gauss(0.0, 42.0))))) for _ in range(count_per_ch)])
        return data, scales

    def bias(self, channels, in_scale, w_scales, pre_rms):
        vals = []
        for c in range(channels):
            real = self.rng.gauss(0.0, 0.1 * pre_rms)
            vals.append(int(round(real / (in_scale * w_scales[c]))))
        return vals

    def conv(self, x, out_c, k, stride, relu6, padding=SAME):
        _, h, w, in_c = x.shape
        oh, ow = self.out_hw(h, w, k, stride, padding)
        data, ws = self.weights(k * k * in_c, out_c, k * k * in_c)
        pre = x.rms * math.sqrt(2.0)
        scale, zp, rms = self.out_quant(pre, relu6)
        blob = b''.join(bytes(struct.pack('<%db' % len(ch), *ch)) for ch in data)  # [O, KH, KW, I]
        f = self.m.tensor(self.name('conv_w'), [out_c, k, k, in_c], INT8, ws, 0, blob, 0)
        b = self.m.tensor(self.name('conv_b'), [out_c], INT32, [x.scale * s for s in ws], 0,
                          struct.pack('<%di' % out_c, *self.bias(out_c, x.scale, ws, pre)), 0)
        y = self.m.tensor(self.name('conv_out'), [1, oh, ow, out_c], INT8, scale, zp)
        self.m.op(OP_CONV, [x.index, f, b], [y], OPT_CONV,
                  {0: ('i8', padding), 1: ('i32', stride), 2: ('i32', stride),
                   3: ('i8', ACT_RELU6 if relu6 else ACT_NONE), 4: ('i32', 1), 5: ('i32', 1)})
        return Act(y, [1, oh, ow, out_c], scale, zp, rms)

    def depthwise(self, x, stride):
        _, h, w, c = x.shape
        padding = SAME
        if stride == 2 and not self.same:
            x = self.pad(x, 0, 1)  # TF pads an even input by one row/column after, then VALID
            padding = VALID
        _, ph, pw, _ = x.shape
        oh, ow = self.out_hw(ph, pw, 3, stride, padding)
        data, ws = self.weights(9, c, 9)
        blob = bytearray()  # [1, KH, KW, C]: channel innermost
        for k in range(9):
            blob += struct.pack('<%db' % c, *[data[ch][k] for ch in range(c)])
        pre = x.rms * math.sqrt(2.0)
        scale, zp, rms = self.out_quant(pre, True)
        f = self.m.tensor(self.name('dw_w'), [1, 3, 3, c], INT8, ws, 0, bytes(blob), 3)
        b = self.m.tensor(self.name('dw_b'), [c], INT32, [x.scale * s for s in ws], 0,
                          struct.pack('<%di' % c, *self.bias(c, x.scale, ws, pre)), 0)
        y = self.m.tensor(self.name('dw_out'), [1, oh, ow, c], INT8, scale, zp)
        self.m.op(OP_DW, [x.index, f, b], [y], OPT_DW,
                  {0: ('i8', padding), 1: ('i32', stride), 2: ('i32', stride), 3: ('i32', 1),
                   4: ('i8', ACT_RELU6), 5: ('i32', 1), 6: ('i32', 1)})
        return Act(y, [1, oh, ow, c], scale, zp, rms)

    def pad(self, x, before, after):
        _, h, w, c = x.shape
        p = self.m.tensor(self.name('paddings'), [4, 2], INT32, None, None,
                          struct.pack('<8i', 0, 0, before, after, before, after, 0, 0))
        shape = [1, h + before + after, w + before + after, c]
        y = self.m.tensor(self.name('pad_out'), shape, INT8, x.scale, x.zp)
        self.m.op(OP_PAD, [x.index, p], [y], OPT_PAD, {})
        return Act(y, shape, x.scale, x.zp, x.rms)

    def add(self, a, b):
        rms = math.sqrt(a.rms ** 2 + b.rms ** 2)
        scale = 5.0 * rms / 127.0
        y = self.m.tensor(self.name('add_out'), a.shape, INT8, scale, 0)
        self.m.op(OP_ADD, [a.index, b.index], [y], OPT_ADD, {0: ('i8', ACT_NONE)})
        return Act(y, a.shape, scale, 0, rms)

    @staticmethod
    def out_hw(h, w, k, stride, padding):
        if padding == SAME:
            return (h + stride - 1) // stride, (w + stride - 1) // stride
        return (h - k) // stride + 1, (w - k) // stride + 1

    def head(self, x, classes):
        axis = self.m.tensor(self.name('mean_axis'), [2], INT32, None, None, struct.pack('<2i', 1, 2))
        c = x.shape[3]
        pooled = self.m.tensor(self.name('mean_out'), [1, c], INT8, x.scale, x.zp)
        self.m.op(OP_MEAN, [x.index, axis], [pooled], OPT_REDUCER, {0: ('bool', 0)})
        std = math.sqrt(1.0 / c)
        w_scale = 3.0 * std / 127.0
        rows = [[max(-127, min(127, int(round(self.rng.gauss(0.0, 127.0 / 3.0))))) for _ in range(c)]
                for _ in range(classes)]
        blob = b''.join(bytes(struct.pack('<%db' % c, *r)) for r in rows)
        pre = max(x.rms * 0.6, 0.05)
        f = self.m.tensor(self.name('fc_w'), [classes, c], INT8, w_scale, 0, blob)
        b = self.m.tensor(self.name('fc_b'), [classes], INT32, x.scale * w_scale, 0,
                          struct.pack('<%di' % classes, *[int(round(self.rng.gauss(0, 0.1 * pre) / (x.scale * w_scale)))
                                                          for _ in range(classes)]))
        logits_scale = 5.0 * pre / 127.0
        logits = self.m.tensor(self.name('logits'), [1, classes], INT8, logits_scale, 0)
        self.m.op(OP_FC, [pooled, f, b], [logits], OPT_FC, {0: ('i8', ACT_NONE), 1: ('i8', 0), 2: ('bool', 0)})
        probs = self.m.tensor('probabilities', [1, classes], INT8, 1.0 / 256.0, -128)
        self.m.op(OP_SOFTMAX, [logits], [probs], OPT_SOFTMAX, {0: ('f32', 1.0)})
        return probs


def divisible(v, d=8):
    n = max(d, int(v + d / 2) // d * d)
    return n + d if n < 0.9 * v else n


def mobilenet_v2(size, alpha, classes, seed, same_padding):
    net = Net(seed, same_padding)
    image = net.m.tensor('input', [1, size, size, 3], INT8, 1.0 / 128.0, 0)
    x = Act(image, [1, size, size, 3], 1.0 / 128.0, 0, 1.0 / math.sqrt(3.0))
    x = net.conv(x, divisible(32 * alpha), 3, 2, True)
    blocks = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
              (6, 320, 1, 1)]
    for t, c, n, s in blocks:
        out_c = divisible(c * alpha)
        for i in range(n):
            stride = s if i == 0 else 1
            y = x
            if t != 1:
                y = net.conv(y, x.shape[3] * t, 1, 1, True)
            y = net.depthwise(y, stride)
            y = net.conv(y, out_c, 1, 1, False)
            if stride == 1 and x.shape[3] == out_c:
                y = net.add(x, y)
            x = y
    last = 1280 if alpha <= 1.0 else divisible(1280 * alpha)
    x = net.conv(x, last, 1, 1, True)
    probs = net.head(x, classes)
    return net.m.serialize([image], [probs])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out')
    ap.add_argument('--size', type=int, default=224)
    ap.add_argument('--alpha', type=float, default=0.35)
    ap.add_argument('--classes', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--same-padding', action='store_true')
    a = ap.parse_args()
    data = mobilenet_v2(a.size, a.alpha, a.classes, a.seed, a.same_padding)
    with open(a.out, 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    main()
