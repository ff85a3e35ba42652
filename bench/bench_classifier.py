#!/usr/bin/env python
"""Training speed of paper 002's polyp classifier (EfficientNet-b1, 224 px, batch 16, Adam) in the two memory layouts,
side by side in one process.

    python bench/bench_classifier.py [--steps 6] [--threads 2]

  contiguous:    the model and batches as PyTorch makes them (NCHW), which is what the authors' code runs.
  channels-last: `polyp_classifier` and `to_input` as `06_gradcam_masks` exports them (NHWC); same weights, same maths.

Each side runs a warm-up step and then `--steps` optimiser steps on the same random batch; the best step is reported
(the least disturbed by other work on the machine). Prints images/s for both and their ratio.
"""
import argparse, time
import torch
import torch.nn.functional as F
from medclust_nb.gradcam_masks import polyp_classifier

def images_per_second(channels_last:bool, steps:int, batch:int=16, size:int=224)->float:
    m = polyp_classifier('efficientnet-b1')
    m = m.to(memory_format=torch.channels_last if channels_last else torch.contiguous_format).train()
    x = torch.randn(batch, 3, size, size, generator=torch.Generator().manual_seed(0))
    x = x.contiguous(memory_format=torch.channels_last) if channels_last else x.contiguous()
    y, opt, ts = torch.rand(batch, generator=torch.Generator().manual_seed(1)), torch.optim.Adam(m.parameters(), 1e-3), []
    for i in range(steps + 1):
        t0 = time.perf_counter()
        loss = F.binary_cross_entropy_with_logits(m(x)[:, 0], y); opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        if i: ts.append(time.perf_counter() - t0)
    return batch / min(ts)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=6); ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args(); torch.set_num_threads(a.threads)
    nchw, nhwc = images_per_second(False, a.steps), images_per_second(True, a.steps)
    print(f"EfficientNet-b1 training, 224 px, batch 16, {a.threads} threads, best of {a.steps} steps")
    print(f"  contiguous (NCHW):    {nchw:6.1f} images/s")
    print(f"  channels-last (NHWC): {nhwc:6.1f} images/s   ({nhwc / nchw:.2f}x)")
