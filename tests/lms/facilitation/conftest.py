"""A small programme for the facilitator screens: a published curriculum of three sessions
(pt-BR), a group on it with its schedule, three members, its facilitator, a co-facilitator
candidate, another group's facilitator and a programme manager."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from curriculum import api as curriculum_api
from lms.accounts.services import roles_setup
from lms.cohorts.services import group_create, membership_join, schedule_generate
from lms.core.roles import Role
from tests.factories import (
    SessionPageFactory,
    block,
    quiz,
    reflection,
    single_choice,
)
from tests.lms.facilitation.helpers import with_role


@pytest.fixture
def roles(db):
    return roles_setup()


@pytest.fixture
def curriculum(tree):
    """The tree's curriculum with three sessions, each with a two-question quiz."""
    module = tree["module"]
    session = tree["session"]
    pages = [session]
    for number in (2, 3):
        pages.append(SessionPageFactory(parent=module, number=number, title=f"Sessão {number}"))
    for number, page in enumerate(pages, start=1):
        page.number = number
        page.body = [
            block("text", "## Lesson\n\nSome text."),
            quiz(single_choice("Pick one"), single_choice("Pick again"), title=f"Quiz {number}"),
            reflection(),
        ]
        page.save_revision().publish()
    return tree["curriculum"]


@pytest.fixture
def outlines(curriculum):
    outline = curriculum_api.curriculum_outline(
        curriculum_key=curriculum.translation_key, language="pt-br"
    )
    return [s for m in outline.modules for s in m.sessions]


@pytest.fixture
def facilitator(roles):
    return with_role(Role.FACILITATOR, username="fac", first_name="Fátima", country="BR")


@pytest.fixture
def other_facilitator(roles):
    return with_role(Role.FACILITATOR, username="other-fac", first_name="Otávio", country="BR")


@pytest.fixture
def manager(roles):
    return with_role(Role.MANAGER, username="manager", first_name="Marta", country="BR")


@pytest.fixture
def group(curriculum, outlines, facilitator):
    group = group_create(
        name="Grupo Contagem",
        curriculum_key=curriculum.translation_key,
        facilitators=[facilitator],
        created_by=facilitator,
        country="BR",
        municipality="Contagem",
        start_date=timezone.localdate() - timedelta(days=7),
    )
    schedule_generate(
        group=group,
        session_keys=[(s.key, s.number) for s in outlines],
        first_date=timezone.localdate() - timedelta(days=7),
        weekdays=list(range(7)),
    )
    return group


@pytest.fixture
def members(group, roles):
    people = [
        with_role(Role.LEARNER, username=f"learner{n}", first_name=name)
        for n, name in enumerate(["Ana", "Bia", "Caio"])
    ]
    for person in people:
        membership_join(group=group, learner=person)
    return people


@pytest.fixture
def other_group(curriculum, other_facilitator):
    return group_create(
        name="Grupo Antofagasta",
        curriculum_key=curriculum.translation_key,
        facilitators=[other_facilitator],
        created_by=other_facilitator,
        country="CL",
        start_date=timezone.localdate(),
    )
