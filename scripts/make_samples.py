#!/usr/bin/env python
"""Build the small real samples shipped in medclust_nb/samples/ from the project's shared data folder.

    python scripts/make_samples.py --src ../shared/data

Deterministic: files are picked in sorted order, so re-running gives the same selection. Nothing is generated: every
image is a real public image, at most re-encoded into another file format (stated per file in labels.csv) or resized.
"""
import argparse, gzip, io, shutil, sys
from pathlib import Path
import numpy as np
import pandas as pd
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT/'medclust_nb'/'samples'

def nih_table(src):
    df = pd.read_csv(src/'nih'/'Data_Entry_2017_v2020.csv.gz')
    return df.set_index('Image Index')

def chest_xray_folder(src, out, table):
    "About 25 chest X-rays in mixed formats and sizes, like the folder paper 000 clustered, with labels.csv."
    d = out/'chest_xray_folder'; d.mkdir(parents=True)
    rows = []
    base = src/'nih'/'nih1000_64'/'train'
    normals = sorted((base/'0_normal').glob('*.png'))[-11:]
    abn_all = sorted((base/'1_abnormal').glob('*.png'))
    rgba = [p for p in abn_all if Image.open(p).mode == 'RGBA'][:1]          # keep one real RGBA file as it is
    abnormals = rgba + [p for p in abn_all[-11:] if p not in rgba][:10]
    exts = ['jpg', 'png', 'jpeg', 'PNG', 'jfif', 'JPG', 'png', 'bmp', 'jpg', 'png', 'jpeg']
    for group, files in (('normal', normals), ('abnormal', abnormals)):
        for k, p in enumerate(files):
            ext = 'png' if p in rgba else exts[k % len(exts)]
            im = Image.open(p)
            name = f"{p.stem}.{ext}"
            fmt = {'jpg': 'JPEG', 'jpeg': 'JPEG', 'jfif': 'JPEG', 'bmp': 'BMP', 'png': 'PNG'}[ext.lower()]
            if fmt in ('JPEG', 'BMP') and im.mode not in ('L', 'RGB'): im = im.convert('RGB')
            im.save(d/name, format=fmt, **({'quality': 92} if fmt == 'JPEG' else {}))
            rows.append(dict(file=name, label=group, finding=table.loc[p.name, 'Finding Labels'], size=f"{im.size[0]}x{im.size[1]}",
                             source=f"NIH ChestX-ray14 {p.name} (64 px teaching copy), saved as {fmt}"))
    tx = src/'cxr'/'torchxrayvision_tests'
    for fn in ('00000001_000.png', '00027426_000.png'):
        shutil.copy(tx/fn, d/fn)
        f = table.loc[fn, 'Finding Labels']
        rows.append(dict(file=fn, label='normal' if f == 'No Finding' else 'abnormal', finding=f, size='512x512',
                         source=f"NIH ChestX-ray14 {fn} at 512 px (torchxrayvision test file)"))
    im = Image.open(tx/'covid-19-pneumonia-58-prior.jpg'); im.thumbnail((768, 768), Image.LANCZOS)
    im.convert('L').save(d/'covid-19-pneumonia-58-prior.jpeg', quality=90)
    rows.append(dict(file='covid-19-pneumonia-58-prior.jpeg', label='abnormal', finding='COVID-19 pneumonia', size=f"{im.size[0]}x{im.size[1]}",
                     source="covid-chestxray-dataset image (torchxrayvision test file), resized from 2373 px to 768 px"))
    dcm = next(tx.glob('*.dcm'))
    shutil.copy(dcm, d/'rsna_pneumonia_test.dcm')
    rows.append(dict(file='rsna_pneumonia_test.dcm', label='', finding='unknown (RSNA Pneumonia Detection Challenge image; label not shipped)',
                     size='1024x1024', source=f"RSNA CXR DICOM, JPEG baseline compressed (torchxrayvision test file {dcm.name})"))
    pd.DataFrame(rows).to_csv(d/'labels.csv', index=False)

def nih64(src, out, table, per_class=20):
    d = out/'nih64'; rows = []
    for split in ('train', 'valid', 'test'):
        for cls in ('0_normal', '1_abnormal'):
            (d/split/cls).mkdir(parents=True)
            for p in sorted((src/'nih'/'nih1000_64'/split/cls).glob('*.png'))[:per_class]:
                shutil.copy(p, d/split/cls/p.name); rows.append(p.name)
    table.loc[rows].reset_index()[['Image Index', 'Finding Labels', 'Patient ID', 'View Position']].to_csv(d/'Data_Entry_subset.csv', index=False)

def pneumoniamnist(src, out, n={'train': 100, 'val': 50, 'test': 100}):
    z = np.load(src/'medmnist'/'pneumoniamnist.npz'); arrays = {}
    for split, k in n.items():
        y = z[f'{split}_labels'][:, 0]
        idx = np.sort(np.concatenate([np.flatnonzero(y == c)[:k] for c in (0, 1)]))
        arrays[f'{split}_images'], arrays[f'{split}_labels'] = z[f'{split}_images'][idx], z[f'{split}_labels'][idx]
        arrays[f'{split}_official_index'] = idx
    (out/'pneumoniamnist').mkdir(parents=True)
    np.savez_compressed(out/'pneumoniamnist'/'pneumoniamnist.npz', **arrays)

def mnist(src, out, n={'train': 60, 't10k': 30}):
    "First n images per digit of each official MNIST split, written in MNIST's own idx layout (torchvision reads it)."
    raw = src/'mnist'/'MNIST'/'raw'; d = out/'mnist'/'MNIST'/'raw'; d.mkdir(parents=True)
    for split, k in n.items():
        x = np.fromfile(raw/f'{split}-images-idx3-ubyte', np.uint8, offset=16).reshape(-1, 28, 28)
        y = np.fromfile(raw/f'{split}-labels-idx1-ubyte', np.uint8, offset=8)
        idx = np.sort(np.concatenate([np.flatnonzero(y == c)[:k] for c in range(10)]))
        (d/f'{split}-images-idx3-ubyte').write_bytes(np.array([2051, len(idx), 28, 28], '>i4').tobytes() + x[idx].tobytes())
        (d/f'{split}-labels-idx1-ubyte').write_bytes(np.array([2049, len(idx)], '>i4').tobytes() + y[idx].tobytes())

def kvasir(src, out, n=20):
    d = out/'kvasir_seg'
    for sub in ('images', 'masks'): (d/sub).mkdir(parents=True)
    for p in sorted((src/'polyp'/'kvasir-seg-256'/'images').glob('*.jpg'))[:n]:
        shutil.copy(p, d/'images'/p.name); shutil.copy(src/'polyp'/'kvasir-seg-256'/'masks'/p.name, d/'masks'/p.name)

def acdc(src, out, patients=(1, 21, 41, 61)):
    z = np.load(src/'acdc'/'acdc_sax_slices_128.npz')
    keep = np.isin(z['patient'], patients)
    (out/'acdc').mkdir(parents=True)
    np.savez_compressed(out/'acdc'/'acdc_sample.npz', **{k: z[k][keep] for k in z.files})

def dicom(src, out):
    (out/'dicom').mkdir(parents=True)
    for fn in ('CT_small.dcm', 'MR_small.dcm', 'emri_small.dcm', 'LICENSE_pydicom-data_MIT.txt'): shutil.copy(src/'dicom'/fn, out/'dicom'/fn)

README = """# Bundled real samples

Small subsets of real public medical images so that tests and the demo run offline on a fresh clone. Made by
`python scripts/make_samples.py --src <shared data folder>`; nothing here is synthetic.

| sample | content | source | licence / terms |
|---|---|---|---|
| `chest_xray_folder/` | 26 chest X-rays, mixed formats (jpg, JPG, jpeg, png, PNG, jfif, bmp, DICOM) and sizes (64 px to 1024 px); `labels.csv` gives normal/abnormal, the NIH finding, and each file's origin | 22 NIH ChestX-ray14 images (64 px teaching copy; re-encoded into the format the file name says, one RGBA PNG kept as is), 2 NIH images at 512 px, 1 covid-chestxray-dataset image (resized to 768 px), 1 RSNA Pneumonia Challenge DICOM (JPEG baseline; no label) | NIH: unrestricted use, cite Wang et al. 2017; covid-chestxray-dataset and RSNA images as distributed in torchxrayvision's test files (Apache-2.0 repository) |
| `pneumoniamnist/pneumoniamnist.npz` | balanced subset of the official splits, in MedMNIST's npz layout: train 200, val 100, test 200 (first n of each class in official order; `*_official_index` keys give the rows) | MedMNIST v2 (Yang et al. 2023) | CC BY 4.0 |
| `nih64/` | 120 NIH ChestX-ray14 images at 64 px, `{train,valid,test}/{0_normal,1_abnormal}`, first 20 per class per split; `Data_Entry_subset.csv` holds their rows of `Data_Entry_2017_v2020.csv` | NIH Clinical Center (Wang et al. 2017) | unrestricted use, cite the dataset |
| `mnist/MNIST/raw/` | MNIST in its idx layout: train 600, test 300 (first 60 / 30 of each digit in official order) | LeCun, Cortes and Burges | CC BY-SA 3.0 |
| `kvasir_seg/` | 20 Kvasir-SEG polyp images with expert masks at 256 px (first 20 by name) | Jha et al. 2020, Simula | research and educational use, cite |
| `acdc/acdc_sample.npz` | ACDC short-axis ED/ES slices at 128 px with masks, patients 1, 21, 41, 61 (one per group DCM, HCM, MINF, NOR by the usual numbering) | ACDC challenge (Bernard et al. 2018) | research use, cite |
| `dicom/` | pydicom test files: CT_small (rescale slope/intercept), MR_small (window), emri_small (10-frame MR) | pydicom-data | MIT (LICENSE file included) |
"""

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--src', default=str(ROOT.parent/'shared'/'data'), help='the shared data folder (see its SOURCES.md)')
    a = ap.parse_args()
    src = Path(a.src)
    if not (src/'SOURCES.md').exists(): sys.exit(f"{src} does not look like the shared data folder (no SOURCES.md)")
    if OUT.exists(): shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    table = nih_table(src)
    chest_xray_folder(src, OUT, table); nih64(src, OUT, table); pneumoniamnist(src, OUT); mnist(src, OUT); kvasir(src, OUT); acdc(src, OUT); dicom(src, OUT)
    (OUT/'README.md').write_text(README)
    total = sum(p.stat().st_size for p in OUT.rglob('*') if p.is_file())
    print(f"wrote {OUT} ({total/1e6:.1f} MB)")
