"""Benchmark inputs, generated once under bench/work/inputs from the sample photographs."""

import os
import subprocess
from pathlib import Path

# The sample photographs: 1800x1200 and 1200x1800 JPEGs, some with an EXIF orientation.
SAMPLE_NAMES = [
    "exif_orient0_Landscape_0.jpg", "exif_orient1_Landscape_1.jpg", "exif_orient3_Landscape_3.jpg",
    "exif_orient6_Landscape_6.jpg", "exif_orient6_Portrait_6.jpg", "exif_orient8_Landscape_8.jpg",
    "gen_gps_Landscape_1.jpg",
]


def fixtures_directory(repository):
    configured = os.environ.get("IMGPIPE_FIXTURES")
    base = Path(configured) if configured else repository.parent / "shared" / "fixtures"
    return base / "images"


def sample_photographs(repository):
    folder = fixtures_directory(repository)
    paths = [folder / name for name in SAMPLE_NAMES]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise SystemExit(f"sample photographs not found: {', '.join(missing)}; set IMGPIPE_FIXTURES to the fixtures folder")
    return paths


def varied_jpegs(samples, folder, count):
    """Make `count` distinct JPEGs from the samples, long edges spread from 320 to 1800 pixels.

    Each vipsthumbnail call writes one long edge for every sample, so (sample, edge) pairs
    are unique and so are the files' bytes.
    """
    folder = Path(folder).resolve()
    if len(list(folder.glob("*.jpg"))) == count:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jpg"):
        old.unlink()

    calls = -(-count // len(samples))
    edges = [320 + (1480 * index) // max(calls - 1, 1) for index in range(calls)]
    for edge in edges:
        output = f"{folder}/%s_{edge}.jpg[Q=85]"
        subprocess.run(["vipsthumbnail", "--size", str(edge), "-o", output, *map(str, samples)], check=True)

    produced = sorted(folder.glob("*.jpg"))
    for extra in produced[count:]:
        extra.unlink()
    return folder


def small_files(samples, work, folder, count, per_folder=1000):
    """Make `count` small distinct JPEGs (about 2 KB), 1,000 per subfolder.

    A few hundred thumbnails are made with vipsthumbnail; each file is one of them with a JPEG
    comment segment holding its index, so every file has different bytes (imgpipe uploads
    identical content once per run) while staying a valid JPEG.
    """
    folder = Path(folder).resolve()
    marker = folder / f".complete-{count}"
    if marker.exists():
        return folder
    bases = _small_thumbnails(samples, Path(work).resolve() / "small-bases")

    for index in range(count):
        subfolder = folder / f"d{index // per_folder:04d}"
        if index % per_folder == 0:
            subfolder.mkdir(parents=True, exist_ok=True)
        base = bases[index % len(bases)]
        (subfolder / f"small_{index:06d}.jpg").write_bytes(_with_comment(base, f"imgpipe bench {index}"))
    marker.touch()
    return folder


def _small_thumbnails(samples, folder):
    folder.mkdir(parents=True, exist_ok=True)
    if not list(folder.glob("*.jpg")):
        for edge in range(64, 256, 8):
            subprocess.run(["vipsthumbnail", "--size", str(edge), "-o", f"{folder}/%s_{edge}.jpg[Q=80,strip]",
                            *map(str, samples)], check=True)
    return [path.read_bytes() for path in sorted(folder.glob("*.jpg"))]


def _with_comment(jpeg, text):
    """Insert a COM segment right after the JPEG's start-of-image marker."""
    payload = text.encode()
    length = len(payload) + 2
    segment = b"\xff\xfe" + length.to_bytes(2, "big") + payload
    return jpeg[:2] + segment + jpeg[2:]


def large_jpeg(samples, path, width=6000, height=4000):
    """Make a 24-megapixel JPEG (6000x4000) by enlarging the first sample photograph."""
    path = Path(path).resolve()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    source = samples[1]
    subprocess.run(["vips", "thumbnail", str(source), f"{path}[Q=90]", str(width),
                    "--height", str(height), "--size", "force"], check=True)
    return path
