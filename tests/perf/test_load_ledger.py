"""The load run's bookkeeping against tiny made-up runs (the run itself is not in the suite)."""

from collections import Counter

from tests.perf.load_ledger import Stored, ledger_compare


def _visit(learner, ok=True):
    return {"kind": "visit", "learner": learner, "ok": ok}


def _quiz(learner, token, ok=True, block="q"):
    return {"kind": "quiz", "learner": learner, "ok": ok, "token": token, "block": block}


def _progress(learner, ratio, ok=True, block="v"):
    return {"kind": "progress", "learner": learner, "ok": ok, "block": block, "progress": ratio}


def _stored(**fields) -> Stored:
    stored = Stored(**fields)
    if not stored.attempts_per_quiz:
        stored.attempts_per_quiz = Counter((name, "q") for name, _token in stored.attempts)
    if not stored.quiz_results:
        stored.quiz_results = dict(stored.attempts_per_quiz)
    return stored


def test_a_clean_run_counts_nothing_lost_or_doubled():
    journal = [
        _visit("ana"), _visit("ana"), _visit("bia"),
        _progress("ana", 0.2), _progress("ana", 0.5),
        _quiz("ana", "t1"), _quiz("ana", "t1"),  # a double tap: one token, one attempt
        _quiz("bia", "t2", ok=False),  # refused: stored or not, neither is counted
    ]  # fmt: skip
    stored = _stored(
        visits=Counter({"ana": 2, "bia": 1}),
        attempts=[("ana", "t1")],
        progress=[("ana", "v", 0.5), ("ana", "q", 1.0)],
    )
    ledger = ledger_compare(journal=journal, stored=stored)
    assert (ledger.lost, ledger.doubled, ledger.summaries_out_of_step) == (0, 0, 0)
    assert ledger.attempts.acknowledged == 1
    assert ledger.attempts.unsure == 1
    assert ledger.visits.stored == 3


def test_acknowledged_writes_missing_from_the_database_are_lost():
    journal = [_visit("ana"), _visit("ana"), _quiz("ana", "t1"), _progress("ana", 0.8)]
    stored = _stored(
        visits=Counter({"ana": 1}),
        attempts=[],
        progress=[("ana", "v", 0.4), ("ana", "q", 1.0)],  # behind what the learner was told
    )
    ledger = ledger_compare(journal=journal, stored=stored)
    assert (ledger.visits.lost, ledger.attempts.lost, ledger.progress.lost) == (1, 1, 1)
    assert ledger.doubled == 0


def test_rows_stored_twice_or_never_asked_for_are_doubled():
    journal = [_visit("ana"), _visit("bia", ok=None), _quiz("ana", "t1"), _quiz("ana", "t1")]
    stored = _stored(
        # bia's visit was in flight at the stop: one stored row is fine, two are not
        visits=Counter({"ana": 2, "bia": 2}),
        attempts=[("ana", "t1"), ("ana", "t1"), ("ana", "t9")],
        progress=[("ana", "q", 1.0), ("ana", "q", 1.0)],
    )
    ledger = ledger_compare(journal=journal, stored=stored)
    assert ledger.visits.doubled == 2
    assert ledger.attempts.doubled == 2
    assert ledger.progress.doubled == 1
    assert ledger.lost == 0


def test_a_summary_that_disagrees_with_the_attempts_is_out_of_step():
    journal = [_quiz("ana", "t1"), _quiz("ana", "t2")]
    stored = _stored(attempts=[("ana", "t1"), ("ana", "t2")], progress=[("ana", "q", 1.0)])
    stored.quiz_results = {("ana", "q"): 1}
    ledger = ledger_compare(journal=journal, stored=stored)
    assert ledger.summaries_out_of_step == 1
    assert (ledger.lost, ledger.doubled) == (0, 0)


def test_a_session_summary_behind_its_completed_blocks_is_out_of_step():
    stored = _stored(progress=[("ana", "v", 1.0)])
    stored.completed_required = Counter({("ana", "s1"): 2})
    stored.session_summaries = {("ana", "s1"): 1}
    assert ledger_compare(journal=[], stored=stored).summaries_out_of_step == 1
    stored.session_summaries = {("ana", "s1"): 2}
    assert ledger_compare(journal=[], stored=stored).summaries_out_of_step == 0
