#!/usr/bin/env python
"""How does `medclust cluster` scale with the folder? Time and peak memory per image at 1k, 20k and 70k real images.

    python bench/bench_scale.py [--sizes 1000 20000 70000] [--px 32] [--k 10]

Real MNIST digits (train + test from $MEDCLUST_DATA/mnist, else the bundled sample, repeated) written as PNG folders,
each clustered by `cluster_folder` (pretrained EfficientNet-Lite0 head, --px px, k=--k) in its own process, so that
the peak resident memory printed (ru_maxrss) belongs to that run alone. Per folder, side by side:
  cold  : an empty feature store of its own (every row computed);
  warm  : the same folder again (every row read from the store);
  add 10: ten new images in the folder (10 rows computed, the rest read).
Targets (issue 23): peak memory below 2x the feature matrix plus a constant (the 1k run's peak), and warm and add-10
under 10% of cold.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile
from pathlib import Path
import numpy as np
from PIL import Image

CALL = r'''
import json, resource, sys, time
from medclust_nb.cli import cluster_folder
t = time.perf_counter()
s = cluster_folder(sys.argv[1], sys.argv[2], k=int(sys.argv[4]), size=int(sys.argv[3]), labels=None, overwrite=True, progress=False)
print(json.dumps(dict(seconds=time.perf_counter() - t, n=s['n_clustered'], cached=s['features_from_cache'], storage=s['feature_storage'],
                      dim=s['feature_dim'], rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
'''

def digits(n:int)->np.ndarray:
    "n real MNIST digits (uint8 28x28): train + test when $MEDCLUST_DATA has them, else the bundled sample, repeated."
    try:
        from medclust_nb.data import load_mnist
        ims = np.concatenate([np.asarray(load_mnist(s, download=False).images) for s in ('train', 'test')])
    except Exception:
        from medclust_nb.data import sample_dataset
        ims = np.asarray(sample_dataset('mnist', split='train').images)
    ims = ims.reshape(len(ims), 28, 28)
    return ims[np.arange(n) % len(ims)]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[1000, 20000, 70000]); ap.add_argument('--px', type=int, default=32)
    ap.add_argument('--k', type=int, default=10); ap.add_argument('--cache', default=None, help='feature store folder [a new temp folder]')
    ap.add_argument('--out', default=str(Path(__file__).resolve().parents[1]/'results'/'bench_scale.json'), help='results file (the README table) [results/bench_scale.json]')
    a = ap.parse_args()
    root = Path(tempfile.mkdtemp()); cache = Path(a.cache or root/'cache')
    ims = digits(max(a.sizes) + 10); rows = []
    print(f"MNIST digits as PNG, EfficientNet-Lite0 at {a.px} px, k={a.k}, {os.cpu_count()} CPUs; feature store {cache}")
    for n in a.sizes:
        d = root/f'imgs{n}'; (d/'a').mkdir(parents=True)
        env = {**os.environ, 'MEDCLUST_CACHE': str(cache/str(n))}     # a store of its own per size: the cold run is cold
        for i in range(n): Image.fromarray(ims[i]).save(d/'a'/f'{i:06d}.png')
        run = lambda: json.loads(subprocess.run([sys.executable, '-c', CALL, str(d), str(root/f'out{n}'), str(a.px), str(a.k)], env=env,
                                                check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        cold = run(); warm = run()
        for i in range(n, n + 10): Image.fromarray(ims[i]).save(d/'a'/f'{i:06d}.png')
        add = run()
        for name, r in (('cold', cold), ('warm', warm), ('add 10', add)):
            rows.append(dict(images=n, run=name, **r))
            print(f"  {n:7,d} {name:6s} {r['seconds']:8.1f} s  {1e3 * r['seconds'] / r['n']:6.2f} ms/image  peak RSS {r['rss_mb']:7.0f} MB"
                  f"  ({r['storage']}, {r['cached']:,} rows from the store)" + ('' if name == 'cold' else f"  {r['seconds'] / cold['seconds']:.1%} of cold"), flush=True)
        shutil.rmtree(d); shutil.rmtree(root/f'out{n}', ignore_errors=True)
    if not a.cache: shutil.rmtree(root, ignore_errors=True)           # the stores and folders of this run (GBs at 70k)
    base = min(r['rss_mb'] for r in rows if r['run'] == 'cold')
    print(f"\npeak memory against the target (2 x the feature matrix + the smallest run's peak, {base:.0f} MB):")
    for r in rows:
        if r['run'] != 'cold': continue
        fm = r['n'] * r['dim'] * 4 / 2**20
        print(f"  {r['images']:7,d} images: feature matrix {fm:6.0f} MB, peak {r['rss_mb']:6.0f} MB, target {2 * fm + base:6.0f} MB: "
              + ('met' if r['rss_mb'] <= 2 * fm + base else 'NOT met'))
    import subprocess as sp
    from medclust_nb.core import atomic_write_json
    try:
        git = lambda *c: sp.run(['git', *c], capture_output=True, text=True, cwd=Path(__file__).parent).stdout.strip()
        commit = (git('rev-parse', 'HEAD') + ('-dirty' if git('status', '--porcelain', '--untracked-files=no') else '')) or None
    except OSError: commit = None
    atomic_write_json(a.out, dict(command=' '.join(['MEDCLUST_DATA=../shared/data python bench/bench_scale.py', *sys.argv[1:]]), commit=commit,
                                  cpus=os.cpu_count(), px=a.px, k=a.k, baseline_rss_mb=base, rows=rows))
    print('wrote', a.out)

if __name__ == '__main__': main()
