"""Data-collection rounds: the baseline at enrolment, the endline at graduation and the
follow-ups at 6, 12, 18 and 24 months, their instruments (authored and translated in the
admin like the curriculum) and the answers, given in the app or collected by a facilitator on
the phone or on paper.

Answers are keyed on stable question keys (``monthly_income``, ``employment_status``,
``monthly_sales``, ``employees_full_time``, ``employees_part_time``, ``soft_skill_<name>``) so
that reports read them whatever the language or version of the instrument. Nothing is
collected without the person's follow-up consent. It must not compute programme results
(``lms.reports`` reads these rows)."""
