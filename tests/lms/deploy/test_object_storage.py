"""Uploads in S3-compatible object storage, against moto's S3 server on a loopback port
(started and stopped here): the file lands in the bucket under a random name and its URL
serves it, byte ranges included."""

import io
import socket
import urllib.request
from collections.abc import Iterator

import boto3
import environ
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.images.models import Image

from lms.deploy.storage import random_name, s3_storage

BUCKET = "rumo-media"
KEYS = {"RUMO_MEDIA_S3_ACCESS_KEY_ID": "test-key", "RUMO_MEDIA_S3_SECRET_ACCESS_KEY": "test-secret"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    variables = {
        "RUMO_MEDIA_S3_BUCKET": BUCKET,
        "RUMO_MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "RUMO_MEDIA_S3_REGION": "us-east-1",
        **KEYS,
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["RUMO_MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["RUMO_MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(environ.Env())}
    yield client


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 24), (200, 80, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_without_a_bucket_uploads_stay_on_disk(monkeypatch):
    monkeypatch.delenv("RUMO_MEDIA_S3_BUCKET", raising=False)
    assert s3_storage(environ.Env()) is None


def test_random_names_keep_the_folder_and_a_safe_extension():
    name = random_name("videos/original/2026/12/Aula 1 de Maria.MP4")
    assert name.startswith("videos/original/2026/12/")
    assert name.endswith(".mp4")
    assert "Maria" not in name
    assert random_name("x/evil.php%00.jpg;sh").rpartition("/")[2].count(".") == 0
    assert random_name("a.png") != random_name("a.png")


@pytest.mark.django_db
def test_an_uploaded_image_lands_in_the_bucket_under_a_random_name_and_is_served(s3_media):
    content = _png()
    image = Image.objects.create(
        title="Feira", file=ImageFile(io.BytesIO(content), name="Foto da feira de Maria.png")
    )

    name = image.file.name
    assert name in _keys(s3_media)
    assert name.startswith("original_images/") and name.endswith(".png")
    assert "Maria" not in name
    url = image.file.url
    assert url.startswith("http://127.0.0.1:") and "Signature" in url  # signed, expiring
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == content


@pytest.mark.django_db
def test_a_video_is_served_in_byte_ranges(s3_media):
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
    name = default_storage.save("videos/original/2026/12/aula.mp4", ContentFile(video))

    assert name in _keys(s3_media)
    request = urllib.request.Request(default_storage.url(name), headers={"Range": "bytes=100-199"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 206
        assert response.read() == video[100:200]
