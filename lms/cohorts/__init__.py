"""Who takes which curriculum, and with whom: enrolments now; groups, join codes, session
schedules and attendance as facilitation arrives.

Owns enrolment records. It must not score quizzes or record progress.
"""
