"""What a learner's browser receives: sanitised Markdown and no facilitator material."""

import pytest

from curriculum.markdown import render_markdown
from curriculum.models import SessionPage
from tests.factories import block, guide

HOSTILE_MARKDOWN = """## Lesson

<script>alert("owned")</script>

[Click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=)

<img src=x onerror="alert(2)"> <a href="https://example.org" onclick="steal()">ok link</a>

<iframe src="https://evil.example"></iframe>
"""


@pytest.mark.parametrize(
    "fragment",
    ["<script", "javascript:", "onerror", "onclick", "<iframe", "data:text/html", "<img"],
)
def test_markdown_renderer_strips_active_content(fragment):
    assert fragment not in render_markdown(HOSTILE_MARKDOWN)


def test_markdown_renderer_keeps_ordinary_formatting():
    html = render_markdown("# Title\n\n**bold** and a [link](https://example.org)\n\n- a\n- b")
    assert "<h2>Title</h2>" in html  # the page title is the only h1
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and "noopener" in html
    assert "<li>a</li>" in html


def test_session_page_sanitises_author_markdown(client, tree):
    session = tree["session"]
    session.body = [block("text", HOSTILE_MARKDOWN)]
    session.save_revision().publish()
    response = client.get(session.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesson</h2>" in html
    for fragment in ("<script>alert", "javascript:", "onerror", "onclick", "<iframe"):
        assert fragment not in html


SECRET_NOTE = "GUIDE-ONLY-7731 handle disclosures privately"


@pytest.fixture
def session_with_secret_guide(tree) -> SessionPage:
    session = tree["session"]
    session.facilitator_guide = guide(100, 110, note=SECRET_NOTE)
    session.save_revision().publish()
    return SessionPage.objects.get(pk=session.pk)


def test_facilitator_guide_is_absent_from_learner_pages(client, session_with_secret_guide):
    session = session_with_secret_guide
    pages = [session, *session.get_ancestors().filter(depth__gt=1)]
    assert len(pages) == 4
    for page in pages:
        html = client.get(page.url).content.decode()
        assert "GUIDE-ONLY-7731" not in html
        assert "Activity 0" not in html  # agenda titles
        assert "Name three strengths" not in html  # objectives


def test_facilitator_guide_is_not_searchable(session_with_secret_guide):
    assert not SessionPage.objects.live().search("GUIDE-ONLY-7731")
    assert SessionPage.objects.live().search("lesson")


def test_facilitator_preview_shows_the_guide(session_with_secret_guide):
    response = session_with_secret_guide.make_preview_request(preview_mode="facilitator")
    assert response.status_code == 200
    html = response.render().content.decode()
    assert "GUIDE-ONLY-7731" in html
    assert "100–210 min" in html  # cumulative agenda timing


def test_learner_preview_does_not_show_the_guide(session_with_secret_guide):
    response = session_with_secret_guide.make_preview_request(preview_mode="")
    assert "GUIDE-ONLY-7731" not in response.render().content.decode()


def test_facilitator_preview_is_closed_to_anonymous_visitors(client, session_with_secret_guide):
    url = f"/admin/pages/{session_with_secret_guide.pk}/edit/preview/?mode=facilitator"
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "GUIDE-ONLY-7731" not in response.content.decode()
