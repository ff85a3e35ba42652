#!/usr/bin/env python
"""What the precision switch buys: every loop at precision='fp32' (the project before the switch) and at 'auto',
side by side in one process, on real images. Ratios, never timed tests.

    python bench/bench_precision.py [--n 256] [--skip features,deepcluster,cae,classifier]

features    EfficientNet-Lite0 head at 224 px on N real chest X-rays written as PNG files (the bundled NIH sample):
            (a) the bare network on tensors already decoded, in batches of 1-16, eager and as a frozen TorchScript graph,
                at fp32 and at the precision 'auto' picks for features; the fastest of them is the bar;
            (b) paper 000's per-image loop (PIL, torchvision transforms, one forward under no_grad at a time);
            (c) `extract_features` (no cache) at 'fp32' and at 'auto'.
            Targets (issue 17): (c, auto) >= 3x (b) and >= 0.9x the fastest (a).
deepcluster one DeepCluster epoch (VGG16-BN from scratch, 64 px, batch 64, k=24): features for k-means + training, on
            real ACDC slices (the bundled sample, repeated to 512 images). Target: >= 2.5x fp32 where bf16 is native.
cae         one phase-1 epoch of 03's contrastive autoencoder (28 px, batch 256) on 2,048 real PneumoniaMNIST images.
classifier  one epoch of 06's polyp classifier (EfficientNet-b1, 224 px, batch 16, Adam) on 64 real Kvasir-SEG images.
Each training side runs a warm-up epoch first; the best of `--repeat` epochs is reported.
"""
import argparse, importlib.util, os, time
from pathlib import Path
import numpy as np, torch

from medclust_nb.core import resolve_precision, Precision
from medclust_nb.data import ImageFolder, sample, sample_dataset

_bf = importlib.util.spec_from_file_location('bench_features', Path(__file__).with_name('bench_features.py'))
bench_features = importlib.util.module_from_spec(_bf); _bf.loader.exec_module(bench_features)

def best_of(f, repeat):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)

def features(n, repeat):
    from medclust_nb.backbones import backbone
    from medclust_nb.extract import extract_features, _frozen
    folder = bench_features.make_images(n)
    bb = backbone('efficientnet-lite0').eval().to(memory_format=torch.channels_last)
    ds = ImageFolder(folder, labels=None)
    xs = torch.stack([bb.preprocess(ds.image(i)) for i in range(len(ds))]).contiguous(memory_format=torch.channels_last)
    auto = resolve_precision('auto', 'cpu', 'infer')
    print(f"features: {n} PNG chest X-rays at 224 px, EfficientNet-Lite0 head, {torch.get_num_threads()} threads, 'auto' = {auto}")
    bare = {}
    for prec in dict.fromkeys(['fp32', auto]):
        p = Precision(prec, 'cpu', 'infer')
        for graph in ('eager', 'frozen'):
            net = _frozen(bb, xs[:4], p) if graph == 'frozen' else bb
            for b in (1, 4, 8, 16):
                def go():
                    with torch.inference_mode(), p.autocast():
                        for i in range(0, n, b): net(xs[i:i + b])
                go() if b == 1 else None
                bare[prec, graph, b] = n / best_of(go, repeat)
    for (prec, graph, b), r in bare.items(): print(f"  (a) bare {prec:4s} {graph:6s} batch {b:2d}  {r:7.1f} img/s")
    loop = n / best_of(lambda: bench_features.per_image_loop(folder, bb), 1)
    ext, cold = {}, {}
    for prec in dict.fromkeys(['fp32', auto]):      # the first call traces the frozen graph; later ones in the process reuse it
        cold[prec] = n / best_of(lambda: extract_features(ds, bb, precision=prec, cache=False), 1)
        ext[prec] = n / best_of(lambda: extract_features(ds, bb, precision=prec, cache=False), repeat)
    fast_same = max(v for k, v in bare.items() if k[0] == auto); fast_all = max(bare.values())
    print(f"  (b) per-image loop (paper 000)         {loop:7.1f} img/s")
    for prec, r in ext.items(): print(f"  (c) extract_features precision={prec:4s}  {r:7.1f} img/s   (first call, tracing included: {cold[prec]:.1f})")
    print(f"  extract_features auto / fp32            = {ext[auto] / ext['fp32']:.2f}x")
    print(f"  extract_features auto / per-image loop  = {ext[auto] / loop:.2f}x   (target >= 3x)")
    print(f"  extract_features auto / fastest bare at {auto} = {ext[auto] / fast_same:.2f}x   (target >= 0.9x; first call {cold[auto] / fast_same:.2f}x); / fastest bare of all = {ext[auto] / fast_all:.2f}x")
    import shutil; shutil.rmtree(folder.parent)
    return dict(auto=auto, extract=ext, extract_first_call=cold, loop=loop, bare={f'{a}/{g}/{b}': v for (a, g, b), v in bare.items()})

def deepcluster(n, repeat):
    from medclust_nb.deepcluster import DeepCluster, DCConfig, dc_net, acdc_positions
    X, y, _ = acdc_positions(sample_dataset('acdc'), 64); X = X[torch.arange(n) % len(X)]
    lab = np.random.default_rng(0).integers(0, 24, n)
    out = {}
    for prec in ('fp32', 'auto'):
        torch.manual_seed(0); dc = DeepCluster(dc_net('vgg16_bn', k=24), DCConfig(batch_size=64), device='cpu', precision=prec)
        def epoch(): dc.features(X); dc.train_epoch(X, lab)
        epoch(); out[dc.prec.name] = n / best_of(epoch, repeat)
    return _report('DeepCluster epoch (VGG16-BN, 64 px, batch 64, features + training)', n, out)

def cae(n, repeat):
    from medclust_nb.contrastive_ae import train_cae, CAEConfig
    ds = sample_dataset('pneumoniamnist', split='train')
    X = torch.from_numpy(ds.images[..., 0].astype(np.float32) / 255.)[:, None]; X = X[torch.arange(n) % len(X)]
    out = {}
    for prec in ('fp32', 'auto'):
        cfg = CAEConfig(epochs=1, warmup_epochs=1, optimizer='adam')
        train_cae(X, cfg, device='cpu', log=False, precision=prec)
        out[resolve_precision(prec, 'cpu', 'train')] = n / best_of(lambda: train_cae(X, cfg, device='cpu', log=False, precision=prec), repeat)
    return _report("contrastive-AE epoch (03's encoder, 28 px, batch 256, phase 1)", n, out)

def classifier(n, repeat):
    from medclust_nb.gradcam_masks import polyp_classifier, train_classifier
    from medclust_nb.data import load_image
    kv = sample_dataset('kvasir_seg')
    imgs = [(load_image(p).image * 255).round().astype(np.uint8) for p in kv.image_paths]
    X = torch.from_numpy(np.stack([imgs[i % len(imgs)] for i in range(n)])); y = np.arange(n) % 2
    out = {}
    for prec in ('fp32', 'bf16'):      # 'auto' is fp32 here on a CPU: bf16 was measured slower for this network
        torch.manual_seed(0); m = polyp_classifier('efficientnet-b1')
        go = lambda: train_classifier(m, X, y, X[:16], y[:16], epochs=1, batch_size=16, device='cpu', verbose=False, precision=prec)
        go(); out[prec] = n / best_of(go, repeat)
    print(f"  (the classifier's 'auto' on this CPU: {train_auto()})")
    return _report("polyp-classifier epoch (EfficientNet-b1, 224 px, batch 16, Adam; incl. validation on 16)", n, out)

def train_auto():
    from medclust_nb.core import Precision
    return Precision(None, 'cpu', 'train', auto_on_cpu='fp32').name

def _report(what, n, out):
    (a, ra), (b, rb) = out.items()
    print(f"{what}, {n} real images:\n  fp32 {ra:7.1f} img/s   {b} {rb:7.1f} img/s   = {rb / ra:.2f}x   (target >= 2.5x where bf16 is native)")
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=256); ap.add_argument('--repeat', type=int, default=2)
    ap.add_argument('--skip', default='', help='comma-separated parts to skip')
    a = ap.parse_args(); skip = set(a.skip.split(','))
    print(f"CPU: {os.cpu_count()} cores; native bf16: {resolve_precision('auto', 'cpu', 'train') == 'bf16'}, "
          f"native fp16: {resolve_precision('auto', 'cpu', 'infer') == 'fp16'}; torch {torch.__version__}")
    if 'features' not in skip: features(a.n, a.repeat)
    if 'deepcluster' not in skip: deepcluster(512, a.repeat)
    if 'cae' not in skip: cae(2048, a.repeat)
    if 'classifier' not in skip: classifier(64, a.repeat)
