#!/usr/bin/env python
"""Does the precision switch change the science? fp32 against the half formats, on the real data, written to
results/precision.json (the README's precision table is generated from it).

    MEDCLUST_DATA=../shared/data python scripts/precision_agreement.py [--seeds 3] [--dc-seeds 2] [--dc-epochs 3]

1. Features (frozen EfficientNet-Lite0, 224 px, PneumoniaMNIST test, all 624 images): per-image cosine of the fp16 and
   bf16 features with the float32 ones, and the agreement of k-means (k=2, same seed) assignments with float32's.
2. DeepCluster (VGG16-BN from scratch, 64 px, the 1,902 ACDC slices, k=24, batch 64, SGD as DeepMCAT): the loss and
   the NMI with slice position after each epoch, per seed, in fp32 and bf16.
3. The contrastive autoencoder (28 px, PneumoniaMNIST train 4,708 images, the Adam variant of 03, phase 1 then
   phase 2): the last loss and the test NMI of the nearest prototype, per seed, in fp32 and bf16.
Criterion (issue 17): per-image cosine >= 0.999 and k-means agreement >= 99% for the precision 'auto' uses for
features; for training, |mean(bf16) - mean(fp32)| of the final loss and NMI no larger than the seed-to-seed spread
(max - min over seeds) of fp32. Each finished run is kept in a progress file, so an interrupted script resumes.
"""
import argparse, json, os, sys, time, tempfile
from pathlib import Path
import numpy as np, torch

from medclust_nb.core import save_results, metric, resolve_precision, atomic_write_json
from medclust_nb.data import load_medmnist, load_acdc
from medclust_nb.features import extract_features, backbone, kmeans, l2_normalize, hungarian_accuracy, nmi

def features_part():
    ds = load_medmnist('pneumoniamnist', 'test', download=False)
    bb = backbone('efficientnet-lite0')
    F = {p: extract_features(ds, bb, precision=p, cache=False) for p in ('fp32', 'fp16', 'bf16')}
    ref = F['fp32'].X / np.linalg.norm(F['fp32'].X, axis=1, keepdims=True)
    km0 = kmeans(l2_normalize(F['fp32'].X), 2, seed=0).labels
    out = dict(n=len(ds), seconds={p: F[p].seconds for p in F})
    for p in ('fp16', 'bf16'):
        X = F[p].X / np.linalg.norm(F[p].X, axis=1, keepdims=True)
        cos = (X * ref).sum(1)
        out[p] = dict(cos_min=float(cos.min()), cos_median=float(np.median(cos)),
                      kmeans_agreement=hungarian_accuracy(kmeans(l2_normalize(F[p].X), 2, seed=0).labels, km0))
    return out

def dc_run(seed, precision, epochs):
    from medclust_nb.deepcluster import deepmcat_run, acdc_positions, dc_net
    X, y, names = acdc_positions(load_acdc(), 64)
    torch.manual_seed(seed)
    t = time.perf_counter()
    r = deepmcat_run(X, y, len(names), epochs, net=dc_net('vgg16_bn', k=24), batch_size=64, seed=seed, precision=precision, verbose=True)
    return dict(loss=r['log']['loss'], nmi_epoch=r['log']['nmi'], final_nmi=r['final']['nmi'], seconds=time.perf_counter() - t,
                precision=r['log']['precision'][-1])

def cae_run(seed, precision, epochs):
    from medclust_nb.contrastive_ae import train_cae, CAEConfig, encode, nearest_prototype
    tr, te = load_medmnist('pneumoniamnist', 'train', download=False), load_medmnist('pneumoniamnist', 'test', download=False)
    Xtr = torch.from_numpy(tr.images[..., 0].astype(np.float32) / 255.)[:, None]
    Xte = torch.from_numpy(te.images[..., 0].astype(np.float32) / 255.)[:, None]
    cfg = CAEConfig(epochs=epochs, warmup_epochs=epochs // 2, lr_warm=1, bn=True, k=2, seed=seed)   # 03's main configuration: LARS + batch norm
    t = time.perf_counter()
    model, hist = train_cae(Xtr, cfg, device='cpu', log=False, precision=precision)
    lab = nearest_prototype(encode(model, Xte), np.asarray(hist['protos']))
    return dict(loss=hist['loss'], phase=hist['phase'], final_nmi=nmi(lab, te.targets), seconds=time.perf_counter() - t, precision=hist['precision'])

def spread_check(runs, key):
    "mean over seeds per precision, fp32's seed-to-seed range, and whether bf16's mean lies within it of fp32's."
    val = lambda r: r[key][-1] if isinstance(r[key], list) else r[key]
    a = np.array([val(r) for r in runs['fp32']]); b = np.array([val(r) for r in runs['bf16']])
    spread = float(a.max() - a.min())
    return dict(fp32=a.tolist(), bf16=b.tolist(), fp32_mean=float(a.mean()), bf16_mean=float(b.mean()), fp32_spread=spread,
                difference=float(abs(b.mean() - a.mean())), within_spread=bool(abs(b.mean() - a.mean()) <= spread))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, default=3, help='seeds of the contrastive AE [3]')
    ap.add_argument('--dc-seeds', type=int, default=2, help='seeds of DeepCluster [2]')
    ap.add_argument('--dc-epochs', type=int, default=3); ap.add_argument('--cae-epochs', type=int, default=10)
    ap.add_argument('--progress', default=str(Path(tempfile.gettempdir())/'medclust_precision_progress.json'))
    a = ap.parse_args(); torch.set_num_threads(os.cpu_count() or 1)
    prog_file = Path(a.progress)
    prog = json.loads(prog_file.read_text()) if prog_file.exists() else {}
    def step(name, f, *args):
        if name not in prog:
            print(f'--- {name}', flush=True); prog[name] = f(*args); atomic_write_json(prog_file, prog)
        return prog[name]
    feats = step('features', features_part)
    dc = {p: [step(f'dc/{p}/{s}/{a.dc_epochs}', dc_run, s, p, a.dc_epochs) for s in range(a.dc_seeds)] for p in ('fp32', 'bf16')}
    cae = {p: [step(f'cae/{p}/{s}/{a.cae_epochs}', cae_run, s, p, a.cae_epochs) for s in range(a.seeds)] for p in ('fp32', 'bf16')}
    auto = resolve_precision(task='infer')
    out = dict(features=feats, deepcluster=dict(loss=spread_check(dc, 'loss'), nmi=spread_check(dc, 'final_nmi'),
                                                 seconds={p: float(np.mean([r['seconds'] for r in dc[p]])) for p in dc}, runs=dc),
               cae=dict(loss=spread_check(cae, 'loss'), nmi=spread_check(cae, 'final_nmi'),
                        seconds={p: float(np.mean([r['seconds'] for r in cae[p]])) for p in cae}, runs=cae))
    ms = [metric(f'min per-image cosine with fp32 ({p} features)', feats[p]['cos_min'], baseline=0.999) for p in ('fp16', 'bf16')]
    ms += [metric(f'k-means agreement with fp32 ({p} features)', feats[p]['kmeans_agreement'], baseline=0.99) for p in ('fp16', 'bf16')]
    for part in ('deepcluster', 'cae'):
        for key in ('loss', 'nmi'):
            c = out[part][key]
            ms += [metric(f'{part} final {key}, bf16 mean - fp32 mean (|.|)', c['difference'], baseline=c['fp32_spread'])]
    cmd = ' '.join(['MEDCLUST_DATA=../shared/data python scripts/precision_agreement.py'] + sys.argv[1:])
    f = save_results('precision', ms, data='PneumoniaMNIST test (624, features) and train (4708, CAE); ACDC 1,902 slices (DeepCluster)',
                     backbone='efficientnet-lite0 (features), VGG16-BN from scratch (DeepCluster), 03 encoder (CAE)', mode='full',
                     command=cmd, paper='issue 17: does bf16/fp16 change the results?', details=out, auto_for_features=auto,
                     precision={'compared': ['fp32', 'fp16', 'bf16'], 'auto_on_this_machine': {t: resolve_precision(task=t) for t in ('train', 'infer')}})
    print(json.dumps({k: v for k, v in out.items() if k != 'runs'}, indent=1, default=str)[:4000]); print('written', f)
