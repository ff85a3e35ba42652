#!/usr/bin/env python
"""Is loading a bottleneck? Images/s of the folder dataset through a DataLoader with workers, against plain PIL decoding
of the same files, measured side by side in one run.

    python bench/bench_loading.py [FOLDER] [--workers N] [--repeat R]

FOLDER defaults to the bundled NIH 64 px sample and chest X-ray folder copied R times into a temp folder (so there is
enough work to time). Both paths decode every file and produce a 224 px, 3-channel float tensor; the PIL baseline is the
per-image pattern of paper 000's code (open, convert RGB, resize, to tensor), in one process.
"""
import argparse, os, shutil, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image

from medclust_nb.data import ImageFolder, Preprocess, iterate_batches, sample, IMAGE_EXTS

def pil_loop(paths, size=224):
    n = 0
    for p in paths:
        if p.suffix.lower() in ('.dcm', '.dicom'): continue            # PIL cannot read DICOM: not counted on either side
        im = Image.open(p).convert('RGB').resize((size, size), Image.BILINEAR)
        x = torch.from_numpy(np.asarray(im, dtype=np.float32) / 255.).permute(2, 0, 1)
        n += 1
    return n

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('folder', nargs='?'); ap.add_argument('--workers', type=int, default=os.cpu_count())
    ap.add_argument('--repeat', type=int, default=4); ap.add_argument('--batch-size', type=int, default=64)
    a = ap.parse_args()
    tmp = None
    if a.folder is None:
        tmp = Path(tempfile.mkdtemp()); folder = tmp/'imgs'
        for r in range(a.repeat):
            for name in ('nih64', 'chest_xray_folder'):
                src = sample(name)
                for p in src.rglob('*'):
                    if p.is_file() and p.suffix.lower() in IMAGE_EXTS and p.suffix.lower() not in ('.dcm',):
                        d = folder/f'r{r}'/name/p.relative_to(src); d.parent.mkdir(parents=True, exist_ok=True); shutil.copy(p, d)
    else: folder = Path(a.folder)
    ds = ImageFolder(folder, labels=None, transform=Preprocess(224))
    paths = [p for p, _ in ds.items]
    pil_loop(paths[:20])                                                   # warm the page cache for both
    t = time.perf_counter(); n_pil = pil_loop(paths); t_pil = time.perf_counter() - t
    t = time.perf_counter(); n_ds = sum(len(x) for x, _ in iterate_batches(ds, a.batch_size, a.workers)); t_ds = time.perf_counter() - t
    t = time.perf_counter(); n_ds0 = sum(len(x) for x, _ in iterate_batches(ds, a.batch_size, 0)); t_ds0 = time.perf_counter() - t
    print(f"{len(paths)} files in {folder}, {os.cpu_count()} CPUs")
    print(f"plain PIL loop (1 process)            : {n_pil / t_pil:8.1f} images/s")
    print(f"ImageFolder + DataLoader, 0 workers   : {n_ds0 / t_ds0:8.1f} images/s   ratio vs PIL {n_ds0 / t_ds0 / (n_pil / t_pil):.2f}x")
    print(f"ImageFolder + DataLoader, {a.workers} workers   : {n_ds / t_ds:8.1f} images/s   ratio vs PIL {n_ds / t_ds / (n_pil / t_pil):.2f}x")
    from medclust_nb.features import backbone
    bb = backbone('efficientnet-lite0'); x = torch.randn(32, 3, 224, 224)
    with torch.inference_mode():
        bb(x[:4]); t = time.perf_counter(); bb(x); t_m = time.perf_counter() - t
    print(f"for scale: EfficientNet-Lite0 forward at 224 px on this CPU: {32 / t_m:8.1f} images/s "
          f"(loading is {n_ds / t_ds / (32 / t_m):.0f}x faster than the model consumes)")
    if tmp: shutil.rmtree(tmp)

if __name__ == '__main__': main()
