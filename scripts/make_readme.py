#!/usr/bin/env python
"""Make README.md from nbs/index.ipynb (nbdev_readme needs Quarto, which we do not assume).

Markdown cells are copied as they are, code cells become ```python blocks (cells marked `#| hide` are left out),
and text outputs, when a cell has them, follow as plain blocks. A markdown line `{{results:NAME}}` becomes a table made
from `results/NAME.json`, so the README's numbers are the results files' numbers. `--check` exits 1 when README.md
differs.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _f(v, d=3): return '-' if v is None else f"{v:.{d}f}"

def precision_table(rec:dict)->str:
    "results/precision.json as two tables: features (agreement with fp32) and training (fp32 vs bf16 over seeds)."
    d = rec['details']; fe = d['features']
    rows = ['| features (EfficientNet-Lite0, 224 px, PneumoniaMNIST test, %d images) | fp16 | bf16 | required |' % fe['n'], '|---|---|---|---|',
            f"| worst per-image cosine with fp32 | {_f(fe['fp16']['cos_min'], 5)} | {_f(fe['bf16']['cos_min'], 5)} | >= 0.999 |",
            f"| median per-image cosine | {_f(fe['fp16']['cos_median'], 5)} | {_f(fe['bf16']['cos_median'], 5)} | |",
            f"| k-means (k=2) assignments equal to fp32's | {fe['fp16']['kmeans_agreement']:.1%} | {fe['bf16']['kmeans_agreement']:.1%} | >= 99% |",
            '', '| training, final epoch (mean over seeds) | fp32 | bf16 | fp32 seed-to-seed range | within it? |', '|---|---|---|---|---|']
    names = {'deepcluster': 'DeepCluster (VGG16-BN, 64 px, 1,902 ACDC slices, 3 epochs)', 'cae': 'contrastive AE (28 px, PneumoniaMNIST train, 5 + 5 epochs; phase-2 loss)'}
    for part, name in names.items():
        for key in ('loss', 'nmi'):
            c = d[part][key]
            rows.append(f"| {name}: {key} ({len(c['fp32'])} seeds) | {_f(c['fp32_mean'], 4)} | {_f(c['bf16_mean'], 4)} | {_f(c['fp32_spread'], 4)} | "
                        f"{'yes' if c['within_spread'] else '**no**'} |")
    return '\n'.join(rows) + f"\n\nFrom `results/precision.json` (commit {rec.get('commit', '?')[:10]}); reproduce: `{rec['command']}`."

def scale_table(rec:dict)->str:
    "results/bench_scale.json: time and peak memory of `medclust cluster` per folder size, cold, warm and after adding 10 images."
    rows = ['| images | run | seconds | ms per image | % of cold | peak RSS (MB) | 2 x features + smallest peak (MB) | features in |', '|---|---|---|---|---|---|---|---|']
    cold = {r['images']: r for r in rec['rows'] if r['run'] == 'cold'}
    for r in rec['rows']:
        c = cold[r['images']]; target = 2 * r['n'] * r['dim'] * 4 / 2**20 + rec['baseline_rss_mb']
        share = '' if r['run'] == 'cold' else f"{r['seconds'] / c['seconds']:.0%}"
        rows.append(f"| {r['images']:,} | {r['run']} | {r['seconds']:.1f} | {1e3 * r['seconds'] / r['n']:.2f} | {share} | "
                    f"{r['rss_mb']:.0f} | {target:.0f} | {r['storage']} |")
    return '\n'.join(rows) + f"\n\nFrom `results/bench_scale.json` ({rec['cpus']} CPUs, {rec['px']} px, k={rec['k']}, commit {(rec.get('commit') or '?')[:10]}); reproduce: `{rec['command']}`."

def metrics_table(rec:dict)->str:
    rows = ['| metric | paper | ours | baseline |', '|---|---|---|---|']
    rows += [f"| {m['name']} | {_f(m.get('paper'))} | {_f(m.get('ours'))} | {_f(m.get('baseline'))} |" for m in rec['metrics']]
    return '\n'.join(rows)

def cae_table(rec:dict)->str:
    "Paper 001's Table 1: accuracy of each read-out, ours (main configuration and the paper's recipe, mean ± std over seeds) beside the paper's."
    m = {x['name']: x for x in rec['metrics']}
    acc = lambda ds, model: m.get(f"accuracy ({ds}, {model})")
    pm = lambda x: '-' if x is None else _f(x['ours']) + (f" ± {_f(x['std'])}" if x.get('std') is not None and x.get('seeds', 1) > 1 else '')
    rows = ['| data | read-out | paper | ours | the paper\'s recipe (LARS, no batch norm) | majority class | chance (computed) |', '|---|---|---|---|---|---|---|']
    for ds in ('Pneumonia Test', 'Pneumonia Val', 'MNIST'):
        for ro in ('stat', 'stat, k=C', 'kNN', 'lin'):
            o, p = acc(ds, f'Our Model ({ro})'), acc(ds, f'Paper recipe ({ro})')
            if o is None: continue
            rows.append(f"| {ds} | {ro} | {_f(o['paper'], 2)} | {pm(o)} | {pm(p)} | {_f(o['baseline'])} | {_f(o.get('chance'))} |")
        for x in (v for k, v in m.items() if k.startswith(f'accuracy ({ds}, ') and ('supervised' in k or 'Feature+KM' in k)):
            rows.append(f"| {ds} | {x['name'].split(', ', 1)[1][:-1]} | {_f(x['paper'], 3 if ds == 'MNIST' else 2)} | {_f(x['ours'])} | | {_f(x['baseline'])} | |")
    seeds = max((x.get('seeds') or 1) for x in rec['metrics'])
    return '\n'.join(rows) + f"\n\nFrom `results/03_contrastive_ae.json` ({seeds} seeds on PneumoniaMNIST, one on MNIST; commit {(rec.get('commit') or '?')[:10]}); reproduce: `{rec['command']}`."

def dc_table(rec:dict)->str:
    "Paper 003 (DeepMCAT) in 04: each setting's clusters against the labels (paper, last epoch, final network, untrained network, raw pixels, chance), its budget, and the cross-validated read-outs."
    m = {x['name']: x for x in rec['metrics']}
    settings = list(dict.fromkeys(x['name'].split(': ')[0] for x in rec['metrics'] if ': final network NMI' in x['name']))
    rows = ['| setting | measure | paper | last epoch | final network | untrained network | raw pixels | chance (mean / p95) | majority class |', '|---|---|---|---|---|---|---|---|---|']
    budget = []
    for s in settings:
        for key in ('NMI', 'purity'):
            last, fin = m[f'{s}: last epoch {"NMI vs labels" if key == "NMI" else "purity"}'], m[f'{s}: final network {key}']
            rows.append(f"| {s} | {key} | {_f(last['paper'])} | {_f(last['ours'])} | {_f(fin['ours'])} | {_f(fin.get('untrained'))} | {_f(fin.get('raw_pixels'))} | "
                        f"{_f(fin['baseline'])} / {_f(fin.get('chance_p95'))} | {_f(fin.get('majority_class'))} |")
        t = m[f'{s}: NMI t vs t-1']
        rows.append(f"| {s} | NMI t vs t-1 | {_f(t['paper'])} | {_f(t['ours'])} | | | | | |")
        budget.append(f"{s}: k={t['k']}, {t['epochs']} epochs on {t['images']:,} images = {t['sgd_steps']:,} SGD steps (the paper's: {t['paper_sgd_steps']:,}); "
                      f"the loss fell by {t['loss_total_drop']:.2f}; a line fitted to its last 10 epochs moves it by {t['loss_last_change']:+.2f} ({t['loss_trend']} by `loss_plateau`'s rule)")
    cv = [x for x in rec['metrics'] if 'cross-validated accuracy' in x['name'] or 'supervised bound' in x['name']]
    rows += ['', '<!-- generated from results/04_deepcluster.json by scripts/make_readme.py -->', '| balanced set, read out by patient (cross-validated) | accuracy | std over folds | majority class (same folds) |', '|---|---|---|---|']
    rows += [f"| {x['name'].split(', ', 1)[1] if 'cross-validated' in x['name'] else 'supervised: logistic regression on raw pixels'} | {_f(x['ours'])} | {_f(x.get('std'))} | {_f(x['baseline'])} |" for x in cv]
    return '\n'.join(rows) + '\n\n' + '\n'.join(f'- {b}' for b in budget) + (
        f"\n\nFrom `results/04_deepcluster.json` (commit {(rec.get('commit') or '?')[:10]}); reproduce: `{rec['command']}`.")

def gcnn_table(rec:dict)->str:
    "Paper 004 in 05: each network's probes and clusters (mean ± std over seeds) beside the untrained network, raw pixels, chance and the majority class; its budget and stability."
    m = {x['name']: x for x in rec['metrics']}
    nets = list(dict.fromkeys(x['name'].split(': ')[0] for x in rec['metrics'] if x['name'].endswith(': NMI vs normal/abnormal')))
    pm = lambda x: '-' if x is None or x.get('ours') is None else _f(x['ours']) + (f" ± {_f(x['std'])}" if x.get('std') is not None and (x.get('seeds') or 1) > 1 else '')
    rows = ['| network | measure | paper | ours (mean ± std over seeds) | untrained network | raw pixels | chance / majority class |', '|---|---|---|---|---|---|---|']
    budget = []
    for n in nets:
        g = lambda key: m.get(f'{n}: {key}')
        pr, nmi, ff, cl = g('probe normal vs abnormal (cross-validated by patient)'), g('NMI vs normal/abnormal'), g('NMI vs first finding'), g('probe predicting cluster assignments')
        rows.append(f"| {n} | probe predicting its own clusters (k={cl.get('k', '?')}; the paper's k={cl.get('paper_k')}) | {_f(cl['paper'])} | {pm(cl)} | | | {_f(cl['baseline'])} |")
        rows.append(f"| {n} | probe normal vs abnormal (by patient) | - | {pm(pr)} | {_f(pr.get('untrained'))} | {_f(pr.get('raw_pixels'))} | {_f(pr['baseline'])} |")
        rows.append(f"| {n} | NMI vs normal/abnormal | - | {pm(nmi)} | {_f(nmi.get('untrained'))} | {_f(nmi.get('raw_pixels'))} | {_f(nmi['baseline'])} |")
        rows.append(f"| {n} | NMI vs first finding | - | {pm(ff)} | {_f(ff.get('untrained'))} | {_f(ff.get('raw_pixels'))} | {_f(ff['baseline'])} |")
        t, s, lo, rot = g('NMI(t, t-1) at the last epoch'), g('epochs until NMI(t, t-1) is stable (seeds that settled)'), g('training loss, last epoch'), g('NMI of test clusters vs rotated by 90 degrees')
        rows.append(f"| {n} | NMI(t, t-1), last epoch | - | {pm(t)} | | | |")
        if t20 := g('NMI(t, t-1), mean of the last 20 epochs'): rows.append(f"| {n} | NMI(t, t-1), mean of the last 20 epochs | - | {pm(t20)} | | | |")
        rows.append(f"| {n} | NMI of test clusters vs the same images turned 90° | - | {pm(rot)} | | | |")
        stable = f"{s['settled_seeds']} of {s['seeds']} seeds settled" + (f" (from epoch {s['ours']:.0f}" + (' on average)' if s['settled_seeds'] > 1 else ')') if s.get('ours') is not None else '')
        budget.append(f"{n}: {lo['epochs']} epochs = {lo['sgd_steps']:,} SGD steps per seed; the loss fell from {lo['first']:.2f} to {lo['ours']:.2f} "
                      f"(a line fitted to the last 10 epochs moves it by {_f(lo.get('last_10_change'), 2)}: {', '.join(lo['loss_trends'])}); NMI(t, t-1) stable: {stable}")
    return '\n'.join(rows) + '\n\n' + '\n'.join(f'- {b}' for b in budget) + (
        f"\n\nFrom `results/05_gcnn.json` (commit {(rec.get('commit') or '?')[:10]}); reproduce: `{rec['command']}`.")

def _chance(x:dict)->str:
    "', C (the same labels shuffled)' when the metric records its shuffled-label chance."
    p = f", exact p = {x['p_value']:.2f}" if x.get('p_value') is not None else ''
    return f", {_f(x['chance'])} (the same labels shuffled{p})" if x.get('chance') is not None else ''

def gradcam_table(rec:dict)->str:
    "Paper 002 in 06: the propagation and classifiers beside the majority class, each run's masks (paper, ours) beside the trivial masks on the same images, the control grid, the time per image."
    m = {x['name']: x for x in rec['metrics']}
    ks = [n.split(': ')[0][len('propagation '):] for n in m if n.startswith('propagation ')]
    rows = ['| | ours | paper | baseline (same items) |', '|---|---|---|---|']
    rows += [f"| propagation {k}: new tile labels that are right ({m[f'propagation {k}: accuracy of the new labels'].get('new')} new) | "
             f"{_f(m[f'propagation {k}: accuracy of the new labels']['ours'])} | not reported | {_f(m[f'propagation {k}: accuracy of the new labels']['baseline'])} (majority class){_chance(m[f'propagation {k}: accuracy of the new labels'])} |" for k in ks]
    rows += [f"| classifier {n[len('classifier '):-len(': accuracy on held-out tiles')]}: held-out tiles | {_f(x['ours'])} | not reported | {_f(x['baseline'])} (majority class) |"
             for n, x in m.items() if n.startswith('classifier ')]
    runs = sorted({n.split(':')[0] for n in m if n.startswith('run ') and n.endswith(': dice')})
    for r in runs + [n.split(': dice')[0] for n in m if n.startswith('control') and n.endswith(': dice')]:
        d, j = m[f'{r}: dice'], m[f'{r}: jaccard']
        rows.append(f"| {r}: Dice / Jaccard | {_f(d['ours'])} / {_f(j['ours'])} | {_f(d['paper'], 4)} / {_f(j['paper'], 4)} | "
                    f"centred disc {_f(d['baseline'])} / {_f(j['baseline'])}, all-polyp {_f(d.get('all_polyp'))} / {_f(j.get('all_polyp'))} |")
    for r in runs:
        s = m.get(f'{r}: seconds per image')
        if s: rows.append(f"| {r}: seconds per image (heat map + mask, {s.get('device', '?')}) | {_f(s['ours'])} | {_f(s['paper'], 2)} | |")
    out = '\n'.join(rows)
    if rec.get('control_grid'):
        out += ('\n\n<!-- generated from results/06_gradcam_masks.json by scripts/make_readme.py -->\n'
                '| labels | classifier | SGD steps | held-out tiles | majority class | Dice | centred disc |\n|---|---|---|---|---|---|---|\n'
                + '\n'.join(f"| {g['labels']} | {g['classifier']} | {g['steps']:,} | {_f(g['tile_accuracy'])} | {_f(g['majority'])} | {_f(g['dice'])} | {_f(g['disc_dice'])} |"
                             for g in rec['control_grid']))
    return out + f"\n\nFrom `results/06_gradcam_masks.json` ({rec['data']}; commit {(rec.get('commit') or '?')[:10]}); reproduce: `{rec['command']}`."

def results_table(name:str)->str:
    rec = json.loads((ROOT/'results'/f'{name}.json').read_text())
    table = {'precision': precision_table, 'bench_scale': scale_table, '03_contrastive_ae': cae_table, '04_deepcluster': dc_table, '05_gcnn': gcnn_table, '06_gradcam_masks': gradcam_table}.get(name, metrics_table)(rec)
    return f'<!-- generated from results/{name}.json by scripts/make_readme.py -->\n' + table

def render(nb_path=ROOT/'nbs'/'index.ipynb')->str:
    nb = json.loads(Path(nb_path).read_text(encoding='utf-8'))
    parts = ['<!-- Generated from nbs/index.ipynb by scripts/make_readme.py: edit the notebook, not this file. -->']
    for c in nb['cells']:
        src = ''.join(c['source']).strip('\n')
        if not src: continue
        if c['cell_type'] == 'markdown': parts.append(re.sub(r'^\{\{results:([\w.-]+)\}\}$', lambda m: results_table(m[1]), src, flags=re.M))
        elif c['cell_type'] == 'code':
            lines = src.split('\n')
            if any(l.strip().replace(' ', '') in ('#|hide', '#|exporti') for l in lines): continue
            lines = [l for l in lines if not l.startswith('#|')]
            parts.append('```python\n' + '\n'.join(lines).strip('\n') + '\n```')
            out = ''.join(''.join(o.get('text', '')) for o in c.get('outputs', []) if o.get('output_type') == 'stream')
            if out.strip(): parts.append('```\n' + out.strip('\n') + '\n```')
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text, readme = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text(encoding='utf-8') != text:
            print('README.md is out of sync with nbs/index.ipynb: run `python scripts/make_readme.py`.'); sys.exit(1)
        print('README.md is in sync with nbs/index.ipynb.')
    else:
        readme.write_text(text, encoding='utf-8'); print(f'wrote {readme}')
