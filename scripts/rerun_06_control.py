#!/usr/bin/env python
"""Re-run only the control of `06_gradcam_masks` in full mode and update its entries in `results/06_gradcam_masks.json`.

Why: the control (true tile labels + an ImageNet EfficientNet-Lite0 classifier) ran on a mis-wired Lite0 (swish in place
of its ReLU6) until the pretrained-features fix. The rest of 06 uses EfficientNet-b1 from scratch and LIRE features,
which the fix does not touch, and takes about two hours of CPU to re-run; the control takes minutes. This script runs
the notebook's own cells (no copy of their code): every code cell up to the control's Dice curve, except the b1
training and the runs that need it, and writes the control's numbers into the results file with the commit that ran
them (`partial_reruns`). A later full run of the notebook (`medclust reproduce 06_gradcam_masks --full`) replaces all.

    MEDCLUST_DATA=../shared/data python scripts/rerun_06_control.py
"""
import json, os, sys, tempfile, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NB, RES = ROOT/'nbs'/'06_gradcam_masks.ipynb', ROOT/'results'/'06_gradcam_masks.json'
SKIP = {'6b1a7e00', '3ca08963', 'c775d2f4', 'b77373fa', '017dee35'}   # b1 training, the five runs, the run-1 check, the control grid: they need the b1 classifiers
CONTROL, LAST = '3a428674', 'c07c0a11'          # the control's classifier + Table 1 row, and its Dice-vs-threshold curve
NAME = 'control: true labels, Lite0 ImageNet'
CURVE = 'gradcam, control (true labels, Lite0 ImageNet, block 10)'

def main():
    sys.path.insert(0, str(ROOT))
    from medclust_nb.core import code_version, atomic_write_json
    code = code_version(ROOT)                    # the code that runs: noted before it runs
    if not os.environ.get('MEDCLUST_DATA'): sys.exit('set MEDCLUST_DATA to the folder with polyp/kvasir-seg-256 (e.g. ../shared/data)')
    os.environ['MEDCLUST_DATA'] = str(Path(os.environ['MEDCLUST_DATA']).resolve()); os.environ['MEDCLUST_MODE'] = 'full'
    old = json.loads(RES.read_text())
    book = nbformat.read(NB, as_version=4)
    cells, out = [], Path(tempfile.mkdtemp())/'control.json'
    for c in book.cells:
        if c.cell_type != 'code' or c.get('id') in SKIP: continue
        if c.get('id') == CONTROL:   # its display puts run 1's committed row beside the control's
            cells.append(nbformat.v4.new_code_cell(f"table1 = {{'run 1': {old['table1']['run 1']!r}}}"))
        cells.append(c)
        if c.get('id') == LAST: break
    cells.append(nbformat.v4.new_code_cell(
        "import json\nf = fits['oracle']\n"
        f"json.dump(dict(scores=table1[{NAME!r}], curve=curves[{CURVE!r}], test_tile_acc=f['test_tile_acc'], best_val_acc=f['best_val_acc'],\n"
        "               best_epoch=f['best_epoch'], seconds_per_epoch=float(np.mean(f['log']['seconds'])), val_acc=f['log']['val_acc'],\n"
        f"               majority=maj(ytt), n_train=int(len(trains[1])), polyp_share=float(tile_truth[trains[1]].mean())), open({str(out)!r}, 'w'))"))
    book.cells = cells
    t0 = time.perf_counter()
    NotebookClient(book, timeout=-1, kernel_name='python3', resources={'metadata': {'path': str(NB.parent)}}).execute()
    (ROOT/'results'/'executed').mkdir(parents=True, exist_ok=True)
    nbformat.write(book, str(ROOT/'results'/'executed'/'06_gradcam_masks.control.ipynb'))
    ctl = json.loads(out.read_text())
    for m in old['metrics']:
        if m['name'] == f'classifier {NAME}: accuracy on held-out tiles': m['ours'] = ctl['test_tile_acc']
        elif m['name'].startswith(f'{NAME}: '): m['ours'] = ctl['scores'][m['name'].split(': ')[-1]]
    old['table1'][NAME] = ctl['scores']; old['dice_vs_threshold'][CURVE] = ctl['curve']
    old['classifiers'][NAME] = {k: ctl[k] for k in ('best_val_acc', 'best_epoch', 'test_tile_acc', 'seconds_per_epoch', 'val_acc')}
    what = f"the control ({NAME}): its classifier, Table 1 row and Dice curve, after the Lite0 wiring fix"
    old['partial_reruns'] = [e for e in old.get('partial_reruns', []) if e.get('what') != what]     # this run replaces an earlier one
    old['partial_reruns'].append(dict(what=what, **code,
        command='MEDCLUST_DATA=../shared/data python scripts/rerun_06_control.py', written=time.strftime('%Y-%m-%dT%H:%M:%S'),
        seconds=round(time.perf_counter() - t0, 1), n_train=ctl['n_train'], polyp_share=ctl['polyp_share']))
    atomic_write_json(RES, old)
    print(f"control: held-out tiles {ctl['test_tile_acc']:.3f} (majority {ctl['majority']:.3f}), Dice {ctl['scores']['dice']:.3f}; "
          f"best validation {ctl['best_val_acc']:.3f} at epoch {ctl['best_epoch']}; wrote {RES} in {time.perf_counter() - t0:.0f}s")

if __name__ == '__main__': main()
