#!/usr/bin/env python
"""The GPU check of issue 17, prepared to run once on a CUDA machine in under 10 minutes:

    python bench/gpu_check.py [--out DIR]      # DIR defaults to $OUT, else results/quick

Times, at precision='fp32' and 'auto' (fp16 features, bf16 or fp16 training with AMP), in one process:
  features    extract_features, EfficientNet-Lite0 head, 224 px, 2,048 real PNG chest X-rays (the bundled NIH sample
              resized and repeated), batch 64, DataLoader workers and pinned memory; and the bare network on tensors
              already on the GPU, eager and under torch.compile (to see whether compiling pays);
  deepcluster one DeepCluster epoch, VGG16-BN from scratch, 64 px, 4,096 real ACDC slices (repeated), batch 256;
  classifier  one epoch of the EfficientNet-b1 polyp classifier, 224 px, batch 16, on 256 real Kvasir-SEG images.
Writes gpu_check.json (images/s per part and precision, the GPU's name, torch version) to DIR.
"""
import argparse, json, os, time, importlib.util
from pathlib import Path
import numpy as np, torch

from medclust_nb.core import resolve_precision, Precision, atomic_write_json
from medclust_nb.data import ImageFolder, sample_dataset, load_image

_bf = importlib.util.spec_from_file_location('bench_features', Path(__file__).with_name('bench_features.py'))
bench_features = importlib.util.module_from_spec(_bf); _bf.loader.exec_module(bench_features)

def timed(f):
    torch.cuda.synchronize(); t = time.perf_counter(); r = f(); torch.cuda.synchronize(); return r, time.perf_counter() - t

def features(out):
    from medclust_nb.features import backbone, extract_features
    n = 2048; folder = bench_features.make_images(n); ds = ImageFolder(folder, labels=None)
    bb = backbone('efficientnet-lite0')
    for prec in ('fp32', 'auto'):
        extract_features(ds, bb, precision=prec, cache=False, device='cuda', batch_size=64)         # warm-up (cuDNN autotune)
        f, t = timed(lambda: extract_features(ds, bb, precision=prec, cache=False, device='cuda', batch_size=64))
        out[f'features/extract/{f.precision}'] = n / t
    xs = torch.stack([bb.preprocess(ds.image(i)) for i in range(256)]).cuda().contiguous(memory_format=torch.channels_last)
    net = bb.cuda().eval().to(memory_format=torch.channels_last)
    for prec in ('fp32', 'auto'):
        p = Precision(prec, 'cuda', 'infer')
        for name, m in (('eager', net), ('compiled', torch.compile(net))):
            def go():
                with torch.inference_mode(), p.autocast():
                    for i in range(0, len(xs), 64): m(xs[i:i + 64])
            go(); _, t = timed(go); out[f'features/bare_{name}/{p.name}'] = len(xs) / t

def deepcluster(out):
    from medclust_nb.deepcluster import DeepCluster, DCConfig, dc_net, acdc_positions
    X, _, _ = acdc_positions(sample_dataset('acdc'), 64); n = 4096; X = X[torch.arange(n) % len(X)]
    lab = np.random.default_rng(0).integers(0, 24, n)
    for prec in ('fp32', 'auto'):
        torch.manual_seed(0); dc = DeepCluster(dc_net('vgg16_bn', k=24), DCConfig(batch_size=256), device='cuda', precision=prec)
        def epoch(): dc.features(X); dc.train_epoch(X, lab)
        epoch(); _, t = timed(epoch); out[f'deepcluster/epoch/{dc.prec.name}'] = n / t

def classifier(out):
    from medclust_nb.gradcam_masks import polyp_classifier, train_classifier
    kv = sample_dataset('kvasir_seg'); imgs = [(load_image(p).image * 255).round().astype(np.uint8) for p in kv.image_paths]
    n = 256; X = torch.from_numpy(np.stack([imgs[i % len(imgs)] for i in range(n)])); y = np.arange(n) % 2
    for prec in ('fp32', 'auto'):
        torch.manual_seed(0); m = polyp_classifier('efficientnet-b1')
        go = lambda: train_classifier(m, X, y, X[:32], y[:32], epochs=1, batch_size=16, device='cuda', verbose=False, precision=prec)
        go(); _, t = timed(go); out[f'classifier/epoch/{resolve_precision(prec, "cuda", "train")}'] = n / t

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=os.environ.get('OUT') or 'results/quick'); a = ap.parse_args()
    if not torch.cuda.is_available(): raise SystemExit('gpu_check: no CUDA device here')
    out = dict(gpu=torch.cuda.get_device_name(), torch=torch.__version__, cpus=os.cpu_count(),
               auto={t: resolve_precision('auto', 'cuda', t) for t in ('train', 'infer')})
    for part in (features, deepcluster, classifier):
        t = time.perf_counter()
        try: part(out)
        except Exception as e: out[f'{part.__name__}/error'] = f'{type(e).__name__}: {e}'
        print(part.__name__, f'{time.perf_counter() - t:.0f}s', {k: v for k, v in out.items() if k.startswith(part.__name__)}, flush=True)
    print(atomic_write_json(Path(a.out)/'gpu_check.json', out))
