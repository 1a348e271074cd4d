"""Benchmark `eheritage tile` against raw libvips, on files generated here.

Prints ratios measured in this run (never absolute targets):
  1. one 10000x8000 RGB TIFF: `eheritage tile` vs `dzsave(layout="iiif3")`, alternating,
     median of N each, both as fresh processes (target <= 1.25x);
  2. eight images with 2 workers vs 1 (target >= 1.6x on 2 cores), and what bounds it: how
     many cores one worker already keeps busy, and how much a second process can add on
     this machine even to single-threaded raw dzsave; then the batch against a plain loop
     of raw dzsave in one process (target <= 1.3x with default workers, issue 13);
  3. peak RSS of the whole process tree tiling a 900-megapixel TIFF (target < 400 MiB).

Every run starts from an empty output folder, after the previous run's processes are gone.
eheritage is measured as installed: its bytecode is compiled first, as `pip install` does,
so a PYTHONDONTWRITEBYTECODE environment does not recompile it on every run.

Usage: python bench/tile.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyvips

import eheritage as eheritage_package

RAW_DZSAVE = (
    "import sys, pyvips; pyvips.Image.new_from_file(sys.argv[1], access='sequential')"
    ".dzsave(sys.argv[2], layout='iiif3', tile_size=512, suffix='.jpg[Q=85]')"
)


def scan(path: Path, width: int, height: int) -> Path:
    """A photo-like RGB TIFF: smooth shapes, fine texture and sensor noise (JPEG-realistic)."""
    coarse = pyvips.Image.perlin(width, height, cell_size=256, uchar=True)
    fine = pyvips.Image.perlin(width, height, cell_size=37, uchar=True)
    noise = pyvips.Image.gaussnoise(width, height, sigma=12, mean=0)
    red = coarse * 0.7 + fine * 0.3 + noise
    green = fine * 0.6 + 60 + noise
    blue = coarse.flip("horizontal") * 0.5 + fine * 0.4 + noise
    red.bandjoin([green, blue]).cast("uchar").copy(interpretation="srgb").tiffsave(str(path))
    return path


#: Pause before each run: the forkserver of the run before ends after its command returns.
SETTLE_SECONDS = 0.3


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    time.sleep(SETTLE_SECONDS)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def ratio(ours: list[float], reference: list[float]) -> str:
    """Median over median, with the spread of single runs against the reference median."""
    middle = statistics.median(reference)
    return f"{statistics.median(ours) / middle:.2f}x (runs {min(ours) / middle:.2f}-{max(ours) / middle:.2f})"


def busy_cores(command: list[str]) -> tuple[float, float]:
    """Wall time of a command, and how many cores the whole machine kept busy meanwhile."""
    before = psutil.cpu_times()
    wall = timed(command)
    after = psutil.cpu_times()
    busy = sum(getattr(after, name) - getattr(before, name) for name in ("user", "nice", "system", "irq", "softirq"))
    return wall, busy / wall


LIBRARY_TILE = (
    "import sys; from pathlib import Path; from eheritage.pipeline.tile import tile; "
    "tile([Path(sys.argv[1])], Path(sys.argv[2]), force=True)"
)


def eheritage(*args: str) -> list[str]:
    return [sys.executable, "-m", "eheritage", "tile", *args, "--force", "--json"]


def versus_raw(work: Path, size: tuple[int, int], runs: int) -> None:
    source = scan(work / "scan.tif", *size)
    cli, library, raw = [], [], []
    for _ in range(runs):  # alternate so drift in the machine hits all sides alike
        shutil.rmtree(work / "raw", ignore_errors=True)
        (work / "raw").mkdir()
        raw.append(timed([sys.executable, "-c", RAW_DZSAVE, str(source), str(work / "raw" / "scan")]))
        shutil.rmtree(work / "ours", ignore_errors=True)
        cli.append(timed(eheritage(str(source), "-o", str(work / "ours"))))
        shutil.rmtree(work / "ours", ignore_errors=True)
        library.append(timed([sys.executable, "-c", LIBRARY_TILE, str(source), str(work / "ours")]))
    print(f"1. {size[0]}x{size[1]} TIFF, median of {runs}, each a fresh process (raw {statistics.median(raw):.2f} s):")
    print(f"   `eheritage tile` CLI / raw dzsave = {ratio(cli, raw)} (target <= 1.25x)")
    print(f"   tile() library verb / raw dzsave = {ratio(library, raw)}")


RAW_BATCH = (
    "import sys, pyvips\n"
    "for number, path in enumerate(sys.argv[2:]):\n"
    "    pyvips.Image.new_from_file(path, access='sequential')"
    ".dzsave(f'{sys.argv[1]}/{number}', layout='iiif3', tile_size=512, suffix='.jpg[Q=85]')"
)


def raw_batch(work: Path, name: str, pages: list[str]) -> list[str]:
    target = work / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    return [sys.executable, "-c", RAW_BATCH, str(target), *pages]


def second_process_gain(work: Path, pages: list[str]) -> float:
    """What a second core adds here to single-threaded raw dzsave: 1 process of 8 vs 2 of 4."""
    single = {**os.environ, "VIPS_CONCURRENCY": "1"}
    one = timed(raw_batch(work, "one8", pages), env=single)
    halves = [raw_batch(work, f"half{n}", pages[n::2]) for n in (0, 1)]
    time.sleep(SETTLE_SECONDS)
    start = time.perf_counter()
    processes = [subprocess.Popen(command, env=single) for command in halves]
    if any(process.wait() for process in processes):
        raise RuntimeError("raw dzsave failed")
    return one / (time.perf_counter() - start)


def workers_speedup(work: Path, size: tuple[int, int], runs: int) -> None:
    """8 images: 1 worker vs 2, what bounds the gain, and the batch against raw dzsave."""
    folder = work / "eight"
    folder.mkdir()
    first = scan(folder / "page_01.tif", *size)
    for number in range(2, 9):
        shutil.copy(first, folder / f"page_{number:02d}.tif")
    pages = sorted(str(path) for path in folder.iterdir())
    one, two, raw, busy, gain = [], [], [], [], []
    for _ in range(runs):  # every side starts from an empty output folder, as raw dzsave does
        for folder_name in ("w1", "w2"):
            shutil.rmtree(work / folder_name, ignore_errors=True)
        wall, cores_busy = busy_cores(eheritage(str(folder), "-o", str(work / "w1"), "--workers", "1"))
        one.append(wall)
        busy.append(cores_busy)
        two.append(timed(eheritage(str(folder), "-o", str(work / "w2"), "--workers", "2")))
        raw.append(timed(raw_batch(work, "raw8", pages)))
        gain.append(second_process_gain(work, pages))
    cores, in_use = psutil.cpu_count(), statistics.median(busy)
    print(f"2. 8 images {size[0]}x{size[1]}, median of {runs}: 1 worker / 2 workers = "
          f"{statistics.median(one) / statistics.median(two):.2f}x (target >= 1.6x on 2 cores; this machine has {cores})")
    print(f"   1 worker already keeps {in_use:.2f} of {cores} cores busy (libvips threads, sizes beside tiles): "
          f"the room left for more workers is about {cores / in_use:.2f}x")
    print(f"   a second process adds {statistics.median(gain):.2f}x here even to single-threaded raw dzsave "
          f"(2 processes of 4 images vs 1 of 8, VIPS_CONCURRENCY=1)")
    print(f"   batch: `eheritage tile` 1 worker / raw dzsave of the 8 in one process = {ratio(one, raw)}; "
          f"2 workers (the default here: one per core) / raw = {ratio(two, raw)} (target <= 1.3x with default workers)")


def peak_rss(work: Path, side: int) -> None:
    """Poll the RSS of the command and all its descendants; report the peak of the sum."""
    source = work / "huge.tif"
    tile_image = scan(work / "block.tif", 5000, 5000)
    pyvips.Image.new_from_file(str(tile_image)).replicate(side // 5000 + 1, side // 5000 + 1).crop(0, 0, side, side).tiffsave(str(source))
    process = psutil.Popen(eheritage(str(source), "-o", str(work / "huge"), "--workers", "1"), stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    print(f"3. {side}x{side} = {side * side / 1e6:.0f} MP TIFF: peak RSS of the process tree "
          f"{peak / 2**20:.0f} MiB (exit {process.returncode}; target < 400 MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller images, no 900 MP test")
    parser.add_argument("--runs", type=int, default=5, help="runs per side (default 5)")
    args = parser.parse_args()
    runs = args.runs
    compileall.compile_dir(Path(eheritage_package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-") as temp:
        work = Path(temp)
        if args.quick:
            versus_raw(work, (4000, 3200), runs)
            workers_speedup(work, (1500, 1200), runs)
        else:
            versus_raw(work, (10000, 8000), runs)
            workers_speedup(work, (4000, 3000), runs)
            peak_rss(work, 30000)


if __name__ == "__main__":
    main()
