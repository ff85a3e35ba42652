#!/usr/bin/env python
"""`medclust cluster` end to end against paper 000's code pattern, on the same PNG files, side by side in one run.

    python bench/bench_cluster.py [--n 624] [--layer head]

The files: PneumoniaMNIST's official test split (624 images) exported as PNG, from `$MEDCLUST_DATA/medmnist` (or the
bundled 200-image subset when the full file is absent; the script says which). Both sides run as fresh processes, so
imports, model loading, decoding, features, k-means and output are all inside the timing:

  paper:    the pattern of paper 000's listing: for each file of os.listdir, PIL open, convert RGB, torchvision
            Resize(224) + ToTensor + Normalize, one forward under torch.no_grad(), then scikit-learn KMeans(k=2) and a
            print per file. Same backbone (EfficientNet-Lite0, pooled head) so that only the pattern differs.
  medclust: `medclust cluster DIR --k 2 --out OUT` with an empty feature cache (cold), which also writes clusters.csv,
            gallery.png, skipped.csv and summary.json.

Target (issue 5, 2-core CPU): medclust at least 3x faster.
"""
import argparse, os, subprocess, sys, tempfile, time, textwrap
from pathlib import Path
import numpy as np
from PIL import Image

PAPER = textwrap.dedent('''
    import os, sys, numpy as np, torch
    from torchvision import transforms
    from PIL import Image
    from sklearn.cluster import KMeans
    from medclust_nb.features import backbone
    image_dir, layer = sys.argv[1], sys.argv[2]
    model = backbone('efficientnet-lite0', layer=layer)      # the paper: EfficientNet.from_pretrained('efficientnet-b0'); model.eval()
    transform = transforms.Compose([transforms.Resize((224, 224)), transforms.ToTensor(),
                                    transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])])
    features = []
    for img_name in os.listdir(image_dir):
        img = Image.open(os.path.join(image_dir, img_name)).convert('RGB')
        x = transform(img).unsqueeze(0)
        with torch.no_grad():
            features.append(model(x).squeeze().numpy())
    labels = KMeans(n_clusters=2, random_state=0).fit_predict(np.array(features))
    for i, img_name in enumerate(os.listdir(image_dir)):
        print(f"{img_name} -> cluster: {labels[i]}")
''')

def export_pngs(n, dest):
    from medclust_nb.core import data_root
    from medclust_nb.data import sample
    full = data_root()/'medmnist'/'pneumoniamnist.npz'
    src = full if full.exists() else sample('pneumoniamnist')/'pneumoniamnist.npz'
    with np.load(src) as z: imgs = z['test_images'][:n]
    for i, a in enumerate(imgs): Image.fromarray(a).save(dest/f'test_{i:04d}.png')
    return src, len(imgs)

def run(cmd, env):
    t = time.perf_counter(); r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode: sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return dt, r.stdout

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--n', type=int, default=624); ap.add_argument('--layer', default='head')
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp()); d = tmp/'pngs'; d.mkdir()
    src, n = export_pngs(a.n, d)
    env = dict(os.environ, MEDCLUST_CACHE=str(tmp/'cache'), PYTHONWARNINGS='ignore')
    (tmp/'paper.py').write_text(PAPER)
    t_paper, _ = run([sys.executable, str(tmp/'paper.py'), str(d), a.layer], env)
    medclust = [str(Path(sys.executable).with_name('medclust'))]
    t_ours, out = run(medclust + ['cluster', str(d), '--k', '2', '--out', str(tmp/'out'), '--layer', a.layer], env)
    print(f"{n} PneumoniaMNIST test images as PNG (from {src}), EfficientNet-Lite0 {a.layer}, {os.cpu_count()} CPUs")
    print(f"  paper 000's per-image pattern : {t_paper:7.1f} s  ({n / t_paper:5.1f} img/s)")
    print(f"  medclust cluster (cold cache) : {t_ours:7.1f} s  ({n / t_ours:5.1f} img/s)")
    print(f"  speed-up = {t_paper / t_ours:.2f}x   (target >= 3x)")
    print('  ' + out.strip().splitlines()[0])
    t_56, out56 = run(medclust + ['cluster', str(d), '--k', '2', '--out', str(tmp/'out56'), '--layer', a.layer, '--size', '56'], env)
    print(f"  a different configuration, for reference: medclust cluster --size 56 (2x the native 28 px; with the network as trained")
    print(f"  it clusters PneumoniaMNIST worse than 224 px, see 01_features): {t_56:.1f} s ({n / t_56:.1f} img/s), {t_paper / t_56:.1f}x the paper's pattern")
    print('  ' + out56.strip().splitlines()[0] + '\n  ' + out56.strip().splitlines()[1])
