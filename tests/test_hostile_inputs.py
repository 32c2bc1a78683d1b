"""Every input is hostile: a property test over the whole URL conf.

The resolver is walked; every URL outside Wagtail's admin (Wagtail's own project, with its
own tests) is requested with GET and POST, as each kind of visitor, with values Hypothesis
draws: huge strings, NUL, digits of other scripts, nested JSON, negative and huge numbers,
odd dates, lists where one value is expected, quotes and search operators. Path converters
are filled with the real objects of a small world (a group, its sessions, a learner, a
quiz…), or with ids that exist nowhere. The properties: no answer is a 500, and nothing
stored is longer or larger than its column (SQLite stores anything; PostgreSQL refuses it
with an error, which is why the suite also runs on PostgreSQL).

Bounded for speed: ``RUMO_HOSTILE_EXAMPLES`` examples per URL (default 8), derandomized so
every run tries the same inputs. ``RUMO_HOSTILE_EXPLORE=1`` draws new ones each run.
"""

from __future__ import annotations

import json
import os
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.functions import Length
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model

from curriculum import api as curriculum_api
from curriculum.models import CurriculumPage
from lms.accounts.services import roles_setup
from lms.business.services import business_create, entry_record
from lms.business.stock import product_create
from lms.cohorts.models import LearnerGroup
from lms.cohorts.services import group_create, membership_join, schedule_generate
from lms.core.roles import Role
from lms.facilitation.services import note_about_learner_create
from tests.factories import (
    CurriculumPageFactory,
    ModulePageFactory,
    SessionPageFactory,
    UserFactory,
    block,
    multiple_choice,
    numeric_question,
    quiz,
    reflection,
    single_choice,
)

EXAMPLES = int(os.environ.get("RUMO_HOSTILE_EXAMPLES", "8"))
EXPLORE = os.environ.get("RUMO_HOSTILE_EXPLORE") == "1"

SKIPPED_PREFIXES = ("admin/",)  # Wagtail's admin: Wagtail's own code and tests
ROLES = ("anonymous", "learner", "facilitator", "other facilitator", "manager", "author")

# The fields each view reads (hand-kept: a form's names, or what the page's script sends).
# Every request also carries a few names drawn at random.
FIELDS: dict[str, tuple[str, ...]] = {
    "learner:enrol": ("level",),
    "learner:placement": ("people", "records", "formal", "customers"),
    "learner:quiz_submit": ("token", "started_at"),  # + q-<question id>, from the world
    "learner:reflection": ("text", "shared"),
    "learner:life_plan": (
        "dreams",
        "strengths",
        "resources",
        "first_step",
        "steps-TOTAL_FORMS",
        "steps-INITIAL_FORMS",
        "steps-MIN_NUM_FORMS",
        "steps-MAX_NUM_FORMS",
        "steps-0-description",
        "steps-0-due_date",
        "steps-0-done",
        "steps-0-id",
        "steps-0-DELETE",
        "steps-1-description",
    ),
    "learner:refreshers": ("q",),
    "learner:language": ("language", "next"),
    "learner:join": ("code",),
    "learner:join_form": ("code",),
    "business:start": ("name", "sector", "country"),
    "business:entry_new": (
        "category",
        "amount",
        "occurred_on",
        "note",
        "product",
        "quantity",
        "client_id",
        "month",
    ),
    "business:entry_edit": ("category", "amount", "occurred_on", "note", "product", "quantity"),
    "business:product_new": ("name", "unit_cost", "unit_price", "stock", "low_stock_at"),
    "business:product": ("name", "unit_cost", "unit_price", "low_stock_at"),
    "business:product_count": ("counted",),
    "business:home": ("month",),
    "facilitation:group_new": (
        "name",
        "curriculum",
        "country",
        "municipality",
        "start_date",
        "weekdays",
        "starts_at",
        "capacity",
        "facilitators",
    ),
    "facilitation:settings": (
        "name",
        "municipality",
        "capacity",
        "facilitators",
        "risk_missed_sessions",
        "risk_missed_window",
        "risk_inactive_days",
        "risk_failed_attempts",
    ),
    "facilitation:schedule": ("action", "first_date", "weekdays", "starts_at"),  # + date-<id>
    "facilitation:attendance": ("learner", "status"),
    "facilitation:learner_new": ("first_name", "last_name", "username"),
    "facilitation:note_add": ("learner", "session", "back", "text"),
    "account_signup": (
        "username",
        "email",
        "password1",
        "password2",
        "phone",
        "preferred_language",
        "birth_year",
        "notice_accepted",
    ),
    "privacy:delete_account": ("password",),
    "privacy:guardian_consent": ("guardian_name",),
    "account_login": ("login", "password", "remember"),
    "account_reset_password": ("email",),
    "account_change_password": ("oldpassword", "password1", "password2"),
    "account_set_password": ("password1", "password2"),
    "account_email": ("email", "action_add", "action_remove", "action_primary"),
    "account_reauthenticate": ("password",),
    "set_language": ("language", "next"),
    "wagtailcore_login": ("username", "password"),
}
COMMON_FIELDS = ("next", "q", "page", "csrfmiddlewaretoken")


# --- The world ---------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, object]
    ids: dict[str, int | str]  # path converter name → a real value
    blocks: dict[str, str]  # URL name → the block id its path takes
    session_url: str
    extra_fields: dict[str, tuple[str, ...]]
    values: list[str] = field(default_factory=list)  # real values worth mixing in


def _with_role(role: Role, **fields):
    from django.contrib.auth.models import Group

    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def world(tree) -> World:
    roles_setup()
    document = get_document_model().objects.create(
        title="Ficha", file=ContentFile(b"%PDF-1.4 ficha", name="ficha.pdf")
    )
    session = tree["session"]
    calculator_id = "calc-hostile"
    session.body = [
        block("text", "## Lição\n\nTexto."),
        quiz(single_choice("Escolha"), multiple_choice(), numeric_question()),
        reflection(),
        block("resource", {"document": document.pk, "title": "Ficha", "description": ""}),
        block(
            "price_calculator",
            {"title": "Preço", "intro": "", "currency": "BRL"},
            calculator_id,
        ),
    ]
    session.save_revision().publish()
    enterprise = CurriculumPageFactory(
        parent=tree["catalogue"], kind=CurriculumPage.Kind.ENTERPRISE
    )
    module = ModulePageFactory(parent=enterprise, refresher=True)
    SessionPageFactory(parent=module, planned_minutes=0, facilitator_guide=[])
    for page in (enterprise, module):
        page.save_revision().publish()

    facilitator = _with_role(Role.FACILITATOR, username="fac", country="BR")
    other = _with_role(Role.FACILITATOR, username="other-fac", country="BR")
    learner = _with_role(Role.LEARNER, username="ana")
    users = {
        "anonymous": None,
        "learner": learner,
        "facilitator": facilitator,
        "other facilitator": other,
        "manager": _with_role(Role.MANAGER, username="manager", country="BR"),
        "author": _with_role(Role.AUTHOR, username="author"),
    }
    curriculum = tree["curriculum"]
    outline = curriculum_api.curriculum_outline(
        curriculum_key=curriculum.translation_key, language="pt-br"
    )
    group = group_create(
        name="Grupo",
        curriculum_key=curriculum.translation_key,
        facilitators=[facilitator],
        created_by=facilitator,
        country="BR",
        start_date=timezone.localdate() - timedelta(days=7),
    )
    scheduled = schedule_generate(
        group=group,
        session_keys=[(s.key, s.number) for m in outline.modules for s in m.sessions],
        first_date=timezone.localdate() - timedelta(days=7),
        weekdays=list(range(7)),
    )[0]
    group_create(
        name="Outro",
        curriculum_key=curriculum.translation_key,
        facilitators=[other],
        created_by=other,
        country="BR",
        start_date=timezone.localdate(),
    )
    membership_join(group=group, learner=learner)
    note = note_about_learner_create(group=group, learner=learner, author=facilitator, text="N")
    book = business_create(owner=learner, name="Bazar", sector="shop", country="BR")
    product = product_create(business=book, name="Sabão", unit_cost=200, unit_price=350, stock=5)
    entry, _created = entry_record(
        business=book, kind="sale", amount=700, occurred_on=timezone.localdate(),
        category="goods", product=product, quantity=2,
    )  # fmt: skip

    session = type(session).objects.get(pk=session.pk)
    quiz_def = curriculum_api.session_quiz(
        session=session, block_id=next(b.id for b in session.body if b.block_type == "quiz")
    )
    kinds = {b.block_type: b.id for b in session.body}
    return World(
        users=users,
        ids={
            "curriculum_id": curriculum.pk,
            "page_id": session.pk,
            "group_id": group.pk,
            "scheduled_id": scheduled.pk,
            "learner_id": learner.pk,
            "note_id": note.pk,
            "code": group.join_code,
            "restriction_id": 1,
            "page_view_restriction_id": 1,
            "document_id": document.pk,
            "entry_id": entry.pk,
            "product_id": product.pk,
            "kind": "sale",
        },
        blocks={
            "learner:quiz_submit": kinds["quiz"],
            "learner:reflection": kinds["reflection"],
            "learner:resource": kinds["resource"],
        },
        session_url=session.url,
        extra_fields={
            "learner:quiz_submit": tuple(f"q-{q.id}" for q in quiz_def.questions),
            "facilitation:schedule": (f"date-{scheduled.pk}",),
            "wagtail_serve": (f"c-{calculator_id}-cost", f"c-{calculator_id}-margin"),
        },
        values=[
            str(learner.pk),
            str(facilitator.pk),
            str(curriculum.translation_key),
            str(scheduled.session_key),
            str(enterprise.pk),
            group.join_code,
            "present",
            "pattern",
            "pt-br",
            "es",
            "BR",
            "1.234,5",
            *(o.id for q in quiz_def.questions for o in q.options),
        ],
    )


# --- The URL conf ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern as written, for messages
    converters: tuple[str, ...]  # names of the path's parameters


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if route.startswith(SKIPPED_PREFIXES) or not entry.name:
                    continue
                names = tuple(entry.pattern.regex.groupindex)
                found.append(Route(f"{namespace}{entry.name}", route, names))

    walk(get_resolver(), "", "")
    return found


ROUTES = routes()


def test_the_walk_covers_every_url_of_rumo():
    """New URLs are walked without being listed here; this guards the walk itself."""
    names = {r.name for r in ROUTES}
    assert {"learner:progress", "facilitation:import", "account_signup", "wagtail_serve"} <= names
    assert not any(r.route.startswith("admin/") for r in ROUTES)
    assert len(ROUTES) >= 50


# --- Hostile values ----------------------------------------------------------------------------

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "²",
    "١٢٣",
    "１２",
    "𝟙",
    "-1",
    "0",
    "1",
    "3",
    "32768",
    "2147483648",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "10000-01-01",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-14:00",
    "24:00",
    "25:61",
    '"',
    "'",
    '"quoted',
    "NEAR(a b",
    "a*",
    "<script>x</script>",
    "a\nb",
    "\r\n",
    "//evil.example/",
    "/\\evil.example",
    "/pt-br/\nSet-Cookie: x=1",
    "javascript:alert(1)",
    "аdmin",  # Cyrillic а
    "ａｄｍｉｎ",
    "ﷺ" * 12,  # NFKC makes each one 18 characters
    "[" * 2000,
    '{"a":' * 500,
]
LENGTHS = [7, 13, 121, 151, 255, 301, 3001, 4001, 5001, 70_000]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
SCALAR = st.one_of(
    st.sampled_from(SPECIAL),
    st.builds(lambda n, ch: ch * n, st.sampled_from(LENGTHS), st.sampled_from(["x", "é", "9"])),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    TEXT,
)


def _values(world: World):
    scalar = st.one_of(SCALAR, st.sampled_from(world.values))
    return st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))


JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON_VALUE = st.recursive(
    JSON_LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
)


def _json_body(world: World):
    real = st.sampled_from(list(world.blocks.values()))
    payload = st.fixed_dictionaries(
        {},
        optional={
            "block_id": st.one_of(real, JSON_VALUE),
            "progress": JSON_VALUE,
            "position": JSON_VALUE,
        },
    ).map(lambda d: json.dumps(d, allow_nan=True))
    raw = st.sampled_from(
        ["[" * 100_000, '{"block_id": ' + "[" * 3000, "\x00", '{"progress": 1' + "0" * 400 + "}"]
    )
    return st.one_of(payload, raw, JSON_VALUE.map(lambda v: json.dumps(v, allow_nan=True)))


def _csv_file(world: World):
    cell = st.one_of(SCALAR, st.sampled_from(world.values)).map(
        lambda v: v.replace("\x00", "") if isinstance(v, str) else v
    )
    rows = st.lists(st.lists(cell, min_size=1, max_size=7), min_size=0, max_size=4)
    header = st.sampled_from(
        [
            "username,first_name,last_name,phone,email,password",
            "username;first_name;last_name",
            "nome,sobrenome",
            "",
        ]
    )
    return st.builds(
        lambda h, r, sep: "\n".join([h, *(sep.join(cells) for cells in r)]),
        header,
        rows,
        st.sampled_from([",", ";"]),
    )


# --- Column limits -----------------------------------------------------------------------------

RANGES = BaseDatabaseOperations.integer_field_ranges  # PostgreSQL's, checked on SQLite too
TEXT_LIMIT = 20_000  # no text Rumo stores from a request needs more


def _limits() -> list[tuple[type[models.Model], list[models.Q], dict]]:
    checks = []
    for model in apps.get_models():
        if not model.__module__.startswith("lms."):
            continue
        conditions, annotations = [], {}
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField):
                limit = f.max_length or TEXT_LIMIT
                annotations[f"_len_{f.name}"] = Length(f.name)
                conditions.append(models.Q(**{f"_len_{f.name}__gt": limit}))
            elif isinstance(f, models.IntegerField) and not f.primary_key:
                low, high = RANGES.get(f.get_internal_type(), (None, None))
                if low is not None:
                    conditions.append(models.Q(**{f"{f.name}__lt": low}))
                    conditions.append(models.Q(**{f"{f.name}__gt": high}))
            elif isinstance(f, models.JSONField):
                annotations[f"_len_{f.name}"] = Length(
                    models.functions.Cast(f.name, models.TextField())
                )
                conditions.append(models.Q(**{f"_len_{f.name}__gt": TEXT_LIMIT}))
        if conditions:
            checks.append((model, conditions, annotations))
    return checks


def _over_limits(checks) -> list[str]:
    found = []
    for model, conditions, lengths in checks:
        query = models.Q()
        for condition in conditions:
            query |= condition
        rows = model.objects.annotate(**lengths).filter(query)
        if rows.exists():
            found.append(f"{model._meta.label}: {list(rows.values_list('pk', flat=True)[:5])}")
    return found


# --- The property ------------------------------------------------------------------------------


def _path(route: Route, world: World, data) -> str:
    """The route's URL: real objects for its parameters, or (drawn) ids that exist nowhere
    and odd strings."""
    kwargs = {}
    for name in route.converters:
        real = world.blocks.get(route.name) if name == "block_id" else world.ids.get(name)
        odd = ["0", "99999999999999999999"] if "id" in name and name != "block_id" else ["x"]
        if name == "key":
            odd = ["abc", "a-b", "0-0"]
        kwargs[name] = data.draw(st.sampled_from([real] * 3 + odd if real is not None else odd))
    if route.name == "wagtail_serve":
        return data.draw(st.sampled_from([world.session_url, "/pt-br/", "/pt-br/nada/"]))
    if route.name == "wagtaildocs_serve":
        return f"/documents/{world.ids['document_id']}/ficha.pdf"
    with translation.override("pt-br"):
        return reverse(route.name, kwargs={k: str(v) for k, v in kwargs.items()})


def _request(client: Client, route: Route, world: World, data):
    path = _path(route, world, data)
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    headers = {}
    if data.draw(st.booleans(), label="asks for JSON"):
        headers["HTTP_ACCEPT"] = "application/json"
    if route.name == "learner:progress" and method == "post":
        body = data.draw(_json_body(world), label="JSON body")
        return path, client.post(path, body, content_type="application/json", **headers)
    names = [
        *FIELDS.get(route.name, ()),
        *world.extra_fields.get(route.name, ()),
        *COMMON_FIELDS,
    ]
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
    chosen += data.draw(st.lists(TEXT, max_size=2), label="stray names")
    values = _values(world)
    params = {name: data.draw(values, label=name) for name in chosen}
    if route.name == "facilitation:import" and method == "post":
        text = data.draw(_csv_file(world), label="CSV")
        params["file"] = SimpleUploadedFile("turma.csv", text.encode(), content_type="text/csv")
    return path, getattr(client, method)(path, params, **headers)


def _logged_in(client: Client, user) -> Client:
    """The role's client, logged in once: a login costs more than most requests. A view
    that logged it out (or a rolled-back session) is made good before the next example."""
    logged_in = client.session.get("_auth_user_id")
    if user is not None and logged_in != str(user.pk):
        client.force_login(user)
    elif user is None and logged_in:  # a drawn sign-up or login succeeded
        client.logout()
    return client


def _writes(queries) -> bool:
    return any(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")) for q in queries)


def _run(route: Route, world: World, clients: dict[str, Client], checks) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )
    @given(data=st.data())
    def check(data):
        role = data.draw(st.sampled_from(ROLES), label="role")
        client = _logged_in(clients[role], world.users[role])
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                path, response = _request(client, route, world, data)
            assert response.status_code < 500, (role, path, response.status_code)
            if _writes(queries):  # checking costs ~20 queries: only after a write
                over = _over_limits(checks)
                assert not over, (role, path, over)
            transaction.set_rollback(True)

    check()


def test_no_input_answers_500_or_overflows_a_column(world, db):
    checks = _limits()
    failures = []
    clients = {role: Client() for role in ROLES}
    for route in ROUTES:
        try:
            _run(route, world, clients, checks)
        except Exception:  # every URL is tried, and all failures are reported
            failures.append(f"{route.name} ({route.route}):\n{traceback.format_exc(limit=-8)}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite stores a value longer than its column"
)
def test_the_column_check_sees_values_over_their_limits(db):
    checks = _limits()
    assert _over_limits(checks) == []
    person = UserFactory(first_name="A" * 151)
    assert _over_limits(checks) == [f"accounts.User: [{person.pk}]"]
    person.first_name, person.country = "Ana", "BR"
    person.save()
    group = LearnerGroup.objects.create(
        name="G", curriculum_key=uuid.uuid4(), start_date=timezone.localdate(), capacity=40_000
    )
    assert _over_limits(checks) == [f"cohorts.LearnerGroup: [{group.pk}]"]
