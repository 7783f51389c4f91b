#!/usr/bin/python3
"""The PyTorch peer of the bench suite's pytorch cell: a step server on stdin/stdout.

The cell sends one JSON request per line and reads one JSON reply per line:
  {"build": MODEL, "batch": B, "threads": T, "device": "cpu"}  -> {"parameters": N}
  {"step": true}                               -> {"ms": milliseconds of one training step}
  {"profile": N}                               -> {"ms": mean step, "ops": [{"name", "phase", "selfMs", "calls"}]}
    (N steps under torch.profiler, per step: each operator's own CPU time by the phase it ran in,
    "forward", "backward" or "optimizer")
"device" is optional: "cuda" trains on the GPU (a step then ends with torch.cuda.synchronize()).
MODEL describes the network by its layout, as lrlab computes it (so both sides train the same
architecture): {"kind": "wide-resnet", "stem": 16, "blocks": [{"in", "out", "stride",
"projection"}], "input": [H, W, C], "classes": K} or {"kind": "small-cnn", "channels": [...],
"input": [H, W, C], "classes": K}, or {"kind": "two-layer", "input": D, "width": W, "classes": K}
(dense-ReLU-dense, no bias: the generic two-layer step of the bench's two-layer cell). A step is a train-mode forward, the backward, and SGD with
Nesterov momentum 0.9 and weight decay 5e-4, as lrlab's side does. Inputs are seeded.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    """Pre-activation residual block: BN-ReLU-conv3x3(stride)-BN-ReLU-conv3x3, 1x1 projection of the activated input."""

    def __init__(self, cin, cout, stride, projection):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, 0, bias=False) if projection else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        residual = self.shortcut(a) if self.shortcut is not None else x
        out = self.conv2(F.relu(self.bn2(self.conv1(a))))
        return residual + out


class WideResNet(nn.Module):
    def __init__(self, spec):
        super().__init__()
        cin = spec["input"][2]
        self.stem = nn.Conv2d(cin, spec["stem"], 3, 1, 1, bias=False)
        self.blocks = nn.Sequential(*[Block(b["in"], b["out"], b["stride"], b["projection"]) for b in spec["blocks"]])
        width = spec["blocks"][-1]["out"]
        self.bn = nn.BatchNorm2d(width)
        self.head = nn.Linear(width, spec["classes"])

    def forward(self, x):
        h = F.relu(self.bn(self.blocks(self.stem(x))))
        return self.head(h.mean(dim=(2, 3)))


class TwoLayer(nn.Module):
    """dense (no bias) - ReLU - dense (no bias)."""

    def __init__(self, spec):
        super().__init__()
        self.hidden = nn.Linear(spec["input"], spec["width"], bias=False)
        self.out = nn.Linear(spec["width"], spec["classes"], bias=False)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


class SmallCnn(nn.Module):
    """conv3x3 (stride 1, then 2) - BN - ReLU per layer, global average pool, a dense head."""

    def __init__(self, spec):
        super().__init__()
        layers, cin = [], spec["input"][2]
        for i, cout in enumerate(spec["channels"]):
            layers += [nn.Conv2d(cin, cout, 3, 1 if i == 0 else 2, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
            cin = cout
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(cin, spec["classes"])

    def forward(self, x):
        return self.head(self.body(x).mean(dim=(2, 3)))


def train_step(state):
    state["optimizer"].zero_grad(set_to_none=True)
    loss = F.cross_entropy(state["model"](state["x"]), state["labels"])
    loss.backward()
    state["optimizer"].step()
    if state["cuda"]:
        torch.cuda.synchronize()


def profile_steps(state, steps):
    """Each operator's own CPU time per step, by the phase (a record_function range) it ran in."""
    from torch.autograd import profiler

    phases = ("forward", "backward", "optimizer")
    with profiler.profile() as prof:
        start = time.perf_counter()
        for _ in range(steps):
            state["optimizer"].zero_grad(set_to_none=True)
            with profiler.record_function("forward"):
                loss = F.cross_entropy(state["model"](state["x"]), state["labels"])
            with profiler.record_function("backward"):
                loss.backward()
            with profiler.record_function("optimizer"):
                state["optimizer"].step()
        ms = (time.perf_counter() - start) * 1000 / steps
    totals = {}
    for event in prof.function_events:
        if event.name in phases:
            continue
        phase, parent = "other", event.cpu_parent
        while parent is not None:
            if parent.name in phases:
                phase = parent.name
                break
            parent = parent.cpu_parent
        key = (event.name, phase)
        entry = totals.setdefault(key, [0.0, 0])
        entry[0] += event.self_cpu_time_total / 1000 / steps
        entry[1] += 1 / steps
    ops = [{"name": n, "phase": p, "selfMs": v[0], "calls": v[1]} for (n, p), v in totals.items()]
    return {"ms": ms, "ops": sorted(ops, key=lambda o: -o["selfMs"])}


def main():
    state = {}
    for line in sys.stdin:
        request = json.loads(line)
        if "build" in request:
            torch.set_num_threads(request["threads"])
            torch.manual_seed(1)
            spec = request["build"]
            device = torch.device(request.get("device", "cpu"))
            model = {"wide-resnet": WideResNet, "small-cnn": SmallCnn, "two-layer": TwoLayer}[spec["kind"]](spec).to(device)
            model.train()
            if spec["kind"] == "two-layer":
                x = torch.randn(request["batch"], spec["input"], device=device)
            else:
                h, w, c = spec["input"]
                x = torch.randn(request["batch"], c, h, w, device=device)
            labels = torch.arange(request["batch"], device=device) % spec["classes"]
            optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
            state = {"model": model, "x": x, "labels": labels, "optimizer": optimizer, "cuda": device.type == "cuda"}
            reply = {
                "parameters": sum(p.numel() for p in model.parameters()),
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
            }
        elif "profile" in request:
            reply = profile_steps(state, request["profile"])
        else:
            start = time.perf_counter()
            train_step(state)
            reply = {"ms": (time.perf_counter() - start) * 1000}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
