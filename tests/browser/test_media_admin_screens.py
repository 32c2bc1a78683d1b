"""The admin screens of media review, as authors and reviewers see them in pt-BR and es at
1,280 px (saved under var/screenshots/media/): a video edited by an author offers a draft and
"submit for review", not publishing; deleting an image a published lesson uses is refused
naming the lesson; an author cannot replace the file of an image in use."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from curriculum.models import Video
from lms.accounts.services import roles_setup
from lms.core.roles import Role
from tests.browser.test_screenshots import restore_migration_rows
from tests.factories import SessionPageFactory, UserFactory, block

pytestmark = [pytest.mark.browser]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "media"
Image = get_image_model()
REFUSED = {"pt-br": "não pode ser excluído", "es": "no se puede eliminar"}
ONLY_REVIEWER = {"pt-br": "só um revisor pode substituí-lo", "es": "solo un revisor puede"}


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (320, 200), colour).save(out, format="PNG")
    return out.getvalue()


def _session_page(browser, live_server, user, language: str):
    UserProfile.objects.filter(pk=UserProfile.get_for_user(user).pk).update(
        preferred_language=language
    )
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=language)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


@pytest.mark.parametrize("language", ["pt-br", "es"])
def test_media_review_screens(browser, live_server, tree, language):
    SHOTS.mkdir(parents=True, exist_ok=True)
    restore_migration_rows()
    groups = roles_setup()
    author, reviewer = UserFactory(), UserFactory()
    author.groups.add(groups[Role.AUTHOR])
    reviewer.groups.add(groups[Role.REVIEWER])
    image = Image.objects.create(
        title="Banca na feira",
        file=SimpleUploadedFile("banca.png", _png("orange")),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=author,
    )
    video = Video.objects.create(
        title="Como calcular o preço", file=SimpleUploadedFile("preco.mp4", b"\x00" * 64)
    )
    page = SessionPageFactory(
        parent=tree["module"],
        title="Preço de venda",
        number=2,
        body=[
            block("image", {"image": image.pk, "alt_text": "Banca", "caption": ""}),
            block("video", {"video": video.pk, "caption": "", "required": True}),
        ],
    )
    page.save_revision().publish()
    base = live_server.url

    context, screen = _session_page(browser, live_server, author, language)
    screen.goto(f"{base}/admin/snippets/curriculum/video/edit/{video.pk}/")
    screen.screenshot(path=SHOTS / f"video-edit-author-{language}.png", full_page=True)
    assert screen.locator("button[name=action-submit]").count() == 1
    assert screen.locator("button[name=action-publish]").count() == 0

    screen.goto(f"{base}/admin/images/{image.pk}/")
    screen.set_input_files("input[name=file]", files=[
        {"name": "nova.png", "mimeType": "image/png", "buffer": _png("green")}
    ])  # fmt: skip
    screen.locator("form:has(input[name=file]) [type=submit]").first.click()
    screen.wait_for_load_state()
    screen.screenshot(path=SHOTS / f"image-file-refused-{language}.png", full_page=True)
    assert ONLY_REVIEWER[language] in screen.content()
    context.close()

    context, screen = _session_page(browser, live_server, reviewer, language)
    screen.goto(f"{base}/admin/images/{image.pk}/delete/")
    screen.locator("main form [type=submit]").first.click()
    screen.wait_for_load_state()
    screen.screenshot(path=SHOTS / f"image-delete-refused-{language}.png", full_page=True)
    assert REFUSED[language] in screen.content()
    assert "Preço de venda" in screen.content()
    assert Image.objects.filter(pk=image.pk).exists()
    context.close()
