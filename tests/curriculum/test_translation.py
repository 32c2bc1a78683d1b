"""Spanish pages are wagtail-localize translations: same translation_key, same block ids
(learner progress is keyed on them), translated text, synchronised structure."""

import polib
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail_localize.models import Translation, TranslationSource

from curriculum.models import SessionPage
from curriculum.seeding import translate_page
from tests.factories import block, guide, quiz, single_choice


def block_ids(stream) -> list[str]:
    return [child.id for child in stream]


def test_translated_session_keeps_translation_key_and_block_ids(tree, es_locale):
    session = tree["session"]
    session.body = [block("text", "Olá, turma!\n\nSegunda linha."), quiz(single_choice("Qual?"))]
    session.facilitator_guide = guide(200, 10, note="Cuidado com histórias pessoais.")
    session.save_revision().publish()
    for parent in (tree["curriculum"], tree["module"]):
        translate_page(parent, {parent.title: f"{parent.title} ES"}, es_locale)

    pairs = {
        session.title: "Sesión",
        "Olá, turma!\n\nSegunda linha.": "¡Hola, grupo!\n\nSegunda línea.",
        "Qual?": "¿Cuál?",
        "Cuidado com histórias pessoais.": "Cuidado con las historias personales.",
    }
    translated, created = translate_page(session, pairs, es_locale)
    translated = SessionPage.objects.get(pk=translated.pk)

    assert created
    assert translated.locale == es_locale
    assert translated.translation_key == session.translation_key
    assert block_ids(translated.body) == block_ids(session.body)
    assert block_ids(translated.facilitator_guide) == block_ids(session.facilitator_guide)
    question = translated.body[1].value["questions"][0]
    original_question = session.body[1].value["questions"][0]
    assert question.id == original_question.id
    assert [o.id for o in question.value["options"].bound_blocks] == [
        o.id for o in original_question.value["options"].bound_blocks
    ]
    # Text is translated (new lines kept); structure (minutes, correct flags) is synchronised.
    assert translated.title == "Sesión"
    assert translated.body[0].value == "¡Hola, grupo!\n\nSegunda línea."
    assert question.value["prompt"] == "¿Cuál?"
    assert translated.agenda_minutes == session.agenda_minutes == 210
    assert [o["correct"] for o in question.value["options"]] == [True, False, False]
    assert translated.url.startswith("/es/")


def test_source_changes_sync_to_the_translation_and_keep_ids(tree, es_locale):
    session = tree["session"]
    for parent in (tree["curriculum"], tree["module"]):
        translate_page(parent, {parent.title: f"{parent.title} ES"}, es_locale)
    translated, _ = translate_page(session, {session.title: "Sesión"}, es_locale)

    new_block = block("text", "Texto novo", "5f0d7a55-0000-4000-8000-000000000001")
    session.body = [*session.body.raw_data, new_block]
    session.planned_minutes = 210
    session.save_revision().publish()
    source = TranslationSource.update_or_create_from_instance(session)[0]
    Translation.objects.get(source=source, target_locale=es_locale).save_target(publish=True)

    translated = SessionPage.objects.get(pk=translated.pk)
    assert block_ids(translated.body) == block_ids(session.body)
    assert translated.body[-1].id == new_block["id"]
    assert translated.title == "Sesión"  # earlier translations survive the sync


def test_translators_round_trip_a_po_file_through_the_admin(client, superuser, tree, es_locale):
    for parent in (tree["curriculum"], tree["module"]):
        translate_page(parent, {parent.title: f"{parent.title} ES"}, es_locale)
    session = tree["session"]
    translated, _ = translate_page(session, {}, es_locale)
    translation = Translation.objects.get(source__object_id=session.translation_key)
    client.force_login(superuser)

    download = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    entry = next(e for e in po if e.msgid == session.title)
    entry.msgstr = "Sesión traducida por PO"
    upload = SimpleUploadedFile("session.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/",
        {"file": upload, "next": "/admin/"},
    )
    assert response.status_code == 302

    translation.save_target(publish=True)  # the editor's "Publish" button
    translated = SessionPage.objects.get(pk=translated.pk)
    assert translated.title == "Sesión traducida por PO"
    assert [b.id for b in translated.body] == [b.id for b in session.body]
