#!/usr/bin/python3
"""The PyTorch reference figures `bml bench` divides by, measured on this machine in the same run.

Three figures, each over --seconds after a warm-up that is not timed:
  augment   torchvision's paper `full` view pipeline on PIL 32x32 RGB images, one process, one thread: views/s.
  step      the bare training step (forward, MSE on one-hot random labels, backward, Adam) of bml's `cnn` encoder
            plus projector head on a batch already in memory: samples/s.
  pipeline  the paper's loop end to end: a Dataset of uint8 images with random labels applying `full`, a DataLoader
            (shuffle, drop_last, persistent workers) feeding the same model and step; measured with each worker
            count of --workers, the best one is the reference: samples/s.

The model replicates bml.training (Encoders, TappedNetwork, WeightInit, LossFunction, AdamOptimizer, ModelInput) so
the step compares like with like. Prints one JSON object on stdout and nothing else; progress goes to stderr.
Needs Debian's python3-torch and python3-torchvision (torch 1.13, torchvision 0.14). No downloads: the images are
generated from --seed.
"""

import argparse
import gc
import json
import math
import os
import platform
import sys
import time

WARM_UP_STEPS = 5  # as bml.training.bench.RandomBatch.WARM_UP_STEPS
AUGMENT_WARM_UP_SECONDS = 0.5
IMAGE_SIDE = 32
CHANNELS = 3


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=10.0, help="timed seconds per measurement (default 10)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads for step and pipeline (default 2)")
    p.add_argument("--batch", type=int, default=128, help="images per training step (default 128)")
    p.add_argument("--encoder", choices=["cnn"], default="cnn", help="bml's model.encoder; only cnn is built")
    p.add_argument("--width", type=int, default=32, help="base width w of the cnn encoder (default 32)")
    p.add_argument("--head-width", type=int, default=512, help="hidden width of the projector head (default 512)")
    p.add_argument("--classes", type=int, default=10, help="number of label classes (default 10)")
    p.add_argument("--images", type=int, default=10000, help="images in the pipeline's Dataset (default 10000)")
    p.add_argument("--workers", default="1,2", help="DataLoader worker counts to try, comma-separated (default 1,2)")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate (default 1e-3)")
    p.add_argument("--seed", type=int, default=42, help="seed of images, labels, weights and views (default 42)")
    p.add_argument("--what", choices=["all", "augment", "step", "pipeline"], default="all")
    args = p.parse_args(argv)
    args.workers = [int(w) for w in args.workers.split(",") if w.strip()]
    for name in ("seconds", "threads", "batch", "width", "head_width", "images"):
        if not getattr(args, name) > 0:
            p.error("--%s: expected > 0, got %s" % (name.replace("_", "-"), getattr(args, name)))
    if args.classes < 2:
        p.error("--classes: expected >= 2, got %d" % args.classes)
    if not args.workers or min(args.workers) < 1:
        p.error("--workers: expected worker counts >= 1, got %s" % args.workers)
    if args.images < args.batch:
        p.error("--images: expected >= --batch (%d), got %d" % (args.batch, args.images))
    return args


def log(message):
    print("torch_reference: " + message, file=sys.stderr, flush=True)


def synthetic_images(n, seed):
    """n uint8 HWC 32x32 RGB images: a two-colour linear gradient, one disc or rectangle, mild noise."""
    import numpy as np

    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:IMAGE_SIDE, 0:IMAGE_SIDE].astype(np.float32)
    out = np.empty((n, IMAGE_SIDE, IMAGE_SIDE, CHANNELS), dtype=np.uint8)
    for start in range(0, n, 1024):
        m = min(1024, n - start)
        angle = rng.uniform(0, 2 * math.pi, (m, 1, 1)).astype(np.float32)
        t = (np.cos(angle) * xx + np.sin(angle) * yy) / (IMAGE_SIDE - 1)
        t = (t - t.min(axis=(1, 2), keepdims=True)) / (np.ptp(t, axis=(1, 2), keepdims=True) + 1e-6)
        c0 = rng.uniform(0, 255, (m, 1, 1, CHANNELS)).astype(np.float32)
        c1 = rng.uniform(0, 255, (m, 1, 1, CHANNELS)).astype(np.float32)
        img = c0 + (c1 - c0) * t[..., None]
        cx, cy = (rng.uniform(6, 26, (m, 1, 1)).astype(np.float32) for _ in range(2))
        rx, ry = (rng.uniform(3, 10, (m, 1, 1)).astype(np.float32) for _ in range(2))
        disc = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 < 1
        rect = (np.abs(xx - cx) < rx) & (np.abs(yy - cy) < ry)
        shape = np.where(rng.integers(0, 2, (m, 1, 1)) == 0, disc, rect)
        colour = rng.uniform(0, 255, (m, 1, 1, CHANNELS)).astype(np.float32)
        img = np.where(shape[..., None], colour, img)
        img += rng.normal(0, 6, img.shape).astype(np.float32)
        out[start:start + m] = np.clip(img, 0, 255).astype(np.uint8)
    return out


def full_transform():
    """The paper's `full` views: random resized crop, flip, colour jitter (p 0.8), random grayscale (p 0.2)."""
    from torchvision import transforms as T

    return T.Compose([
        T.RandomResizedCrop(IMAGE_SIDE, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)),
        T.RandomHorizontalFlip(),
        T.RandomApply([T.ColorJitter(0.8, 0.8, 0.8, 0.2)], p=0.8),
        T.RandomGrayscale(0.2),
        T.ToTensor(),
    ])


def build_model(args):
    """bml's `cnn` encoder and projector head, initialised with bml's rules (WeightInit)."""
    import torch
    from torch import nn

    def block(cin, cout, pool):
        layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
        if pool:
            layers.append(nn.MaxPool2d(2, 2))
        return layers

    w = args.width
    model = nn.Sequential(
        *block(CHANNELS, w, True), *block(w, 2 * w, True), *block(2 * w, 4 * w, True), *block(4 * w, 8 * w, False),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(8 * w, args.head_width, bias=False), nn.ReLU(),
        nn.Linear(args.head_width, args.classes, bias=False),
    )
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
        # Linear keeps torch's default (Kaiming-uniform, a = sqrt(5)) and BatchNorm its (1, 0, 0, 1): bml's rules.
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    return model, optimizer


def train_step(model, optimizer, images, labels, classes):
    """One step as bml's TrainingSession.step: forward, MSE on one-hot, backward, Adam, loss and accuracy read."""
    import torch
    import torch.nn.functional as F

    logits = model(images)
    loss = F.mse_loss(logits, F.one_hot(labels, classes).to(logits.dtype))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    value = loss.item()
    if not math.isfinite(value):
        raise RuntimeError("non-finite loss %s" % value)
    return value, (logits.detach().argmax(1) == labels).sum().item()


def measure_augment(args, images):
    import torch
    from PIL import Image

    torch.set_num_threads(1)
    try:
        transform = full_transform()
        pictures = [Image.fromarray(a) for a in images[:min(len(images), 2000)]]
        n = len(pictures)
        views = 0
        warm_until = time.perf_counter() + min(AUGMENT_WARM_UP_SECONDS, args.seconds)
        while time.perf_counter() < warm_until:
            transform(pictures[views % n])
            views += 1
        views = 0
        start = time.perf_counter()
        deadline = start + args.seconds
        while True:
            transform(pictures[views % n])
            views += 1
            if views % 50 == 0 and time.perf_counter() >= deadline:
                break
        elapsed = time.perf_counter() - start
    finally:
        torch.set_num_threads(args.threads)
    return {"views_per_second": views / elapsed, "views": views, "seconds": elapsed, "threads": 1}


def measure_step(args):
    import torch

    model, optimizer = build_model(args)
    generator = torch.Generator().manual_seed(args.seed)
    pixels = torch.randint(0, 256, (args.batch, CHANNELS, IMAGE_SIDE, IMAGE_SIDE), dtype=torch.uint8,
                           generator=generator)
    labels = torch.randint(0, args.classes, (args.batch,), generator=generator)

    def step():
        # bml's step converts its uint8 batch to float in [0, 1] each time (ModelInput), so this one does too.
        return train_step(model, optimizer, pixels.float().div_(255), labels, args.classes)

    for _ in range(WARM_UP_STEPS):
        step()
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    return {"samples_per_second": steps * args.batch / elapsed, "steps": steps, "seconds": elapsed}


class ViewDataset:
    """uint8 HWC images with random labels; each item is a fresh `full` view, as torchvision's CIFAR10 dataset."""

    def __init__(self, images, labels, transform):
        self.images = images
        self.labels = labels
        self.transform = transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        from PIL import Image

        return self.transform(Image.fromarray(self.images[i])), self.labels[i]


def measure_pipeline(args, images, workers):
    import torch
    from torch.utils.data import DataLoader

    labels = torch.randint(0, args.classes, (len(images),),
                           generator=torch.Generator().manual_seed(args.seed + 1)).tolist()
    dataset = ViewDataset(images, labels, full_transform())
    model, optimizer = build_model(args)
    loader = DataLoader(dataset, batch_size=args.batch, shuffle=True, num_workers=workers, drop_last=True,
                        persistent_workers=True)

    def batches():
        while True:
            for batch in loader:
                yield batch

    stream = batches()
    try:
        for _ in range(WARM_UP_STEPS):
            views, targets = next(stream)
            train_step(model, optimizer, views, targets, args.classes)
        steps = 0
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            views, targets = next(stream)
            train_step(model, optimizer, views, targets, args.classes)
            steps += 1
        elapsed = time.perf_counter() - start
    finally:
        stream.close()
        del stream, loader  # shuts the persistent workers down before the next worker count starts its own
        gc.collect()
    return {"workers": workers, "samples_per_second": steps * args.batch / elapsed, "steps": steps, "seconds": elapsed}


def versions():
    import numpy
    import PIL
    import torch
    import torchvision

    return {"python": platform.python_version(), "torch": torch.__version__, "torchvision": torchvision.__version__,
            "PIL": PIL.__version__, "numpy": numpy.__version__}


def run(args):
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    result = {
        "settings": {"what": args.what, "seconds": args.seconds, "threads": args.threads, "batch": args.batch,
                     "encoder": args.encoder, "width": args.width, "head_width": args.head_width,
                     "classes": args.classes, "images": args.images, "workers": args.workers, "lr": args.lr,
                     "seed": args.seed, "warm_up_steps": WARM_UP_STEPS},
        "versions": versions(),
        "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                    "torch_interop_threads": torch.get_num_interop_threads(),
                    "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY")},
    }
    wants = {"augment", "step", "pipeline"} if args.what == "all" else {args.what}
    images = synthetic_images(args.images, args.seed) if wants & {"augment", "pipeline"} else None
    if "augment" in wants:
        log("augment: torchvision full, one thread, %.1f s" % args.seconds)
        result["augment"] = measure_augment(args, images)
    if "step" in wants:
        log("step: bare training step, %d threads, %.1f s" % (args.threads, args.seconds))
        result["step"] = measure_step(args)
    if "pipeline" in wants:
        runs = []
        for workers in args.workers:
            log("pipeline: DataLoader with %d workers, %.1f s" % (workers, args.seconds))
            runs.append(measure_pipeline(args, images, workers))
        best = max(runs, key=lambda r: r["samples_per_second"])
        result["pipeline"] = {"samples_per_second": best["samples_per_second"], "workers": best["workers"],
                              "runs": runs}
    return result


def main(argv):
    args = parse_args(argv)
    out = sys.stdout
    sys.stdout = sys.stderr  # whatever a library prints must not corrupt the one JSON object on stdout
    try:
        result = run(args)
    finally:
        sys.stdout = out
    json.dump(result, out, indent=1)
    out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
