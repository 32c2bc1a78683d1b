"""The home page says what Rumo is, offers sign-up and log-in to visitors, and sends each
signed-in person on: a learner to the session they were in (or their path), facilitators to
their groups, authors to the admin."""

import pytest
from django.contrib.auth.models import Group

from lms.core.roles import Role
from tests.factories import UserFactory


def with_role(user, role: Role):
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def actions(html: str) -> str:
    return html.split('class="home-actions"', 1)[1].split("</div>", 1)[0]


def test_visitors_read_what_rumo_is_and_can_sign_up_or_log_in(client, catalogue):
    html = client.get("/pt-br/").content.decode()
    assert "Boas-vindas ao Rumo" in html
    assert "Encontros em grupo com um facilitador" in html
    assert 'href="/pt-br/accounts/signup/">Criar conta</a>' in actions(html)
    assert 'href="/pt-br/accounts/login/">Entrar</a>' in actions(html)
    assert 'href="/pt-br/learn/join/"' in html  # a code from the facilitator
    html = client.get("/es/").content.decode()
    assert "Te damos la bienvenida a Rumo" in html
    assert 'href="/es/accounts/signup/">Crear cuenta</a>' in actions(html)


def test_a_learner_continues_the_session_they_were_in(client, learner, session):
    client.force_login(learner)
    html = client.get("/pt-br/").content.decode()
    assert actions(html).count('class="button') == 1
    assert 'href="/pt-br/learn/">Meu caminho</a>' in actions(html)
    client.get(session.url)  # a visit starts the session
    html = actions(client.get("/pt-br/").content.decode())
    assert f'href="{session.url}">Continue de onde parou: {session.title}</a>' in html
    assert 'href="/pt-br/learn/">Meu caminho</a>' in html
    assert "Criar conta" not in html


@pytest.mark.parametrize(
    ("role", "link"),
    [
        (Role.FACILITATOR, 'href="/es/facilitate/">Mis grupos</a>'),
        (Role.MANAGER, 'href="/es/facilitate/">Mis grupos</a>'),
        (Role.AUTHOR, 'href="/admin/">Editar contenidos</a>'),
        (Role.REVIEWER, 'href="/admin/">Editar contenidos</a>'),
    ],
)
def test_staff_are_sent_to_their_work(client, catalogue, role, link):
    client.force_login(with_role(UserFactory(), role))
    html = actions(client.get("/es/").content.decode())
    assert link in html
    assert "/es/learn/" not in html
