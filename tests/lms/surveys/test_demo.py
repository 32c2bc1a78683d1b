"""The demo seed: answered baselines and 6-month follow-ups, people left to follow up, and
nothing new on a second run."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lms.cohorts.models import Membership
from lms.core.roles import Role
from lms.surveys.demo import EARLIER_GROUP_NAME, demo_surveys_create
from lms.surveys.follow_up import follow_up_overview
from lms.surveys.models import Answer, Channel, Round, RoundKind
from tests.lms.cohorts.factories import LearnerGroupFactory
from tests.lms.facilitation.helpers import with_role
from tests.lms.surveys.conftest import enrol


def test_demo_seed_answers_rounds_and_is_idempotent(catalogue, roles, programme):
    facilitator = with_role(Role.FACILITATOR, username="facilitator", country="BR")
    group = LearnerGroupFactory(facilitators=[facilitator], programme=programme)
    for username in ("learner", "bruna", "caio", "edson", "gilson", "igor"):
        enrol(group, with_role(Role.LEARNER, username=username))
    # As the demo group's seed dates them: joined some three weeks ago.
    Membership.objects.update(joined_at=timezone.now() - timedelta(days=25))

    first = demo_surveys_create()
    assert first is not None
    answered = Round.objects.filter(completed_at__isnull=False)
    baselines = answered.filter(kind=RoundKind.BASELINE, group=group)
    assert set(baselines.values_list("person__username", flat=True)) == {"bruna", "caio", "igor"}
    assert baselines.get(person__username="igor").channel == Channel.PHONE
    assert not Round.objects.filter(person__username="gilson").exists()  # never consented
    six = answered.filter(kind=RoundKind.MONTH_6)
    assert six.count() == 4
    assert all(r.group.name == EARLIER_GROUP_NAME for r in six)
    assert six.first().programme == programme
    assert Answer.objects.filter(round__in=six, question_key="monthly_income").count() == 4
    overview = follow_up_overview(user=facilitator, today=timezone.localdate())
    missing = {r.person.username for r in overview.not_reached}
    assert missing == {"learner", "edson", "otavio", "rita"}

    counts = (Round.objects.count(), Answer.objects.count())
    second = demo_surveys_create()
    assert second.answered == 0
    assert (Round.objects.count(), Answer.objects.count()) == counts


def test_demo_seed_answers_baselines_the_participants_seed_already_scheduled(
    catalogue, roles, programme
):
    """The demo runs the participants' seed first: its consents schedule the baselines, and
    this seed must still answer them (it once skipped everyone with a round)."""
    from lms.accounts.consent import consent_record
    from lms.accounts.models import ConsentRecord

    facilitator = with_role(Role.FACILITATOR, username="facilitator", country="BR")
    group = LearnerGroupFactory(facilitators=[facilitator], programme=programme)
    for username in ("learner", "bruna", "caio", "igor"):
        person = with_role(Role.LEARNER, username=username)
        enrol(group, person)
        consent_record(person=person, kind=ConsentRecord.Kind.FOLLOW_UP, recorded_by=None)
    Membership.objects.update(joined_at=timezone.now() - timedelta(days=25))
    assert Round.objects.filter(group=group, kind=RoundKind.BASELINE).count() == 4

    demo_surveys_create()
    answered = Round.objects.filter(group=group, completed_at__isnull=False)
    assert set(answered.values_list("person__username", flat=True)) == {"bruna", "caio", "igor"}
    consents = ConsentRecord.objects.filter(person__username="bruna")
    assert consents.count() == 1  # the consent already given, not a second one
