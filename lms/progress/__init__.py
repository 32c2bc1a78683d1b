"""Learning records in Kolibri's shape: one row per visit, one summary row per learner per
session, one row per learner per block. Keyed by the session's ``translation_key`` and the
block id, so progress survives a change of language and a re-publish.

Owns progress only: quiz attempts live in ``quizzes``, reflections in ``portfolio``.
"""
