#!/usr/bin/env python
"""How fast are `extract_features` and `kmeans`? Side by side in one run, on the same inputs.

    python bench/bench_features.py [--n 128] [--kmeans-n 100000] [--skip-kmeans]

Features: N real 224 px images (the bundled NIH chest X-rays, resized to 224 px and written as PNG files) through the
pretrained EfficientNet-Lite0 head, three ways:
  (a) bare forward: the model alone (eager) on tensors already decoded and preprocessed, inference mode, in batches of 4
      (extract_features's CPU default) and of 64;
  (b) per-image loop, paper 000's pattern: for each file PIL open, convert RGB, torchvision transforms, one forward
      under torch.no_grad(), one image at a time;
  (c) `extract_features` on the folder: decoding in DataLoader workers, batching, inference mode, no cache.
Targets (issue 4, 2-core CPU): (c) >= 0.8x (a) and >= 3x (b).

k-means: 100k x 256 float32 points, k=104, two problems (a mixture of 104 Gaussians, well separated, and overlapping as
CNN features are), `kmeans` (faiss when installed) against scikit-learn's `KMeans(n_clusters=104)` with its defaults.
Target: >= 10x faster at an inertia within 1%.
"""
import argparse, os, shutil, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image

from medclust_nb.data import ImageFolder, sample
from medclust_nb.features import backbone, extract_features, kmeans

def make_images(n, size=224):
    "n real chest X-rays from the bundled NIH sample, resized to `size` px and saved as PNG in a temp folder."
    src = sorted(sample('nih64').rglob('*.png'))
    d = Path(tempfile.mkdtemp())/'imgs'; d.mkdir()
    for i in range(n):
        Image.open(src[i % len(src)]).convert('L').resize((size, size), Image.BICUBIC).save(d/f'{i:05d}.png')
    return d

def per_image_loop(folder, bb, size=224):
    "Paper 000's pattern: one image at a time, PIL + torchvision transforms + forward under no_grad."
    from torchvision import transforms
    tf = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor(), transforms.Normalize([0.5] * 3, [0.5] * 3)])
    feats = []
    for name in sorted(os.listdir(folder)):
        x = tf(Image.open(folder/name).convert('RGB')).unsqueeze(0)
        with torch.no_grad(): feats.append(bb(x).numpy().ravel())
    return np.stack(feats)

def bare_forward(xs, bb, batch=64):
    with torch.inference_mode(): return torch.cat([bb(xs[i:i + batch]) for i in range(0, len(xs), batch)]).numpy()

def timed(f, *a, **k):
    t = time.perf_counter(); r = f(*a, **k); return r, time.perf_counter() - t

def bench_features(n):
    folder = make_images(n)
    bb = backbone('efficientnet-lite0')
    ds = ImageFolder(folder, labels=None)
    xs = torch.stack([bb.preprocess(ds.image(i)) for i in range(len(ds))])
    bare_forward(xs[:8], bb, 4)                                                    # warm-up
    Fa4, ta4 = timed(bare_forward, xs, bb, 4)
    Fa64, ta64 = timed(bare_forward, xs, bb, 64)
    Fb, tb = timed(per_image_loop, folder, bb)
    fc, tc = timed(extract_features, ds, bb, cache=False)
    print(f"features: {n} PNG images at 224 px, {bb}, {torch.get_num_threads()} torch threads, {os.cpu_count()} CPUs")
    for name, t in [('(a) bare forward, batches of 4', ta4), ("(a') bare forward, batches of 64", ta64),
                    ('(b) per-image loop (paper 000)', tb), ('(c) extract_features (defaults, no cache)', tc)]:
        print(f"  {name:42s} {t:7.2f} s  {n / t:7.1f} img/s")
    print(f"  extract_features / bare forward (same batch of 4) = {ta4 / tc:.2f}x   (target >= 0.8x)")
    print(f"  extract_features / bare forward (batch of 64)     = {ta64 / tc:.2f}x")
    print(f"  extract_features / per-image loop                 = {tb / tc:.2f}x   (target >= 3x)")
    print(f"  max |difference| of features (c) vs (b): {np.abs(fc.X - Fb).max():.2e}")
    shutil.rmtree(folder.parent)
    return dict(bare=n / ta4, loop=n / tb, extract=n / tc)

def mixture(n, d, k, spread, rng):
    "n points around k Gaussian centres N(0, spread^2 I) with unit noise of unequal scale per point."
    centres = rng.normal(0, spread, (k, d)).astype(np.float32)
    return (centres[rng.integers(0, k, n)] + rng.normal(0, 1, (n, d)) * rng.uniform(0.5, 1.5, (n, 1))).astype(np.float32)

def bench_kmeans(n, d=256, k=104, seed=0):
    from sklearn.cluster import KMeans
    rng = np.random.default_rng(seed); out = {}
    print(f"k-means: {n} x {d}, k={k}; scikit-learn KMeans(n_clusters={k}) with its defaults vs medclust kmeans")
    for name, spread in [('well-separated clusters (centre spread 1.0)', 1.0), ('overlapping clusters, like CNN features (spread 0.15)', 0.15)]:
        X = mixture(n, d, k, spread, rng)
        ours, t1 = timed(kmeans, X, k, seed=seed)
        sk, t2 = timed(lambda: KMeans(n_clusters=k, random_state=seed).fit(X))
        print(f"  {name}:")
        print(f"    medclust kmeans (backend {ours.backend}) {t1:7.2f} s  inertia {ours.inertia:.6g}")
        print(f"    scikit-learn KMeans            {t2:7.2f} s  inertia {sk.inertia_:.6g}  ({sk.n_iter_} iterations)")
        print(f"    speed-up = {t2 / t1:.1f}x (target >= 10x); inertia ours/sklearn = {ours.inertia / sk.inertia_:.4f} (target <= 1.01)")
        out[spread] = dict(speedup=t2 / t1, inertia_ratio=ours.inertia / sk.inertia_)
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=128); ap.add_argument('--kmeans-n', type=int, default=100_000)
    ap.add_argument('--skip-kmeans', action='store_true'); ap.add_argument('--skip-features', action='store_true')
    a = ap.parse_args()
    if not a.skip_features: bench_features(a.n)
    if not a.skip_kmeans: bench_kmeans(a.kmeans_n)
