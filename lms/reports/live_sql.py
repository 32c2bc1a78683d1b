"""The live participants' tallies in one SQL statement.

Each participant's outcome is a difference between two of their survey answers (baseline,
and the latest completed follow-up round that has the answer), and only then are
participants added up by pillar, country, gender and age band: an aggregation over an
aggregation over a pivot, which the ORM cannot express in one query (``.aggregate()`` over a
grouped queryset cannot group again). Per-participant subqueries would read the answers
once per participant; this statement reads every table once. Plain SQL that SQLite and
PostgreSQL both run (CTEs, conditional aggregates); parameters are always bound; table names
come from the models. The report's arithmetic tests run it against hand-computed tables on
both databases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from lms.accounts.models import ConsentRecord, User
from lms.business.models import Business, MonthSummary
from lms.cohorts.models import LearnerGroup
from lms.participants.models import ParticipantProfile, ParticipantStatus
from lms.programmes.models import Programme, ProgrammeCurriculum
from lms.surveys.models import FOLLOW_UP_MONTHS, Answer, Round, RoundKind

from .tally import TALLY_FIELDS, Tally

INCOME = "monthly_income"
SALES = "monthly_sales"
FULL_TIME = "employees_full_time"
PART_TIME = "employees_part_time"
SOFT_SKILL_PREFIX = "soft_skill_"


@dataclass(frozen=True)
class LiveScope:
    programme_ids: tuple[int, ...]
    country: str = ""
    area: str = ""
    since: date | None = None
    until: date | None = None
    year: int = 2026  # the year ages are counted in


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _moment(day: date) -> object:
    aware = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(aware)


def _statement(scope: LiveScope) -> tuple[str, list]:
    params: list = []
    where = [f"p.id IN ({', '.join(['%s'] * len(scope.programme_ids))})"]
    params += list(scope.programme_ids)
    country = "COALESCE(NULLIF(g.country, ''), p.country)"
    if scope.country:
        where.append(f"{country} = %s")
        params.append(scope.country)
    if scope.area:
        where.append("pp.area = %s")
        params.append(scope.area)
    # A participant is in a period when trained or graduated in it; counted as trained or
    # graduated as of its end.
    reached = "COALESCE(s.trained_at, s.graduated_at)"
    if scope.since:
        where.append(f"({reached} >= %s OR s.graduated_at >= %s)")
        params += [_moment(scope.since)] * 2
    graduated = "CASE WHEN s.graduated_at IS NOT NULL THEN 1 ELSE 0 END"
    select_params: list = []  # the SELECT's parameters come before the WHERE's
    if scope.until:
        end = _moment(scope.until + timedelta(days=1))
        where.append(f"{reached} < %s")
        params.append(end)
        graduated = "CASE WHEN s.graduated_at < %s THEN 1 ELSE 0 END"
        select_params.append(end)
    year = int(scope.year)  # an int, written into the statement
    bands = (
        "CASE WHEN u.birth_year IS NULL THEN 'unknown' "
        f"WHEN {year} - u.birth_year < 18 THEN 'u18' "
        f"WHEN {year} - u.birth_year < 25 THEN '18_24' "
        f"WHEN {year} - u.birth_year < 35 THEN '25_34' "
        f"WHEN {year} - u.birth_year < 45 THEN '35_44' ELSE '45' END"
    )
    trained = f"CASE WHEN {reached} IS NOT NULL THEN 1 ELSE 0 END"
    follow_ups = ", ".join(f"'{kind.value}'" for kind in FOLLOW_UP_MONTHS)
    # Each answer from the latest completed follow-up round that has it (24 months first).
    latest = "COALESCE({})".format(
        ", ".join(
            f"MAX(CASE WHEN r.kind = '{kind.value}' THEN a.number END)"
            for kind in sorted(FOLLOW_UP_MONTHS, key=FOLLOW_UP_MONTHS.get, reverse=True)
        )
    )
    jobs_b = "COALESCE(v.bft, 0) + 0.5 * COALESCE(v.bpt, 0)"
    jobs_f = "COALESCE(v.fft, 0) + 0.5 * COALESCE(v.fpt, 0)"
    has_b = "(v.bft IS NOT NULL OR v.bpt IS NOT NULL)"
    has_f = "(v.fft IS NOT NULL OR v.fpt IS NOT NULL)"
    sql = f"""
WITH base AS (
  SELECT s.id AS sid, s.person_id AS person_id, s.curriculum_key AS curriculum_key,
         pc.pillar AS pillar, {country} AS country,
         COALESCE(pp.gender, 'undisclosed') AS gender, {bands} AS band,
         {trained} AS trained, {graduated} AS graduated
  FROM {_table(ParticipantStatus)} s
  JOIN {_table(LearnerGroup)} g ON g.id = s.group_id
  JOIN {_table(Programme)} p ON p.id = g.programme_id
  JOIN {_table(ProgrammeCurriculum)} pc
       ON pc.programme_id = p.id AND pc.curriculum_key = s.curriculum_key
  JOIN {_table(User)} u ON u.id = s.person_id
  LEFT JOIN {_table(ParticipantProfile)} pp ON pp.person_id = s.person_id
  WHERE {" AND ".join(where)}
),
pairs AS (
  SELECT b.sid AS sid, a.question_key AS question_key,
         MAX(CASE WHEN r.kind = '{RoundKind.BASELINE.value}' THEN a.number END) AS bv,
         {latest} AS fv
  FROM base b
  JOIN {_table(Round)} r ON r.person_id = b.person_id AND r.curriculum_key = b.curriculum_key
  JOIN {_table(Answer)} a ON a.round_id = r.id
  WHERE (r.kind = '{RoundKind.BASELINE.value}'
         OR (r.kind IN ({follow_ups}) AND r.completed_at IS NOT NULL))
    AND (a.question_key IN (%s, %s, %s, %s) OR SUBSTR(a.question_key, 1, %s) = %s)
  GROUP BY b.sid, a.question_key
),
v AS (
  SELECT sid,
    MAX(CASE WHEN question_key = %s THEN bv END) AS bi,
    MAX(CASE WHEN question_key = %s THEN fv END) AS fi,
    MAX(CASE WHEN question_key = %s THEN bv END) AS bs,
    MAX(CASE WHEN question_key = %s THEN fv END) AS fs,
    MAX(CASE WHEN question_key = %s THEN bv END) AS bft,
    MAX(CASE WHEN question_key = %s THEN fv END) AS fft,
    MAX(CASE WHEN question_key = %s THEN bv END) AS bpt,
    MAX(CASE WHEN question_key = %s THEN fv END) AS fpt,
    MAX(CASE WHEN SUBSTR(question_key, 1, %s) = %s AND bv IS NOT NULL AND fv IS NOT NULL
        THEN 1 ELSE 0 END) AS soft_n,
    MAX(CASE WHEN SUBSTR(question_key, 1, %s) = %s AND fv > bv THEN 1 ELSE 0 END) AS soft_up
  FROM pairs GROUP BY sid
),
book_span AS (
  SELECT bz.owner_id AS person_id, MIN(ms.month) AS m0, MAX(ms.month) AS m1
  FROM {_table(MonthSummary)} ms JOIN {_table(Business)} bz ON bz.id = ms.business_id
  WHERE ms.sales > 0 AND ms.month < %s
    AND bz.owner_id IN (SELECT person_id FROM base)
    AND EXISTS (SELECT 1 FROM {_table(ConsentRecord)} c
                WHERE c.person_id = bz.owner_id AND c.kind = %s AND c.withdrawn_at IS NULL)
  GROUP BY bz.owner_id
),
bk AS (
  SELECT sp.person_id AS person_id, s0.sales AS b0, s1.sales AS b1
  FROM book_span sp
  JOIN {_table(Business)} bz ON bz.owner_id = sp.person_id
  JOIN {_table(MonthSummary)} s0 ON s0.business_id = bz.id AND s0.month = sp.m0
  JOIN {_table(MonthSummary)} s1 ON s1.business_id = bz.id AND s1.month = sp.m1
  WHERE sp.m1 > sp.m0
)
SELECT b.pillar, b.country, b.gender, b.band,
  COUNT(*),
  SUM(b.trained),
  SUM(b.graduated),
  SUM(CASE WHEN b.gender = 'female' THEN 1 ELSE 0 END),
  SUM(CASE WHEN v.bi > 0 AND v.fi IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN v.bi > 0 AND v.fi IS NOT NULL THEN (v.fi - v.bi) * 100.0 / v.bi END),
  SUM(CASE WHEN b.graduated = 1 AND v.bi IS NOT NULL AND v.fi IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN b.graduated = 1 AND v.fi > v.bi THEN 1 ELSE 0 END),
  SUM(CASE WHEN v.bs > 0 AND v.fs IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN v.bs > 0 AND v.fs IS NOT NULL THEN (v.fs - v.bs) * 100.0 / v.bs END),
  SUM(COALESCE(v.soft_n, 0)),
  SUM(COALESCE(v.soft_up, 0)),
  SUM(CASE WHEN {has_b} AND {has_f} THEN 1 ELSE 0 END),
  SUM(CASE WHEN {has_b} AND {has_f} THEN ({jobs_f}) - ({jobs_b}) END),
  SUM(CASE WHEN {has_f} THEN 1 ELSE 0 END),
  SUM(CASE WHEN {has_f} THEN {jobs_f} END),
  SUM(CASE WHEN bk.b0 > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN bk.b0 > 0 THEN (bk.b1 - bk.b0) * 100.0 / bk.b0 END)
FROM base b LEFT JOIN v ON v.sid = b.sid LEFT JOIN bk ON bk.person_id = b.person_id
GROUP BY b.pillar, b.country, b.gender, b.band
"""  # noqa: S608 - names from the models, values bound as parameters
    soft = [len(SOFT_SKILL_PREFIX), SOFT_SKILL_PREFIX]
    keys = [INCOME, SALES, FULL_TIME, PART_TIME]
    pivot = [INCOME, INCOME, SALES, SALES, FULL_TIME, FULL_TIME, PART_TIME, PART_TIME]
    # The book: complete months only (before this one), with the owner's consent.
    this_month = connection.ops.adapt_datefield_value(timezone.localdate().replace(day=1))
    book = [this_month, ConsentRecord.Kind.BOOK_SALES.value]
    return sql, select_params + params + keys + soft + pivot + soft + soft + book


def live_tallies(*, scope: LiveScope) -> dict[tuple[str, str, str, str], Tally]:
    """{(pillar, country, gender, age band): Tally} of the live participants in ``scope``."""
    if not scope.programme_ids:
        return {}
    sql, params = _statement(scope)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert len(TALLY_FIELDS) == 18  # the SELECT's columns after the four keys
    return {tuple(row[:4]): Tally.from_row(list(row[4:])) for row in rows}
