"""Read format, size and EXIF orientation of every JPEG under a folder with Pillow's lazy
Image.open, which parses the header and decodes no pixels."""

import sys
from pathlib import Path

from PIL import Image

ORIENTATION_TAG = 274

count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.jpg")):
    with Image.open(path) as image:
        _ = (image.format, image.size, image.getexif().get(ORIENTATION_TAG, 1))
    count += 1
print(f"read {count} headers", file=sys.stderr)
