"""Participants as a programme counts them: the profile given at enrolment (gender,
municipality, schooling, work, business), each participant's standing in a curriculum
(trained, graduated) under the curriculum's rule, and the certificate a graduate receives.

Consent to follow-up data collection is ``lms.accounts.ConsentRecord`` (kind ``follow_up``).
Status rows are recomputed by services when attendance, progress or quizzes change, never by
a nightly job. It must not hold survey answers (``lms.surveys``) or programme targets
(``lms.programmes``)."""
