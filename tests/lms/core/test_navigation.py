"""The menu by role: learners see their pages, facilitators and managers My groups (and
managers Results), authors and reviewers the admin, visitors log-in and sign-up; the current
page is marked."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.staticfiles import finders
from django.utils import translation

from lms.core.navigation import nav_links
from lms.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEARNER_URLS = ["/pt-br/learn/", "/pt-br/learn/refreshers/", "/pt-br/learn/life-plan/",
                "/pt-br/learn/book/", "/pt-br/learn/join/"]  # fmt: skip
GROUPS_URL = "/pt-br/facilitate/"
MENTORING_URL = "/pt-br/facilitate/mentoring/"
RESULTS_URL = "/pt-br/results/"
ADMIN_URL = "/admin/"


def person(*roles: Role, **fields):
    user = UserFactory(**fields)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def urls(user, path="/pt-br/") -> list[str]:
    with translation.override("pt-br"):
        return [link.url for link in nav_links(user=user, path=path)]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ((), LEARNER_URLS),  # sign-up gives no role: a learner
        ((Role.LEARNER,), LEARNER_URLS),
        ((Role.FACILITATOR,), [GROUPS_URL, MENTORING_URL]),
        ((Role.MANAGER,), [GROUPS_URL, MENTORING_URL, RESULTS_URL]),
        ((Role.AUTHOR,), [ADMIN_URL]),
        ((Role.REVIEWER,), [ADMIN_URL]),
        ((Role.LEARNER, Role.FACILITATOR), [*LEARNER_URLS, GROUPS_URL, MENTORING_URL]),
        ((Role.FACILITATOR, Role.AUTHOR, Role.REVIEWER), [GROUPS_URL, MENTORING_URL, ADMIN_URL]),
    ],
)
def test_each_role_sees_its_own_links(roles, expected):
    assert urls(person(*roles)) == expected


def test_visitors_are_offered_log_in_and_sign_up_and_superusers_the_staff_links():
    assert urls(AnonymousUser()) == ["/pt-br/accounts/login/", "/pt-br/accounts/signup/"]
    assert urls(person(is_superuser=True)) == [GROUPS_URL, MENTORING_URL, RESULTS_URL, ADMIN_URL]


def test_the_current_page_and_its_section_are_marked():
    user = person(Role.LEARNER, Role.FACILITATOR)

    def current(path):
        with translation.override("pt-br"):
            return {
                link.url: link.current for link in nav_links(user=user, path=path) if link.current
            }

    assert current("/pt-br/learn/") == {"/pt-br/learn/": "page"}
    # The longest link wins: the refreshers are not part of My path at /learn/.
    assert current("/pt-br/learn/refreshers/") == {"/pt-br/learn/refreshers/": "page"}
    assert current("/pt-br/learn/life-plan/print/") == {"/pt-br/learn/life-plan/": "true"}
    assert current("/pt-br/learn/enrol/3/") == {"/pt-br/learn/": "true"}
    assert current("/pt-br/learn/book/new/sale/") == {"/pt-br/learn/book/": "true"}
    assert current("/pt-br/facilitate/12/") == {GROUPS_URL: "true"}
    assert current("/pt-br/some-course/") == {}


def test_a_learners_pages_carry_the_menu_with_the_current_page_marked(client, catalogue):
    client.force_login(person(Role.LEARNER))
    html = client.get("/pt-br/learn/refreshers/").content.decode()
    assert 'aria-label="Menu principal"' in html
    assert '<a href="/pt-br/learn/refreshers/" aria-current="page">Reciclagem</a>' in html
    for url in ("/pt-br/learn/", "/pt-br/learn/life-plan/", "/pt-br/learn/join/"):
        assert f'<a href="{url}">' in html
    assert f'href="{GROUPS_URL}"' not in html and f'href="{ADMIN_URL}"' not in html
    # The home page too, in Spanish.
    html = client.get("/es/").content.decode()
    assert '<a href="/es/learn/">Mi camino</a>' in html


def test_a_facilitator_finds_my_groups_from_a_group_page(client, catalogue):
    client.force_login(person(Role.FACILITATOR))
    html = client.get("/es/learn/join/").content.decode()
    assert '<a href="/es/facilitate/">Mis grupos</a>' in html
    assert 'href="/es/learn/refreshers/"' not in html


def test_visitors_see_log_in_and_sign_up_on_every_page(client, catalogue):
    html = client.get("/es/learn/refreshers/").content.decode()
    assert '<li><a href="/es/accounts/login/">Iniciar sesión</a></li>' in html
    assert '<li><a href="/es/accounts/signup/">Crear cuenta</a></li>' in html
    assert 'href="/es/learn/"' not in html
    html = client.get("/pt-br/accounts/login/").content.decode()
    assert '<a href="/pt-br/accounts/login/" aria-current="page">Entrar</a>' in html


def test_favicon_answers_with_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age=604800" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


def test_the_icons_base_html_links_exist(client, catalogue):
    html = client.get("/pt-br/").content.decode()
    for name in ("icon.svg", "icon-32.png", "apple-touch-icon.png"):
        assert f'href="/static/lms/icons/{name}"' in html
        assert finders.find(f"lms/icons/{name}")
    assert 'rel="manifest" href="/pt-br/manifest.webmanifest"' in html  # per language
    for name in ("icon-192.png", "icon-512.png"):  # named by the manifest
        assert finders.find(f"lms/icons/{name}")


def test_a_role_given_or_taken_shows_on_the_next_page(client, catalogue):
    """Roles are kept in the cache between requests; a change of membership replaces them."""
    user = person(Role.LEARNER)
    client.force_login(user)
    assert f'href="{GROUPS_URL}"' not in client.get("/pt-br/learn/join/").content.decode()
    facilitators = Group.objects.get_or_create(name=Role.FACILITATOR.value)[0]
    facilitators.user_set.add(user)
    assert f'href="{GROUPS_URL}"' in client.get("/pt-br/learn/join/").content.decode()
    user.groups.remove(facilitators)
    assert f'href="{GROUPS_URL}"' not in client.get("/pt-br/learn/join/").content.decode()
    user.groups.add(facilitators)
    facilitators.delete()
    assert f'href="{GROUPS_URL}"' not in client.get("/pt-br/learn/join/").content.decode()


def test_a_new_account_never_gets_a_deleted_accounts_roles():
    author = person(Role.AUTHOR)
    assert urls(author) == [ADMIN_URL]
    pk = author.pk
    author.delete()
    newcomer = person(pk=pk)  # SQLite may give the id again; forced here
    assert urls(newcomer) == LEARNER_URLS
