"""The load run's bookkeeping: what the simulated learners were told was saved, against what
the database holds afterwards. Plain data in, counts out (no Django), so a unit test can
hold it to a tiny made-up run (tests/perf/test_load_ledger.py).

A write is *acknowledged* when its request answered 2xx, *unsure* when it failed or was
still in flight as the run stopped (the server may or may not have stored it). Then, for
each kind of record:

- **lost**: acknowledged but not stored (or stored with less than was acknowledged: a video
  progress row behind the furthest point a learner was told was saved);
- **doubled**: stored more than once, or stored without any request having asked for it.

Records: one visit row per session page view; one quiz attempt per form token (a double tap
sends one token twice and must store one attempt); one progress row per learner and tracked
block (the video, and the quiz once submitted). Summary rows must agree with the rows they sum
up ("summaries out of step" otherwise): a quiz summary's attempt count with the attempts
stored, a session summary's completed blocks with the completed required blocks stored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Tally:
    acknowledged: int = 0
    stored: int = 0
    lost: int = 0
    doubled: int = 0
    unsure: int = 0


@dataclass
class Stored:
    """What the database holds for the simulated learners after the run."""

    visits: Counter = field(default_factory=Counter)  # learner -> visit rows
    attempts: list[tuple[str, str]] = field(default_factory=list)  # (learner, token)
    progress: list[tuple[str, str, float]] = field(default_factory=list)  # learner, block, ratio
    quiz_results: dict[tuple[str, str], int] = field(default_factory=dict)  # -> attempts counted
    attempts_per_quiz: Counter = field(default_factory=Counter)  # (learner, block) -> rows
    # (learner, session key) -> completed blocks as the summary row says / as counted
    session_summaries: dict[tuple[str, str], int] = field(default_factory=dict)
    completed_required: Counter = field(default_factory=Counter)


@dataclass
class Ledger:
    visits: Tally
    attempts: Tally
    progress: Tally
    summaries_out_of_step: int

    @property
    def lost(self) -> int:
        return self.visits.lost + self.attempts.lost + self.progress.lost

    @property
    def doubled(self) -> int:
        return self.visits.doubled + self.attempts.doubled + self.progress.doubled


def _visits(journal: list[dict], stored: Stored) -> Tally:
    ok: Counter = Counter()
    unsure: Counter = Counter()
    for entry in journal:
        if entry["kind"] == "visit":
            (ok if entry["ok"] else unsure)[entry["learner"]] += 1
    tally = Tally(acknowledged=sum(ok.values()), stored=sum(stored.visits.values()))
    tally.unsure = sum(unsure.values())
    for learner in set(ok) | set(unsure) | set(stored.visits):
        rows = stored.visits[learner]
        tally.lost += max(0, ok[learner] - rows)
        tally.doubled += max(0, rows - ok[learner] - unsure[learner])
    return tally


def _attempts(journal: list[dict], stored: Stored) -> Tally:
    ok = {(e["learner"], e["token"]) for e in journal if e["kind"] == "quiz" and e["ok"]}
    sent = {(e["learner"], e["token"]) for e in journal if e["kind"] == "quiz"}
    rows = Counter(stored.attempts)
    tally = Tally(acknowledged=len(ok), stored=len(stored.attempts), unsure=len(sent - ok))
    tally.lost = len(ok - set(rows))
    tally.doubled = sum(n - 1 for n in rows.values()) + len(set(rows) - sent)
    return tally


def _progress(journal: list[dict], stored: Stored) -> Tally:
    furthest: dict[tuple[str, str], float] = defaultdict(float)
    ok: set[tuple[str, str]] = set()
    sent: set[tuple[str, str]] = set()
    for entry in journal:
        if entry["kind"] not in {"progress", "quiz"}:
            continue
        pair = (entry["learner"], entry["block"])
        sent.add(pair)
        if entry["ok"]:
            ok.add(pair)
            if entry["kind"] == "progress":
                furthest[pair] = max(furthest[pair], entry["progress"])
    rows = Counter((learner, block) for learner, block, _ratio in stored.progress)
    ratio = {(learner, block): value for learner, block, value in stored.progress}
    tally = Tally(acknowledged=len(ok), stored=len(stored.progress), unsure=len(sent - ok))
    behind = sum(1 for pair in ok & set(ratio) if ratio[pair] + 1e-9 < furthest.get(pair, 0.0))
    tally.lost = len(ok - set(rows)) + behind
    tally.doubled = sum(n - 1 for n in rows.values()) + len(set(rows) - sent)
    return tally


def ledger_compare(*, journal: Iterable[dict], stored: Stored) -> Ledger:
    entries = list(journal)
    out_of_step = sum(
        1
        for pair in set(stored.quiz_results) | set(stored.attempts_per_quiz)
        if stored.quiz_results.get(pair, 0) != stored.attempts_per_quiz.get(pair, 0)
    ) + sum(
        1
        for pair in set(stored.session_summaries) | set(stored.completed_required)
        if stored.session_summaries.get(pair, 0) != stored.completed_required.get(pair, 0)
    )
    return Ledger(
        visits=_visits(entries, stored),
        attempts=_attempts(entries, stored),
        progress=_progress(entries, stored),
        summaries_out_of_step=out_of_step,
    )


def ledger_lines(ledger: Ledger) -> list[str]:
    lines = []
    for name, tally in (
        ("session visits", ledger.visits),
        ("quiz attempts", ledger.attempts),
        ("progress rows", ledger.progress),
    ):
        lines.append(
            f"  {name:<15} acknowledged {tally.acknowledged:>6}  stored {tally.stored:>6}  "
            f"lost {tally.lost}  doubled {tally.doubled}  (unsure: {tally.unsure})"
        )
    lines.append(f"  summaries out of step: {ledger.summaries_out_of_step}")
    lines.append(f"  lost {ledger.lost}  doubled {ledger.doubled}")
    return lines
