#!/usr/bin/env python
"""What does the feature cache cost as a folder grows? Cold run, warm re-run and a 10-image addition, side by side.

    python bench/bench_store.py [--n 2000] [--size 32]

Real MNIST digits (from $MEDCLUST_DATA/mnist, else the bundled sample, repeated), written as PNG files, through
`extract_features` with the pretrained EfficientNet-Lite0 head at --size px. Three calls in one cache folder:
  cold  : every row computed and written as shards;
  warm  : the same folder again (every row read from the store);
  add 10: ten new images (computed and stored as one new shard; the store's other shards are not rewritten).
Each call runs in its own process, so the peak resident memory printed (ru_maxrss) belongs to that call alone.
Targets (issue 23): warm and add-10 under 10% of cold; the bytes the add-10 writes stay in proportion to 10 images.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from PIL import Image

CALL = r'''
import json, resource, sys, time
from medclust_nb.data import ImageFolder
from medclust_nb.extract import extract_features
from medclust_nb.backbones import backbone
t = time.perf_counter()
f = extract_features(ImageFolder(sys.argv[1], labels=None), backbone('efficientnet-lite0', size=int(sys.argv[3])), cache_dir=sys.argv[2], progress=False)
print(json.dumps(dict(seconds=time.perf_counter() - t, computed=f.computed, rows=len(f.X), rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
'''

def digits(n:int)->np.ndarray:
    "n real MNIST digits (uint8 28x28): the full set when $MEDCLUST_DATA has it, else the bundled sample, repeated."
    try:
        from medclust_nb.data import load_mnist
        ds = load_mnist('train', download=False)
    except Exception:
        from medclust_nb.data import sample_dataset
        ds = sample_dataset('mnist', split='train')
    ims = np.asarray(ds.images); ims = ims.reshape(ims.shape[0], ims.shape[1], ims.shape[2]) if ims.ndim == 4 else ims
    return ims[np.arange(n) % len(ims)]

def folder_bytes(d:Path)->int: return sum(p.stat().st_size for p in d.rglob('*') if p.is_file())

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--n', type=int, default=2000); ap.add_argument('--size', type=int, default=32)
    a = ap.parse_args()
    root = Path(tempfile.mkdtemp()); imgs, cache = root/'imgs', root/'cache'; imgs.mkdir()
    ims = digits(a.n + 10)
    for i in range(a.n): Image.fromarray(ims[i]).save(imgs/f'{i:06d}.png')
    run = lambda: json.loads(subprocess.run([sys.executable, '-c', CALL, str(imgs), str(cache), str(a.size)], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    cold = run(); b_cold = folder_bytes(cache)
    warm = run()
    for i in range(a.n, a.n + 10): Image.fromarray(ims[i] if i < len(ims) else ims[i % len(ims)]).save(imgs/f'{i:06d}.png')
    add = run(); b_add = folder_bytes(cache) - b_cold
    print(f"{a.n} MNIST digits as PNG, EfficientNet-Lite0 at {a.size} px, {os.cpu_count()} CPUs")
    for name, r in (('cold', cold), ('warm', warm), ('add 10', add)):
        print(f"  {name:7s} {r['seconds']:7.2f} s  {r['computed']:6d} computed  {r['rows']:6d} rows  peak RSS {r['rss_mb']:7.0f} MB"
              + ('' if name == 'cold' else f"  {r['seconds'] / cold['seconds']:.1%} of cold"))
    print(f"  store after cold: {b_cold / 1e6:.1f} MB; the add-10 wrote {b_add / 1e3:.1f} kB ({b_add / max(b_cold, 1):.2%} of it)")
    import shutil; shutil.rmtree(root, ignore_errors=True)             # the images and the store of this run

if __name__ == '__main__': main()
