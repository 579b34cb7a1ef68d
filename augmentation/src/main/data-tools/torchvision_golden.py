#!/usr/bin/python3
"""Write the golden fixtures that pin bml's `full` augmentation to torchvision on PIL images, byte for byte.

Why: the paper's `full` set runs torchvision transforms on PIL images (ToTensor last), so its bytes are PIL's:
PIL's two-pass fixed-point bilinear resize, ImageEnhance blends that truncate, 8-bit HSV hue shifts. bml renders
the same bytes without Python; these fixtures let its Java tests check that, op by op and for the composed
pipeline, with the parameters torchvision itself drew.

Pinned versions (Debian 12 packages python3-torchvision, python3-pil, python3-numpy): torchvision 0.14.1,
Pillow 9.4.0, numpy 1.24.2. The script refuses other versions unless --any-version is given (then the fixtures
describe that version, not the paper's).

Usage (from the repository root, Debian's python, not a virtualenv):
    /usr/bin/python3 augmentation/src/main/data-tools/torchvision_golden.py \
        augmentation/src/test/resources/bml/augmentation/golden

Output: one gzipped JSON file per op, {"cases": [...]} with one case per line, plus inputs.json.gz (the images as
cases) and README.md. Every image is planar CHW uint8 (bml's ViewImage
layout), base64-encoded; 1-channel images are PIL mode "L", 3-channel ones mode "RGB". Inputs are generated from
fixed numpy RandomState seeds; random parameters come from torch.manual_seed. Re-running rewrites identical files.
"""

import argparse
import base64
import gzip
import json
import math
import sys
from pathlib import Path

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode
from torchvision.transforms import functional as F

VERSIONS = {"torchvision": "0.14.1", "PIL": "9.4.0", "numpy": "1.24.2"}
SCALE = (0.08, 1.0)
RATIO = (3.0 / 4.0, 4.0 / 3.0)
JITTER = 0.8
HUE = 0.2
P_FLIP, P_JITTER, P_GRAY = 0.5, 0.8, 0.2
TOOL = "augmentation/src/main/data-tools/torchvision_golden.py"


def fail(message):
    sys.exit(f"torchvision_golden: {message}")


def check_versions(any_version):
    found = {"torchvision": torchvision.__version__, "PIL": PIL.__version__, "numpy": np.__version__}
    for name, want in VERSIONS.items():
        # Debian tags its torch builds 'a0' (0.14.1a0); the release number is what matters.
        if not found[name].startswith(want) and not any_version:
            fail(f"expected {name} {want}, got {found[name]} (pass --any-version to write fixtures anyway)")
    return found


# ---------------------------------------------------------------------------------------------------------------
# Inputs


def noise(seed, h, w, c):
    return np.random.RandomState(seed).randint(0, 256, size=(h, w, c), dtype=np.uint8)


def smooth(seed, h, w):
    """Slow colour waves plus a little noise: what natural images look like to a bilinear filter."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    rs = np.random.RandomState(seed)
    planes = []
    for c in range(3):
        fx, fy, ph = rs.uniform(0.1, 0.45), rs.uniform(0.1, 0.45), rs.uniform(0, 2 * math.pi)
        planes.append(127.5 + 110 * np.sin(fx * x + fy * y + ph) + rs.uniform(-12, 12, size=(h, w)))
    return np.clip(np.rint(np.stack(planes, axis=2)), 0, 255).astype(np.uint8)


def edges(h, w):
    """Blocks of primaries, secondaries, grays, black and white: HSV ties, zero saturation and clipping."""
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255),
               (0, 0, 0), (255, 255, 255), (128, 128, 128), (1, 0, 0), (255, 254, 254), (200, 30, 30),
               (30, 200, 30), (30, 30, 200), (200, 200, 30), (17, 34, 51)]
    img = np.zeros((h, w, 3), dtype=np.uint8)
    for by in range(4):
        for bx in range(4):
            img[by * h // 4:(by + 1) * h // 4, bx * w // 4:(bx + 1) * w // 4] = colours[by * 4 + bx]
    return img


def palette():
    """All 16^3 colours with channel values 0, 17, ..., 255 (every HSV branch and tie), as a 64x64 image."""
    v = np.arange(16, dtype=np.uint8) * 17
    r, g, b = np.meshgrid(v, v, v, indexing="ij")
    return np.stack([r.ravel(), g.ravel(), b.ravel()], axis=1).reshape(64, 64, 3)


def gray(seed, h, w):
    return smooth(seed, h, w)[:, :, 0]


def make_inputs():
    g28 = gray(5, 28, 28)
    arrays = {
        "noise16": noise(6, 16, 16, 3),
        "noise32": noise(1, 32, 32, 3),
        "smooth32": smooth(2, 32, 32),
        "edges32": edges(32, 32),
        "palette64": palette(),
        "gray28": g28,
        "grayrgb28": np.dstack([g28, g28, g28]),
        "odd17x23": np.concatenate([noise(3, 9, 23, 3), smooth(4, 8, 23)], axis=0),
    }
    return {name: Image.fromarray(a, "L" if a.ndim == 2 else "RGB") for name, a in arrays.items()}


def chw(img):
    a = np.asarray(img, dtype=np.uint8)
    a = a[None, :, :] if a.ndim == 2 else a.transpose(2, 0, 1)
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def describe(name, img):
    channels = 1 if img.mode == "L" else 3
    return {"name": name, "channels": channels, "height": img.height, "width": img.width, "chw": chw(img)}


# ---------------------------------------------------------------------------------------------------------------
# Cases, one function per fixture file


def crop_boxes(img, seed, count):
    """Edge boxes (1 pixel, full width, full height, whole image) then boxes torchvision's get_params draws."""
    h, w = img.height, img.width
    boxes = [(0, 0, 1, 1), (h - 1, w - 1, 1, 1), (0, 0, h, w), (1, 0, h - 1, w), (0, 2, h, w - 3),
             (h // 3, 0, 1, w), (0, w // 2, h, 1), (2, 3, h // 2, w // 2 + 1)]
    torch.manual_seed(seed)
    boxes += [T.RandomResizedCrop.get_params(img, list(SCALE), list(RATIO)) for _ in range(count)]
    return [tuple(int(v) for v in box) for box in boxes]


def crop_cases(inputs):
    cases = []
    for name, seed in [("noise32", 10), ("gray28", 12), ("odd17x23", 13)]:
        img = inputs[name]
        for top, left, h, w in crop_boxes(img, seed, 8):
            out = F.resized_crop(img, top, left, h, w, [img.height, img.width], InterpolationMode.BILINEAR)
            cases.append({"input": name, "box": [top, left, h, w], "expected": chw(out)})
    return cases


def fallback_cases():
    """Shapes and knobs for which all ten tries fail, so get_params returns its centred fallback crop."""
    cases = []
    shapes = [((1, 40), SCALE, RATIO), ((40, 1), SCALE, RATIO), ((10, 40), (1.0, 1.0), RATIO),
              ((40, 10), (1.0, 1.0), RATIO), ((12, 12), (1.0, 1.0), (2.0, 3.0)),
              ((12, 12), (1.0, 1.0), (1.0 / 3.0, 0.5)), ((5, 5), (1.0, 1.0), (2.0, 3.0)),
              ((3, 3), (0.01, 0.01), RATIO)]
    for (h, w), scale, ratio in shapes:
        img = Image.new("L", (w, h))
        boxes = set()
        for seed in range(5):
            torch.manual_seed(seed)
            boxes.add(T.RandomResizedCrop.get_params(img, list(scale), list(ratio)))
        if len(boxes) != 1:
            fail(f"{h}x{w} scale {scale} ratio {ratio}: expected a deterministic fallback, got {boxes}")
        cases.append({"height": h, "width": w, "scale": list(scale), "ratio": list(ratio),
                      "box": [int(v) for v in boxes.pop()]})
    return cases


def flip_cases(inputs):
    return [{"input": name, "expected": chw(F.hflip(inputs[name]))} for name in ["noise32", "odd17x23", "gray28"]]


def factors(seed, lo, hi, count):
    torch.manual_seed(seed)
    return [float(torch.empty(1).uniform_(lo, hi)) for _ in range(count)]


ENHANCE_FACTORS = [0.0, 0.2, 0.5, 0.999, 1.0, 1.0000001, 1.25, 1.8]


def enhance_cases(inputs, adjust, seed, extra_inputs):
    cases = []
    plan = [("noise16", ENHANCE_FACTORS + factors(seed, 0.2, 1.8, 4))]
    plan += [(name, [0.3, 1.7] + factors(seed + 1, 0.2, 1.8, 1)) for name in extra_inputs]
    for name, values in plan:
        for f in values:
            cases.append({"input": name, "factor": f, "expected": chw(adjust(inputs[name], f))})
    return cases


HUE_FACTORS = [-0.5, -0.2, -1.0 / 255, -0.001, 0.001, 0.1, 0.2, 0.5]


def hue_cases(inputs):
    cases = []
    plan = [("palette64", HUE_FACTORS), ("noise16", [-0.15, 0.0, 0.05, 1.0 / 255] + factors(20, -HUE, HUE, 4)),
            ("edges32", [-0.2, 0.2]), ("grayrgb28", [0.2]), ("gray28", [0.2])]
    for name, values in plan:
        for f in values:
            cases.append({"input": name, "factor": f, "expected": chw(F.adjust_hue(inputs[name], f))})
    return cases


def grayscale_cases(inputs):
    cases = []
    for name in ["noise16", "palette64", "gray28"]:
        img = inputs[name]
        channels = 1 if img.mode == "L" else 3
        cases.append({"input": name, "expected": chw(F.rgb_to_grayscale(img, num_output_channels=channels))})
    return cases


def paper_full(size):
    """The paper's `full` set before ToTensor (§1.5), resized back to the input's own size."""
    return T.Compose([
        T.RandomResizedCrop(size, scale=SCALE, ratio=RATIO, interpolation=InterpolationMode.BILINEAR),
        T.RandomHorizontalFlip(p=P_FLIP),
        T.RandomApply([T.ColorJitter(JITTER, JITTER, JITTER, HUE)], p=P_JITTER),
        T.RandomGrayscale(p=P_GRAY),
    ])


def replay(img, jitter_op):
    """Draws torchvision's parameters in the order its transforms draw them (the RNG must be seeded)."""
    top, left, h, w = T.RandomResizedCrop.get_params(img, list(SCALE), list(RATIO))
    flip = bool(torch.rand(1) < P_FLIP)
    jitter = None
    if not P_JITTER < torch.rand(1):  # RandomApply skips when p < rand
        order, b, c, s, hue = jitter_op.get_params(jitter_op.brightness, jitter_op.contrast, jitter_op.saturation,
                                                   jitter_op.hue)
        jitter = {"order": [int(i) for i in order], "brightness": b, "contrast": c, "saturation": s, "hue": hue}
    grayscale = bool(torch.rand(1) < P_GRAY)
    return {"crop": [int(top), int(left), int(h), int(w)], "flip": flip, "jitter": jitter, "grayscale": grayscale}


def apply_params(img, p):
    """The composed ops with given parameters, through torchvision's functional API, to check the replay."""
    top, left, h, w = p["crop"]
    img = F.resized_crop(img, top, left, h, w, [img.height, img.width], InterpolationMode.BILINEAR)
    if p["flip"]:
        img = F.hflip(img)
    j = p["jitter"]
    if j is not None:
        steps = [lambda im: F.adjust_brightness(im, j["brightness"]), lambda im: F.adjust_contrast(im, j["contrast"]),
                 lambda im: F.adjust_saturation(im, j["saturation"]), lambda im: F.adjust_hue(im, j["hue"])]
        for i in j["order"]:
            img = steps[i](img)
    if p["grayscale"]:
        img = F.rgb_to_grayscale(img, num_output_channels=1 if img.mode == "L" else 3)
    return img


def full_cases(inputs):
    cases = []
    plan = [("noise32", 20), ("smooth32", 20), ("edges32", 10), ("gray28", 10), ("odd17x23", 10)]
    for index, (name, count) in enumerate(plan):
        img = inputs[name]
        pipeline = paper_full((img.height, img.width))
        jitter_op = pipeline.transforms[2].transforms[0]
        for k in range(count):
            seed = 1000 * index + k
            torch.manual_seed(seed)
            expected = pipeline(img)
            torch.manual_seed(seed)
            params = replay(img, jitter_op)
            if np.asarray(apply_params(img, params)).tobytes() != np.asarray(expected).tobytes():
                fail(f"{name} seed {seed}: replayed parameters do not reproduce torchvision's view")
            cases.append({"input": name, "seed": seed, **params, "expected": chw(expected)})
    return cases


# ---------------------------------------------------------------------------------------------------------------


def readme(found, sizes):
    files = "\n".join(f"| `{name}` | {size:,} |" for name, size in sizes.items())
    return f"""# Golden fixtures: torchvision `full` on PIL images

Written by `{TOOL}` (do not edit by hand; re-run it). Versions used: torchvision {found['torchvision']},
Pillow {found['PIL']}, numpy {found['numpy']}, torch {torch.__version__}.

Each file is `{{"cases": [...]}}`, one case per line. Images are planar CHW uint8, base64 (`inputs.json.gz`: name,
channels, height, width, chw). Each case names its input, gives the parameters torchvision used and the expected
bytes:

- `crop.json.gz`: `box` = [top, left, height, width]; expected = `F.resized_crop(img, *box, [H, W], BILINEAR)`.
- `crop-fallback.json.gz`: shapes where all ten tries of `RandomResizedCrop.get_params` fail; `box` is its
  deterministic centred fallback.
- `flip.json.gz`: `F.hflip`.
- `brightness.json.gz`, `contrast.json.gz`, `saturation.json.gz`, `hue.json.gz`: `factor`; expected = `F.adjust_*`.
- `grayscale.json.gz`: `F.rgb_to_grayscale` with the input's own channel count.
- `full.json.gz`: the paper's pipeline (RandomResizedCrop to the input's size, scale {SCALE}, ratio (3/4, 4/3);
  RandomHorizontalFlip {P_FLIP}; RandomApply(ColorJitter({JITTER}, {JITTER}, {JITTER}, {HUE}), {P_JITTER});
  RandomGrayscale {P_GRAY}) run under `torch.manual_seed(seed)`; `crop`, `flip`, `jitter` (null when not applied;
  `order` is ColorJitter's fn_idx: 0 brightness, 1 contrast, 2 saturation, 3 hue) and `grayscale` are the
  parameters it drew, checked by re-applying them through the functional API.

| file (gzipped JSON, one case per line) | bytes |
|---|---|
{files}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--any-version", action="store_true")
    args = parser.parse_args()
    found = check_versions(args.any_version)
    torch.set_num_threads(1)
    inputs = make_inputs()
    fixtures = {
        "inputs.json": [describe(name, img) for name, img in inputs.items()],
        "crop.json": crop_cases(inputs),
        "crop-fallback.json": fallback_cases(),
        "flip.json": flip_cases(inputs),
        "brightness.json": enhance_cases(inputs, F.adjust_brightness, 30, ["edges32", "gray28"]),
        "contrast.json": enhance_cases(inputs, F.adjust_contrast, 31, ["smooth32", "gray28", "odd17x23"]),
        "saturation.json": enhance_cases(inputs, F.adjust_saturation, 32, ["smooth32", "edges32", "gray28"]),
        "hue.json": hue_cases(inputs),
        "grayscale.json": grayscale_cases(inputs),
        "full.json": full_cases(inputs),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, cases in fixtures.items():
        # One case per line; gzip level 9 with mtime 0 and no file name, so a re-run writes identical bytes.
        text = '{"cases": [\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n"
        packed = gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0)
        (args.out / (name + ".gz")).write_bytes(packed)
        sizes[name + ".gz"] = len(packed)
    (args.out / "README.md").write_text(readme(found, sizes), encoding="utf-8")
    print(f"wrote {len(fixtures)} fixture files, {sum(sizes.values()):,} bytes gzipped, to {args.out}")


if __name__ == "__main__":
    main()
