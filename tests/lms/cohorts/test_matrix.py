"""The facilitator's matrix: learners × sessions with attendance, self-paced progress and best
quiz score; the hardest questions; who is at risk and why; and its query count, pinned."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.cohorts.models import AttendanceRecord, LearnerGroup, Membership, ScheduledSession
from lms.cohorts.services import attendance_record, membership_join
from lms.facilitation.selectors import (
    RISK_FAILED_QUIZ,
    RISK_INACTIVE,
    RISK_MISSED_SESSIONS,
    group_matrix,
)
from lms.progress.models import SessionProgress, SessionVisit
from lms.progress.services import block_progress_record, session_visit_record
from lms.quizzes.services import quiz_attempt_submit
from tests.factories import UserFactory
from tests.lms.cohorts.factories import (
    LearnerGroupFactory,
    ScheduledSessionFactory,
    attempt_add,
    attempts_bulk_add,
    members_add,
    outline_stub,
)

pytestmark = pytest.mark.django_db


def answers(quiz, *, single=True, multiple=True, numeric=True):
    q_single, q_multiple, q_numeric = quiz.questions
    return {
        q_single.id: [q_single.options[0 if single else 1].id],
        q_multiple.id: [o.id for o in q_multiple.options[: 2 if multiple else 1]],
        q_numeric.id: ["1.234,5" if numeric else "1"],
    }


def submit(learner, outline, quiz, responses):
    quiz_attempt_submit(
        learner=learner,
        outline=outline,
        quiz=quiz,
        responses=responses,
        token=uuid.uuid4(),
        language="pt-br",
    )


@pytest.fixture
def classroom(session, outline, quiz_def, learner, other_learner):
    """Three learners; session 1 (a real page) and 2 held, 3 next week, 4 not scheduled."""
    group = LearnerGroupFactory(curriculum_key=outline.curriculum_key)
    ze = UserFactory(first_name="Zé", last_name="Lima")
    for person in (ze, other_learner, learner):
        membership_join(group=group, learner=person)
    outlines = [outline] + [
        outline_stub(number=n, curriculum_key=outline.curriculum_key) for n in (2, 3, 4)
    ]
    today = timezone.localdate()
    scheduled = [
        ScheduledSessionFactory(group=group, session_key=o.key, number=o.number, date=day)
        for o, day in zip(
            outlines[:3],
            [today - timedelta(days=14), today - timedelta(days=7), today + timedelta(days=7)],
            strict=True,
        )
    ]
    return {
        "group": group,
        "outlines": outlines,
        "scheduled": scheduled,
        "ana": learner,
        "rosa": other_learner,
        "ze": ze,
        "quiz": quiz_def,
    }


def mark(scheduled, learner, status):
    attendance_record(scheduled=scheduled, learner=learner, status=status, recorded_by=None)


def test_matrix_values(classroom, session):
    c = classroom
    s1, s2, _s3 = c["scheduled"]
    ana, rosa, ze, quiz, outline = c["ana"], c["rosa"], c["ze"], c["quiz"], c["outlines"][0]
    mark(s1, ana, "present")
    mark(s2, ana, "late")
    mark(s1, rosa, "absent")
    mark(s2, rosa, "excused")
    mark(s2, ze, "absent")
    submit(ana, outline, quiz, answers(quiz))
    reflection_id = next(b.id for b in outline.tracked if b.kind == "reflection")
    block_progress_record(learner=ana, outline=outline, block_id=reflection_id, complete=True)
    for _n in range(2):
        submit(rosa, outline, quiz, answers(quiz, single=False, multiple=False))

    matrix = group_matrix(group=c["group"], session_outlines=c["outlines"])

    assert [col.session_key for col in matrix.columns] == [o.key for o in c["outlines"]]
    assert [col.held for col in matrix.columns] == [True, True, False, False]
    assert [col.scheduled_id for col in matrix.columns] == [s.pk for s in c["scheduled"]] + [None]
    assert matrix.columns[0].title == session.title and matrix.columns[3].date is None
    assert matrix.held == 2
    assert [row.name for row in matrix.rows] == ["Ana", "Rosa", "Zé Lima"]
    ana_row, rosa_row, ze_row = matrix.rows

    first = ana_row.cells[0]
    assert (first.attendance, first.attendance_label) == ("present", "Present")
    assert first.completed and first.progress == 1.0 and first.progress_percent == 100
    assert (first.best_score, first.attempts) == (Decimal("100.00"), 1)
    assert ana_row.cells[1].attendance == "late" and ana_row.cells[1].best_score is None
    assert (ana_row.attended, ana_row.absent, ana_row.completed) == (2, 0, 1)

    rosa_first = rosa_row.cells[0]
    assert (rosa_first.attendance, rosa_first.progress, rosa_first.completed) == (
        "absent",
        0.5,  # the quiz is done, the reflection is not
        False,
    )
    assert (rosa_first.best_score, rosa_first.attempts) == (Decimal("33.33"), 2)
    assert (rosa_row.attended, rosa_row.absent, rosa_row.excused) == (0, 1, 1)

    assert [cell.attendance for cell in ze_row.cells] == ["", "absent", "", ""]
    assert all(cell.progress == 0 and cell.best_score is None for cell in ze_row.cells)
    assert ze_row.last_activity_at is None and ana_row.last_activity_at is not None

    totals = matrix.totals[0]
    assert (totals.present, totals.absent, totals.completed) == (1, 1, 1)
    assert totals.mean_best_score == Decimal("66.67")
    assert matrix.totals[1].late == 1 and matrix.totals[1].excused == 1

    assert [row.risks for row in matrix.rows if row.at_risk] == [rosa_row.risks]
    assert [f.code for f in rosa_row.risks] == [RISK_FAILED_QUIZ]

    header, rows = matrix.table()
    assert len(header) == 4 + 3 * len(matrix.columns)
    assert header[4] == f"1. {session.title} · Attendance"
    assert [r[0] for r in rows] == [row.username for row in matrix.rows]
    assert rows[0][3:7] == [2, "Present", 100, Decimal("100.00")]
    assert rows[1][2] == "Failed the quiz “Check yourself” of session 1 2 times."
    assert rows[1][4:7] == ["Absent", 50, Decimal("33.33")]


def test_difficult_questions_count_each_learners_latest_attempt(classroom):
    c = classroom
    quiz, outline = c["quiz"], c["outlines"][0]
    dora = UserFactory(first_name="Dora")  # a member who has not done the quiz yet
    membership_join(group=c["group"], learner=dora)
    submit(c["ana"], outline, quiz, answers(quiz, single=False, multiple=False, numeric=False))
    submit(c["ana"], outline, quiz, answers(quiz))  # her latest: all right
    submit(c["rosa"], outline, quiz, answers(quiz, single=False, multiple=False))
    submit(c["ze"], outline, quiz, answers(quiz, single=False))
    outsider = UserFactory()  # not in the group: never counted
    submit(outsider, outline, quiz, answers(quiz, single=False, multiple=False, numeric=False))

    matrix = group_matrix(group=c["group"], session_outlines=c["outlines"])

    hardest = matrix.difficult[outline.key]
    single, multiple, numeric = quiz.questions
    assert [(q.question_id, q.text, q.wrong, q.answered) for q in hardest] == [
        (single.id, "Pick one", 2, 3),
        (multiple.id, multiple.prompt, 1, 3),
        (numeric.id, numeric.prompt, 0, 3),
    ]
    assert hardest[0].percent == 67 and hardest[0].learners == 4
    assert hardest[0].share_of_group == 0.5
    assert all(q.block_id == quiz.block_id for q in hardest)
    assert matrix.difficult[c["outlines"][1].key] == ()


def test_records_of_sessions_outside_the_columns_stay_out(classroom):
    """A member's progress and quizzes in another curriculum (read by learner, then left out)
    change no cell, no total, no difficult question and no flag."""
    c = classroom
    elsewhere = uuid.uuid4()  # a session of another curriculum
    for _n in range(3):
        attempt_add(c["ana"], elsewhere, answers={"q1": False, "q2": False})
    SessionProgress.objects.create(
        learner=c["ana"],
        session_key=elsewhere,
        curriculum_key=uuid.uuid4(),
        progress=1.0,
        completed_at=timezone.now(),
        last_visited_at=timezone.now(),
        last_activity_at=timezone.now(),
    )

    matrix = group_matrix(group=c["group"], session_outlines=c["outlines"])

    ana_row = matrix.rows[0]
    assert ana_row.name == "Ana"
    assert all(
        (cell.progress, cell.completed, cell.best_score, cell.attempts) == (0, False, None, 0)
        for cell in ana_row.cells
    )
    assert ana_row.completed == 0 and not ana_row.risks
    assert all(total.mean_best_score is None for total in matrix.totals)
    assert set(matrix.difficult) == {o.key for o in c["outlines"]}
    assert all(questions == () for questions in matrix.difficult.values())


def test_rows_are_in_the_registers_name_order(classroom):
    """The matrix orders members in its own SQL; it must be the order of
    ``Membership.objects.in_name_order()``, which the register and the learner lists use:
    case ignored, then last name, then username, then who joined first."""
    c = classroom
    for first, last, username in [
        ("ana", "costa", "ana-c"),
        ("Ana", "Barros", "ana-b2"),
        ("ANA", "barros", "ana-b1"),
        ("", "", "aaa"),
        ("Zé", "Lima", "ze-2"),
    ]:
        membership_join(
            group=c["group"],
            learner=UserFactory(first_name=first, last_name=last, username=username),
        )

    matrix = group_matrix(group=c["group"], session_outlines=c["outlines"])

    expected = [m.learner_id for m in Membership.objects.filter(group=c["group"]).in_name_order()]
    assert [row.learner_id for row in matrix.rows] == expected
    added = [
        row.username for row in matrix.rows if row.username in {"aaa", "ana-b1", "ana-b2", "ana-c"}
    ]
    assert added == ["aaa", "ana-b1", "ana-b2", "ana-c"]


def test_latest_activity_is_the_latest_of_the_learners_sessions(classroom):
    """Read as the database returns it and compared before conversion: whole seconds (which
    SQLite keeps without a fraction) and fractions order as the times do."""
    c = classroom
    base = timezone.now().replace(microsecond=0) - timedelta(days=1)
    times = [base, base + timedelta(microseconds=500_000), base - timedelta(microseconds=1)]
    for outline, moment in zip(c["outlines"][:3], times, strict=True):
        SessionProgress.objects.create(
            learner=c["rosa"],
            session_key=outline.key,
            curriculum_key=outline.curriculum_key,
            progress=0.5,
            last_visited_at=moment,
            last_activity_at=moment,
        )

    matrix = group_matrix(group=c["group"], session_outlines=c["outlines"])

    rosa_row = next(row for row in matrix.rows if row.learner_id == c["rosa"].pk)
    assert rosa_row.last_activity_at == times[1]


def test_a_quiz_result_without_questions_counts_nothing(classroom):
    attempt_add(c := classroom["ana"], classroom["outlines"][1].key, answers={})

    matrix = group_matrix(group=classroom["group"], session_outlines=classroom["outlines"])

    assert matrix.rows[0].learner_id == c.pk and matrix.rows[0].cells[1].attempts == 1
    assert all(questions == () for questions in matrix.difficult.values())


# --- At risk -------------------------------------------------------------------------------------


def held_group(weeks_ago=(4, 3, 2, 1), ahead=(1,)):
    group = LearnerGroupFactory()
    today = timezone.localdate()
    dates = [today - timedelta(weeks=w) for w in weeks_ago] + [
        today + timedelta(weeks=w) for w in ahead
    ]
    outlines = [
        outline_stub(number=n, curriculum_key=group.curriculum_key)
        for n in range(1, len(dates) + 1)
    ]
    schedule = [
        ScheduledSessionFactory(group=group, session_key=o.key, number=o.number, date=day)
        for o, day in zip(outlines, dates, strict=True)
    ]
    return group, outlines, schedule


def flags(matrix, code):
    return {row.username: [f.message for f in row.risks if f.code == code] for row in matrix.rows}


def test_missed_sessions_counts_absences_in_the_last_held_sessions():
    group, outlines, schedule = held_group()
    a, b, c, d, e = members_add(group, 5)
    for learner, statuses in [
        (a, {2: "absent", 3: "absent"}),
        (b, {0: "absent", 1: "absent", 2: "present", 3: "present"}),  # before the window
        (c, {2: "excused", 3: "absent"}),  # excused does not count
        (d, {3: "absent", 4: "absent"}),  # session 5 has not happened yet
        (e, {1: "absent", 2: "absent", 3: "absent"}),
    ]:
        for index, status in statuses.items():
            mark(schedule[index], learner, status)
    missed = flags(group_matrix(group=group, session_outlines=outlines), RISK_MISSED_SESSIONS)
    assert missed == {
        a.username: ["Missed 2 of the last 3 sessions."],
        b.username: [],
        c.username: [],
        d.username: [],
        e.username: ["Missed 3 of the last 3 sessions."],
    }
    group.risk_missed_sessions, group.risk_missed_window = 1, 2
    missed = flags(group_matrix(group=group, session_outlines=outlines), RISK_MISSED_SESSIONS)
    assert missed[b.username] == [] and missed[c.username] == ["Missed 1 of the last 2 sessions."]


def test_missed_sessions_with_fewer_held_sessions_than_the_window():
    group, outlines, schedule = held_group(weeks_ago=(2, 1), ahead=(1, 2))
    [a] = members_add(group, 1)
    mark(schedule[0], a, "absent")
    mark(schedule[1], a, "absent")
    missed = flags(group_matrix(group=group, session_outlines=outlines), RISK_MISSED_SESSIONS)
    assert missed[a.username] == ["Missed 2 of the last 2 sessions."]
    future_only, outlines, _schedule = held_group(weeks_ago=(), ahead=(1, 2))
    members_add(future_only, 1)
    matrix = group_matrix(group=future_only, session_outlines=outlines)
    assert not matrix.at_risk


def test_inactive_learners_are_flagged_after_the_groups_number_of_days():
    group, outlines, _schedule = held_group()
    idle, visitor, elsewhere, worker, quizzer = members_add(group, 5)
    # Visits as the session page records them: a visit log row and the summary's stamp.
    session_visit_record(learner=visitor, outline=outlines[0], language="pt-br")
    other_curriculum = outline_stub(number=1, curriculum_key=uuid.uuid4())
    session_visit_record(learner=elsewhere, outline=other_curriculum, language="pt-br")
    block_progress_record(learner=worker, outline=outlines[1], block_id="quiz-1", progress=0.5)
    attempt_add(quizzer, outlines[2].key)  # then the quiz service records the block
    block_progress_record(learner=quizzer, outline=outlines[2], block_id="quiz-1", complete=True)
    now = timezone.now()

    soon = group_matrix(group=group, session_outlines=outlines, now=now + timedelta(days=13))
    assert not any(flags(soon, RISK_INACTIVE).values())
    last = {row.username: row.last_activity_at for row in soon.rows}
    assert last[idle.username] is None and last[elsewhere.username] is None
    assert None not in (last[visitor.username], last[worker.username], last[quizzer.username])

    later = group_matrix(group=group, session_outlines=outlines, now=now + timedelta(days=15))
    inactive = flags(later, RISK_INACTIVE)
    assert inactive[idle.username] == ["No self-paced activity yet, 15 days after joining."]
    assert inactive[elsewhere.username] == inactive[idle.username]  # other curricula don't count
    for person in (visitor, worker, quizzer):
        assert inactive[person.username] == ["No self-paced activity for 15 days."]

    group.risk_inactive_days = 30
    assert not group_matrix(
        group=group, session_outlines=outlines, now=now + timedelta(days=15)
    ).at_risk


def test_failing_the_same_quiz_repeatedly():
    group, outlines, _schedule = held_group()
    s1, s2 = outlines[0].key, outlines[1].key
    twice, two_quizzes, recovered, two_sessions = members_add(group, 4)
    wrong = {"q1": False, "q2": True}
    attempt_add(twice, s1, answers=wrong)
    attempt_add(twice, s1, answers=wrong)
    attempt_add(two_quizzes, s1, answers=wrong)
    attempt_add(two_quizzes, s1, block_id="quiz-2", answers=wrong)
    attempt_add(recovered, s1, answers=wrong)
    attempt_add(recovered, s1, answers=wrong)
    attempt_add(recovered, s1, answers={"q1": True, "q2": True})
    attempt_add(two_sessions, s1, answers=wrong)
    attempt_add(two_sessions, s2, answers=wrong)

    matrix = group_matrix(group=group, session_outlines=outlines)
    failed = flags(matrix, RISK_FAILED_QUIZ)
    assert failed == {
        twice.username: ["Failed the quiz “Check yourself” of session 1 2 times."],
        two_quizzes.username: [],
        recovered.username: [],  # passed it since
        two_sessions.username: [],
    }
    flag = next(row for row in matrix.rows if row.username == twice.username).risks[0]
    assert flag.session_key == s1
    group.risk_failed_attempts = 3
    assert not any(
        flags(group_matrix(group=group, session_outlines=outlines), RISK_FAILED_QUIZ).values()
    )


# --- Query count ---------------------------------------------------------------------------------


def populated_group(learners: int, sessions: int = 24):
    """A group with a full record: attendance, progress, two attempts with three answers per
    learner per session, and visits."""
    group, outlines, schedule = held_group(
        weeks_ago=tuple(range(sessions // 2, 0, -1)),
        ahead=tuple(range(1, sessions - sessions // 2 + 1)),
    )
    people = members_add(group, learners)
    statuses = ["present", "late", "absent", "excused"]
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(scheduled=s, learner=p, status=statuses[(i + j) % 4])
        for i, p in enumerate(people)
        for j, s in enumerate(schedule)
    )
    SessionProgress.objects.bulk_create(
        SessionProgress(
            learner=p,
            session_key=o.key,
            curriculum_key=group.curriculum_key,
            required_blocks=2,
            completed_blocks=1,
            progress=0.5,
            last_visited_at=timezone.now(),
            last_activity_at=timezone.now(),
        )
        for p in people
        for o in outlines
    )
    SessionVisit.objects.bulk_create(
        SessionVisit(learner=p, session_key=o.key, language="pt-br")
        for p in people
        for o in outlines
    )
    attempts_bulk_add(people, [o.key for o in outlines], tries=2, questions=3)
    return LearnerGroup.objects.get(pk=group.pk), outlines


def count_queries(group, outlines):
    with CaptureQueriesContext(connection) as context:
        matrix = group_matrix(group=group, session_outlines=outlines)
    return len(context.captured_queries), matrix


def test_matrix_query_count_does_not_grow_with_the_group():
    small_count, small = count_queries(*populated_group(5))
    large_count, large = count_queries(*populated_group(25))
    print(f"group_matrix queries: 5 learners → {small_count}, 25 × 24 → {large_count}")
    assert len(large.rows) == 25 and len(large.columns) == 24
    assert all(len(row.cells) == 24 for row in large.rows)
    assert large.rows[0].cells[0].best_score == Decimal("66.67")
    assert large.difficult[large.columns[0].session_key][0].wrong == 25  # q2: wrong in both
    assert small_count == large_count == 6
    assert len(small.rows) == 5 and ScheduledSession.objects.count() == 48
