"""Upload a folder of images to an Imgur-compatible API and announce each upload with a signed
webhook, the way Imgur integrations are commonly written with requests and Pillow.

Per image: open it with Pillow for its format and size, POST it as multipart to /3/image with a
Bearer token, then POST a Standard Webhooks signed JSON document. A pool of worker threads, each
with its own requests.Session (connection reuse), gives the concurrency.
"""

import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from PIL import Image

local = threading.local()


def session():
    if not hasattr(local, "session"):
        local.session = requests.Session()
    return local.session


def signed_headers(secret, message_id, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    timestamp = str(int(time.time()))
    signed = f"{message_id}.{timestamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": f"v1,{signature}",
        "content-type": "application/json",
    }


def upload_one(path, arguments):
    with Image.open(path) as image:
        width, height = image.size
        image_format = image.format

    with open(path, "rb") as file:
        response = session().post(
            f"{arguments.api}/3/image",
            headers={"Authorization": f"Bearer {arguments.token}"},
            data={"title": path.stem, "type": "file"},
            files={"image": (path.name, file, "image/jpeg")},
            timeout=60,
        )
    response.raise_for_status()
    uploaded = response.json()["data"]

    document = {
        "type": "image.uploaded",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "data": {"id": uploaded["id"], "link": uploaded["link"], "source": str(path),
                 "format": image_format, "width": width, "height": height},
    }
    body = json.dumps(document).encode()
    message_id = f"msg_{uuid.uuid4().hex}"
    hook = session().post(arguments.webhook, data=body, headers=signed_headers(arguments.secret, message_id, body), timeout=30)
    hook.raise_for_status()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--api", required=True, help="API base URL, such as http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="OAuth access token")
    parser.add_argument("--webhook", required=True, help="Webhook endpoint URL")
    parser.add_argument("--secret", required=True, help="Webhook signing secret, whsec_ followed by base64")
    parser.add_argument("--concurrency", type=int, default=4, help="Worker threads")
    arguments = parser.parse_args()

    paths = sorted(arguments.folder.rglob("*.jpg"))
    with ThreadPoolExecutor(max_workers=arguments.concurrency) as pool:
        for result in pool.map(lambda path: upload_one(path, arguments), paths):
            pass
    print(f"uploaded {len(paths)} images", file=sys.stderr)


if __name__ == "__main__":
    main()
