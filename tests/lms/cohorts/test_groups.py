"""Groups: creation and join codes, joining (by code, within capacity), schedules, accounts a
facilitator makes, and who may see which group."""

import re
import uuid
from datetime import date, time

import pytest
from django.contrib.auth.models import Group, Permission

from lms.cohorts.models import JOIN_CODE_ALPHABET, Enrolment, Membership, ScheduledSession
from lms.cohorts.selectors import group_for_user_or_none, groups_visible_to
from lms.cohorts.services import (
    CohortError,
    account_is_learner_only,
    attendance_record,
    group_create,
    learner_account_create,
    learner_password_reset,
    membership_join,
    membership_join_by_code,
    schedule_generate,
    scheduled_session_reschedule,
)
from lms.core.roles import Role
from tests.factories import UserFactory
from tests.lms.cohorts.factories import LearnerGroupFactory, members_add

pytestmark = pytest.mark.django_db


def make_group(**kwargs):
    defaults = {
        "name": "Empreendedoras de Contagem",
        "curriculum_key": uuid.uuid4(),
        "facilitators": [],
        "created_by": None,
        "country": "BR",
        "start_date": date(2026, 3, 2),
    }
    return group_create(**{**defaults, **kwargs})


# --- Creating and joining ----------------------------------------------------------------------


def test_group_create_gives_a_unique_readable_join_code():
    facilitator = UserFactory()
    first = make_group(facilitators=[facilitator], created_by=facilitator)
    second = make_group(name="Other")
    assert len(first.join_code) == 6 and set(first.join_code) <= set(JOIN_CODE_ALPHABET)
    assert first.join_code != second.join_code
    assert first.join_code_display == f"{first.join_code[:3]}-{first.join_code[3:]}"
    assert list(first.facilitators.all()) == [facilitator]
    assert first.created_by == facilitator and first.capacity == 25
    assert (first.risk_missed_sessions, first.risk_missed_window) == (2, 3)
    assert (first.risk_inactive_days, first.risk_failed_attempts) == (14, 2)
    assert str(first) == "Empreendedoras de Contagem"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "  "}, "Give the group a name."),
        ({"capacity": 0}, "A group has room for 1 to 200 learners."),
        ({"capacity": 201}, "A group has room for 1 to 200 learners."),
    ],
)
def test_group_create_refuses_bad_values(kwargs, message):
    with pytest.raises(CohortError, match=message):
        make_group(**kwargs)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {a}-{b} ", "{a} {b}", "{la}–{b}"])
def test_join_by_code_ignores_case_spaces_and_dashes(learner, typed):
    group = make_group()
    code = group.join_code
    typed = typed.format(code=code, lower=code.lower(), a=code[:3], b=code[3:], la=code[:3].lower())
    membership = membership_join_by_code(code=typed, learner=learner)
    assert membership.group == group and membership.learner == learner
    assert Enrolment.objects.filter(learner=learner, curriculum_key=group.curriculum_key).exists()


def test_join_by_unknown_code_says_what_to_do(learner):
    make_group()
    with pytest.raises(CohortError) as error:
        membership_join_by_code(code="ZZZ-999", learner=learner)
    assert error.value.message == "No group has this code. Check it with your facilitator."
    assert not Membership.objects.exists()


def test_joining_twice_is_harmless(learner):
    group = make_group(capacity=1)
    first = membership_join(group=group, learner=learner)
    assert membership_join(group=group, learner=learner) == first  # even when the group is full
    assert Membership.objects.count() == 1
    assert Enrolment.objects.filter(learner=learner).count() == 1


def test_twenty_five_may_join_and_the_twenty_sixth_is_told_the_group_is_full():
    group = make_group()
    for learner in [UserFactory() for _n in range(25)]:
        membership_join(group=group, learner=learner)
    with pytest.raises(CohortError) as error:
        membership_join(group=group, learner=UserFactory())
    assert error.value.message == "This group is full (25 of 25 places)."
    assert group.memberships.count() == 25


def test_capacity_is_set_per_group(learner, other_learner):
    group = make_group(capacity=1)
    membership_join(group=group, learner=learner)
    with pytest.raises(CohortError, match=r"This group is full \(1 of 1 places\)\."):
        membership_join_by_code(code=group.join_code, learner=other_learner)
    group.capacity = 2
    group.save()
    assert membership_join(group=group, learner=other_learner).learner == other_learner


# --- Schedules ---------------------------------------------------------------------------------


def sessions(count: int) -> list[tuple[uuid.UUID, int]]:
    return [(uuid.uuid4(), n) for n in range(1, count + 1)]


def test_schedule_follows_the_weekly_pattern_from_the_first_date():
    group = make_group()
    keys = sessions(5)
    # Monday 2 March 2026; Tuesdays and Thursdays.
    schedule = schedule_generate(
        group=group, session_keys=keys, first_date=date(2026, 3, 2), weekdays=[3, 1]
    )
    assert [(s.session_key, s.number) for s in schedule] == keys
    assert [s.date for s in schedule] == [
        date(2026, 3, 3),
        date(2026, 3, 5),
        date(2026, 3, 10),
        date(2026, 3, 12),
        date(2026, 3, 17),
    ]
    assert all(s.starts_at is None for s in schedule)
    on_the_day = schedule_generate(
        group=make_group(), session_keys=keys[:2], first_date=date(2026, 3, 3), weekdays=[1]
    )
    assert [s.date for s in on_the_day] == [date(2026, 3, 3), date(2026, 3, 10)]


def test_twenty_four_sessions_once_a_week():
    group = make_group()
    schedule = schedule_generate(
        group=group, session_keys=sessions(24), first_date=date(2026, 3, 2), weekdays=[5]
    )
    assert len(schedule) == 24
    assert {s.date.weekday() for s in schedule} == {5}
    assert schedule[-1].date == date(2026, 8, 15)


def test_schedule_generation_is_idempotent():
    group = make_group()
    keys = sessions(4)
    arguments = {
        "group": group,
        "session_keys": keys,
        "first_date": date(2026, 3, 2),
        "weekdays": [0, 2],
        "starts_at": time(14, 0),
    }
    first = [(s.pk, s.date, s.starts_at) for s in schedule_generate(**arguments)]
    second = [(s.pk, s.date, s.starts_at) for s in schedule_generate(**arguments)]
    assert first == second
    assert ScheduledSession.objects.filter(group=group).count() == 4


def test_replanning_keeps_held_sessions_and_moves_the_rest():
    group = make_group()
    learner = members_add(group, 1)[0]
    keys = sessions(4)
    schedule = schedule_generate(
        group=group, session_keys=keys, first_date=date(2026, 3, 2), weekdays=[0]
    )
    attendance_record(scheduled=schedule[0], learner=learner, status="present", recorded_by=None)
    # After a break the group meets on Wednesdays; session 4 left the curriculum, 5 arrived.
    new_key = uuid.uuid4()
    replanned = schedule_generate(
        group=group,
        session_keys=[*keys[:3], (new_key, 5)],
        first_date=date(2026, 3, 2),
        weekdays=[2],
        starts_at=time(9, 30),
    )
    by_key = {s.session_key: s for s in replanned}
    assert by_key[keys[0][0]].date == date(2026, 3, 2)  # held: kept
    assert by_key[keys[0][0]].starts_at is None
    assert [by_key[k].date for k, _n in [*keys[1:3], (new_key, 5)]] == [
        date(2026, 3, 4),
        date(2026, 3, 11),
        date(2026, 3, 18),
    ]
    assert by_key[new_key].starts_at == time(9, 30)
    assert keys[3][0] not in by_key  # not held: removed
    # A held session is never removed, even when no longer listed.
    again = schedule_generate(
        group=group, session_keys=keys[1:3], first_date=date(2026, 3, 2), weekdays=[2]
    )
    assert keys[0][0] in {s.session_key for s in again}


def test_schedule_needs_a_weekday():
    with pytest.raises(CohortError, match=re.escape("Choose at least one weekday.")):
        schedule_generate(
            group=make_group(), session_keys=sessions(2), first_date=date(2026, 3, 2), weekdays=[]
        )
    with pytest.raises(ValueError):
        schedule_generate(
            group=make_group(), session_keys=sessions(2), first_date=date(2026, 3, 2), weekdays=[7]
        )


def test_reschedule_one_session():
    group = make_group()
    [first, second] = schedule_generate(
        group=group,
        session_keys=sessions(2),
        first_date=date(2026, 3, 2),
        weekdays=[0],
        starts_at=time(14, 0),
    )
    scheduled_session_reschedule(scheduled=first, date=date(2026, 3, 20))
    first.refresh_from_db()
    assert (first.date, first.starts_at) == (date(2026, 3, 20), time(14, 0))
    scheduled_session_reschedule(scheduled=first, date=date(2026, 3, 21), starts_at=time(8, 0))
    assert [s.pk for s in group.schedule.all()] == [second.pk, first.pk]  # ordered by date
    assert group.schedule.get(pk=first.pk).starts_at == time(8, 0)


# --- Accounts made by a facilitator ------------------------------------------------------------


def test_learner_account_for_someone_without_email_or_phone():
    facilitator = UserFactory()
    group = make_group(country="PE")
    user, password = learner_account_create(
        group=group, username="maria.q", first_name="María", created_by=facilitator
    )
    assert user.check_password(password) and len(password) == 9
    assert (user.preferred_language, user.country, user.email, user.phone) == ("es", "PE", "", "")
    assert user.groups.filter(name=Role.LEARNER.value).exists()
    assert Membership.objects.filter(group=group, learner=user).exists()
    assert Enrolment.objects.filter(learner=user, curriculum_key=group.curriculum_key).exists()
    with pytest.raises(CohortError, match=re.escape("A user with this username already exists.")):
        learner_account_create(
            group=group, username="MARIA.Q", first_name="Other", created_by=facilitator
        )


def test_learner_account_respects_capacity():
    group = make_group(capacity=1)
    members_add(group, 1)
    with pytest.raises(CohortError, match=r"This group is full \(1 of 1 places\)\."):
        learner_account_create(
            group=group, username="late", first_name="Late", created_by=UserFactory()
        )


def test_password_reset_only_for_learners_of_the_group(learner, other_learner):
    facilitator = UserFactory()
    group = make_group(facilitators=[facilitator])
    membership_join(group=group, learner=learner)
    password = learner_password_reset(group=group, learner=learner, reset_by=facilitator)
    learner.refresh_from_db()
    assert learner.check_password(password)
    with pytest.raises(CohortError, match=re.escape("This learner is not a member of this group.")):
        learner_password_reset(group=group, learner=other_learner, reset_by=facilitator)


@pytest.mark.parametrize(
    "rights", ["staff", "superuser", "role", "author role", "facilitates", "permission"]
)
def test_password_reset_refuses_accounts_with_more_rights(rights):
    group = make_group()
    target = UserFactory(is_staff=rights == "staff", is_superuser=rights == "superuser")
    target.groups.add(Group.objects.get_or_create(name=Role.LEARNER.value)[0])
    if rights == "role":
        target.groups.add(Group.objects.get_or_create(name=Role.MANAGER.value)[0])
    if rights == "author role":
        target.groups.add(Group.objects.get_or_create(name=Role.AUTHOR.value)[0])
    if rights == "facilitates":
        LearnerGroupFactory(facilitators=[target])
    if rights == "permission":
        # Admin rights given to the account directly, not through a role group.
        target.user_permissions.add(Permission.objects.get(codename="change_user"))
    membership_join(group=group, learner=target)
    before = target.password
    with pytest.raises(CohortError, match="only an administrator can reset"):
        learner_password_reset(group=group, learner=target, reset_by=UserFactory())
    target.refresh_from_db()
    assert target.password == before
    assert not target.must_change_password


def test_a_learner_role_alone_is_a_learner_only_account(learner):
    learner.groups.add(Group.objects.get_or_create(name=Role.LEARNER.value)[0])
    assert account_is_learner_only(user=learner)


# --- Who sees which group ----------------------------------------------------------------------


@pytest.fixture
def groups():
    return {
        "br": LearnerGroupFactory(country="BR"),
        "cl": LearnerGroupFactory(country="CL"),
        "pe": LearnerGroupFactory(country="PE"),
    }


def role_user(role: Role, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def visible(user) -> set[int]:
    return set(groups_visible_to(user=user).values_list("pk", flat=True))


def test_superusers_see_every_group(groups, superuser):
    assert visible(superuser) == {g.pk for g in groups.values()}


def test_managers_see_the_groups_of_their_country(groups):
    manager = role_user(Role.MANAGER, country="CL")
    assert visible(manager) == {groups["cl"].pk}
    groups["pe"].facilitators.add(manager)  # and any group they facilitate themselves
    assert visible(manager) == {groups["cl"].pk, groups["pe"].pk}


def test_managers_without_a_country_see_every_group(groups):
    assert visible(role_user(Role.MANAGER)) == {g.pk for g in groups.values()}


def test_facilitators_see_the_groups_they_facilitate(groups):
    facilitator = role_user(Role.FACILITATOR, country="BR")
    assert visible(facilitator) == set()
    groups["br"].facilitators.add(facilitator)
    groups["pe"].facilitators.add(facilitator)
    assert visible(facilitator) == {groups["br"].pk, groups["pe"].pk}


def test_assigned_without_the_role_sees_no_group(groups):
    former = role_user(Role.LEARNER, country="BR")
    groups["br"].facilitators.add(former)
    assert visible(former) == set()
    assert group_for_user_or_none(user=former, group_id=groups["br"].pk) is None


def test_learners_and_others_see_no_group(groups, learner):
    from django.contrib.auth.models import AnonymousUser

    membership_join(group=groups["br"], learner=learner)  # being a member is not enough
    assert visible(learner) == set()
    assert visible(role_user(Role.AUTHOR, country="BR")) == set()
    assert visible(AnonymousUser()) == set()


def test_group_for_user_or_none(groups):
    facilitator = role_user(Role.FACILITATOR)
    groups["br"].facilitators.add(facilitator)
    assert group_for_user_or_none(user=facilitator, group_id=groups["br"].pk) == groups["br"]
    assert group_for_user_or_none(user=facilitator, group_id=str(groups["br"].pk)) == groups["br"]
    assert group_for_user_or_none(user=facilitator, group_id=groups["cl"].pk) is None
    assert group_for_user_or_none(user=facilitator, group_id="nonsense") is None
    assert group_for_user_or_none(user=facilitator, group_id=10**9) is None
