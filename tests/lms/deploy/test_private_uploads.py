"""Uploaded originals: random names on disk and in the bucket, no GPS position in what is
stored or shown, and the originals pages never link to are not served from /media/."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from curriculum.models import Video
from lms.core.media import serve
from lms.deploy.metadata import ORIENTATION
from lms.deploy.s3 import MediaStorage
from lms.deploy.storage import LocalMediaStorage, PrivateUploadsMixin
from tests.lms.deploy.test_object_storage import _keys, s3_endpoint, s3_media  # noqa: F401

Image = get_image_model()
Document = get_document_model()
GPS_IFD = 0x8825
RANDOM = re.compile(r"[0-9a-f]{32}\.\w+")


def phone_photo(fmt: str = "JPEG") -> bytes:
    """A photo as phones write it: camera model, GPS position and an orientation."""
    image = PILImage.new("RGB", (64, 48), (30, 120, 200))
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (19.0, 55.0, 12.0), 3: "W", 4: (43.0, 56.0, 4.0)})
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def _exif(data: bytes) -> PILImage.Exif:
    with PILImage.open(io.BytesIO(data)) as image:
        return image.getexif()


def test_the_photo_really_carries_a_position():
    exif = _exif(phone_photo())
    assert exif.get_ifd(GPS_IFD) and exif[0x010F] == "PhoneMaker"


def test_uploads_on_disk_use_the_private_storage():
    assert isinstance(storages["default"], LocalMediaStorage)
    assert issubclass(MediaStorage, PrivateUploadsMixin)  # the same rules in the bucket


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_an_uploaded_photo_is_stored_under_a_random_name_without_its_position(fmt):
    extension = "jpg" if fmt == "JPEG" else "png"
    image = Image.objects.create(
        title="Feira",
        file=SimpleUploadedFile(f"Feira da Maria em Contagem.{extension}", phone_photo(fmt)),
    )
    name = image.file.name
    assert name.startswith("original_images/")
    assert RANDOM.fullmatch(name.rpartition("/")[2])
    assert "Maria" not in name
    with image.file.open("rb") as stored:
        exif = _exif(stored.read())
    assert not exif.get_ifd(GPS_IFD)
    assert 0x010F not in exif
    assert exif.get(ORIENTATION) == 6  # portraits still stand upright


@pytest.mark.django_db
def test_renditions_learners_get_carry_no_position():
    image = Image.objects.create(title="Feira", file=SimpleUploadedFile("f.jpg", phone_photo()))
    for spec in ("width-720|format-webp", "original", "max-165x165"):
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as stored:
            assert not _exif(stored.read()).get_ifd(GPS_IFD), spec
        assert "original_images/" not in rendition.url


@pytest.mark.django_db
def test_documents_and_videos_get_random_names_too():
    document = Document.objects.create(
        title="Planilha", file=SimpleUploadedFile("Planilha da Maria.csv", b"a,b\n")
    )
    video = Video.objects.create(
        title="Aula", file=SimpleUploadedFile("Aula da Maria.mp4", b"\x00" * 64)
    )
    for name in (document.file.name, video.file.name):
        assert RANDOM.fullmatch(name.rpartition("/")[2]) and "Maria" not in name
    # Documents are sent by Wagtail's serve view (privacy checks), never by a storage URL.
    assert document.url.startswith("/documents/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "folder", ["original_images", "documents", "./documents", "videos/original/2026/12"]
)
def test_private_originals_are_not_served_from_media(folder):
    name = default_storage.save(f"{folder.lstrip('./')}/x.jpg", io.BytesIO(phone_photo()))
    path = name if not folder.startswith("./") else "./" + name
    request = RequestFactory().get(f"/media/{path}")
    with pytest.raises(Http404):
        serve(request, path)
    # What pages do link to still is.
    public = default_storage.save("images/y.jpg", io.BytesIO(phone_photo()))
    assert serve(RequestFactory().get(f"/media/{public}"), public).status_code == 200


@pytest.mark.django_db
def test_a_photo_lands_in_the_bucket_without_its_position(s3_media):  # noqa: F811
    image = Image.objects.create(
        title="Feira", file=SimpleUploadedFile("Feira da Maria.jpg", phone_photo())
    )
    assert image.file.name in _keys(s3_media)
    assert RANDOM.fullmatch(image.file.name.rpartition("/")[2])
    stored = s3_media.get_object(Bucket="rumo-media", Key=image.file.name)["Body"].read()
    assert not _exif(stored).get_ifd(GPS_IFD)
