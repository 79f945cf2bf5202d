#!/usr/bin/env python3
"""Baseline for bench/deep.bench.mjs: a batched PyTorch sampler of deep Erf networks (CONVENTIONS §8),
weight space, float64, torch.randn and bmm in batches of 2000, accumulating G4 on the unique index
tuples of the inputs (the plain estimator). Prints one JSON line: {"layers": [...], "nets": N,
"seconds": s, "netsPerSecond": r, "netsPerCpuSecond": c, "G4_0000": ...}.

Usage: /usr/bin/python3 bench/deep_torch.py --layers 20,20,20 [--seconds 3] [--sw 1 --sb 1]
Inputs: the paper's six (-1, -0.6, -0.2, 0.2, 0.6, 1), d_in = 1.
"""
import argparse, itertools, json, math, os, time
import torch

ap = argparse.ArgumentParser()
ap.add_argument('--layers', required=True)
ap.add_argument('--seconds', type=float, default=3.0)
ap.add_argument('--batch', type=int, default=2000)
ap.add_argument('--sw', type=float, default=1.0)
ap.add_argument('--sb', type=float, default=1.0)
ap.add_argument('--threads', type=int, default=0, help='torch threads (default: every core this process may use)')
a = ap.parse_args()
torch.set_num_threads(a.threads or len(os.sched_getaffinity(0)))
widths = [int(w) for w in a.layers.split(',')]
torch.manual_seed(0)
dt = torch.float64
x = torch.tensor([-1, -0.6, -0.2, 0.2, 0.6, 1], dtype=dt).reshape(1, 1, 6)  # (1, d_in, m)
m, B = 6, a.batch
tuples = torch.tensor(list(itertools.combinations_with_replacement(range(m), 4)), dtype=torch.long)  # (126, 4)
acc = torch.zeros(len(tuples), dtype=dt)


def batch():
    h, k = x.expand(B, 1, m), 1
    for l, n in enumerate(widths + [1]):
        W = torch.randn(B, n, k, dtype=dt) * (a.sw / math.sqrt(k))
        b = torch.randn(B, n, 1, dtype=dt) * a.sb
        z = torch.bmm(W, h) + b
        h, k = (torch.erf(z) if l < len(widths) else z), n
    f = z[:, 0, :]  # (B, m): the output (no activation)
    return f[:, tuples].prod(dim=2).sum(dim=0)


batch()  # warm-up
nets, t0, c0 = 0, time.perf_counter(), time.process_time()
while time.perf_counter() - t0 < a.seconds:
    acc += batch()
    nets += B
s, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({'layers': widths, 'nets': nets, 'seconds': s, 'netsPerSecond': nets / s, 'netsPerCpuSecond': nets / cpu,
                  'threads': torch.get_num_threads(), 'G4_0000': (acc[0] / nets).item()}))
