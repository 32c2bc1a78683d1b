"""What Rumo does with each kind of row that points at a person, in one table.

Every (model, field) pair whose foreign key, one-to-one or many-to-many field points at the
user model is listed here with two answers: what "download my data" shows, and what "delete my
account" does. ``tests/lms/privacy/test_policy.py`` walks ``apps.get_models()`` and fails when
a pair is missing, so a new model that points at a person cannot be forgotten.

Download:
- ``ROWS``: the rows are about the person: every column except secrets (``SECRET_FIELDS``).
- ``COUNT``: the person acted on other people's rows (recorded attendance, wrote a note about a
  learner): only how many there are, because the rows are about someone else.

Delete:
- ``ERASE``: the rows are deleted (what they wrote, what was written about them, logins).
- ``KEEP``: the rows stay, pointing at the anonymised account, which is the placeholder "deleted
  learner" of this one deletion: attendance, progress and quiz rows, so that a group's totals
  and a quiz's statistics are the same before and after.

Rows the person acted on (``COUNT``) are kept and go on pointing at the anonymised account:
they show that "a deleted account" recorded an attendance or edited a page, and nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Show(Enum):
    ROWS = "rows"
    COUNT = "count"


class OnDelete(Enum):
    ERASE = "erase"
    KEEP = "keep"


@dataclass(frozen=True, slots=True)
class Rule:
    show: Show
    on_delete: OnDelete


_ABOUT_ME_ERASED = Rule(Show.ROWS, OnDelete.ERASE)
_ABOUT_ME_KEPT = Rule(Show.ROWS, OnDelete.KEEP)
_MY_ACTS = Rule(Show.COUNT, OnDelete.KEEP)
_MY_ACTS_ERASED = Rule(Show.COUNT, OnDelete.ERASE)

# (app_label.ModelName, field name) -> rule.
RULES: dict[tuple[str, str], Rule] = {
    # Learning records: kept, anonymous, for group and quiz figures.
    ("cohorts.Enrolment", "learner"): _ABOUT_ME_KEPT,
    ("cohorts.Membership", "learner"): _ABOUT_ME_KEPT,
    ("cohorts.AttendanceRecord", "learner"): _ABOUT_ME_KEPT,
    ("cohorts.AttendanceChange", "learner"): _ABOUT_ME_KEPT,
    ("progress.SessionVisit", "learner"): _ABOUT_ME_KEPT,
    ("progress.BlockProgress", "learner"): _ABOUT_ME_KEPT,
    ("progress.SessionProgress", "learner"): _ABOUT_ME_KEPT,
    ("quizzes.QuizAttempt", "learner"): _ABOUT_ME_KEPT,
    ("quizzes.QuizResult", "learner"): _ABOUT_ME_KEPT,
    ("privacy.MembershipEnding", "learner"): _ABOUT_ME_KEPT,
    # What the person wrote, and what was written about them: erased.
    ("portfolio.Reflection", "learner"): _ABOUT_ME_ERASED,
    ("portfolio.LifePlan", "learner"): _ABOUT_ME_ERASED,
    ("facilitation.FacilitatorNote", "learner"): _ABOUT_ME_ERASED,
    # Which of the person's phone events the server holds (ids and times, no content).
    ("api.SyncEvent", "user"): _ABOUT_ME_ERASED,
    ("accounts.ConsentRecord", "person"): _ABOUT_ME_KEPT,
    ("cohorts.JoinRequest", "learner"): _ABOUT_ME_ERASED,  # a pending request to join
    # The business book is the owner's own record of their business: it goes with the account.
    ("business.Business", "owner"): _ABOUT_ME_ERASED,
    ("business.Business", "mentor"): _MY_ACTS,
    ("business.MentorNote", "author"): _MY_ACTS,
    ("business.AgreedAction", "author"): _MY_ACTS,
    # Programme results: kept, anonymous, so that trained/graduated counts, shares of women and
    # outcome averages reported to funders stay the same after a deletion.
    ("participants.ParticipantProfile", "person"): _ABOUT_ME_KEPT,
    ("participants.ParticipantStatus", "person"): _ABOUT_ME_KEPT,
    # A certificate names the person on a public page: it goes with the account.
    ("participants.Certificate", "person"): _ABOUT_ME_ERASED,
    ("surveys.Round", "person"): _ABOUT_ME_KEPT,
    # The audit trail is kept: it must outlive the accounts it names (it records the deletion).
    ("audit.AuditEvent", "subject"): _ABOUT_ME_KEPT,
    ("audit.AuditEvent", "actor"): _MY_ACTS,
    # Sign-in: addresses, second factors, Wagtail's profile.
    ("account.EmailAddress", "user"): _ABOUT_ME_ERASED,
    ("mfa.Authenticator", "user"): _ABOUT_ME_ERASED,
    ("wagtailusers.UserProfile", "user"): _ABOUT_ME_ERASED,
    # What the person did to other people's rows.
    ("cohorts.LearnerGroup", "facilitators"): Rule(Show.ROWS, OnDelete.ERASE),
    ("cohorts.LearnerGroup", "created_by"): _MY_ACTS,
    ("cohorts.AttendanceRecord", "recorded_by"): _MY_ACTS,
    ("cohorts.AttendanceChange", "changed_by"): _MY_ACTS,
    ("facilitation.FacilitatorNote", "author"): _MY_ACTS,
    ("privacy.MembershipEnding", "ended_by"): _MY_ACTS,
    ("accounts.ConsentRecord", "recorded_by"): _MY_ACTS,
    ("participants.ParticipantProfile", "recorded_by"): _MY_ACTS,
    ("surveys.Round", "recorded_by"): _MY_ACTS,
    # Authors and editors (Wagtail's admin): what they wrote stays, by "a deleted account".
    **{
        (f"curriculum.{page}", field): _MY_ACTS
        for page in ("CataloguePage", "CurriculumPage", "ModulePage", "SessionPage")
        for field in ("owner", "locked_by")
    },
    ("wagtailcore.Page", "owner"): _MY_ACTS,
    ("wagtailcore.Page", "locked_by"): _MY_ACTS,
    ("wagtailcore.Revision", "user"): _MY_ACTS,
    ("wagtailcore.PageLogEntry", "user"): _MY_ACTS,
    ("wagtailcore.ModelLogEntry", "user"): _MY_ACTS,
    ("wagtailcore.WorkflowState", "requested_by"): _MY_ACTS,
    ("wagtailcore.TaskState", "finished_by"): _MY_ACTS,
    ("wagtailcore.Comment", "user"): _MY_ACTS,
    ("wagtailcore.Comment", "resolved_by"): _MY_ACTS,
    ("wagtailcore.CommentReply", "user"): _MY_ACTS,
    ("wagtailcore.UploadedFile", "uploaded_by_user"): _MY_ACTS,
    ("wagtaildocs.Document", "uploaded_by_user"): _MY_ACTS,
    ("wagtailimages.Image", "uploaded_by_user"): _MY_ACTS,
    ("wagtail_localize.StringTranslation", "last_translated_by"): _MY_ACTS,
    ("wagtail_localize.SegmentOverride", "last_translated_by"): _MY_ACTS,
    # Wagtail's admin state for the person: nothing anyone else needs.
    ("wagtailcore.APIToken", "user"): _MY_ACTS_ERASED,
    ("wagtailcore.PageSubscription", "user"): _MY_ACTS_ERASED,
    ("wagtailadmin.EditingSession", "user"): _MY_ACTS_ERASED,
    ("wagtailadmin.FormState", "user"): _MY_ACTS_ERASED,
}

# Rows about the person that reach them through another row (a survey answer through its
# round, an earlier reflection through the reflection): (app_label.ModelName, lookup to the
# person). The download shows them; deleting follows the parent row (kept with a kept round,
# erased with an erased reflection or life plan, by the database's cascade).
THROUGH: dict[str, str] = {
    "quizzes.QuizAnswer": "attempt__learner",
    "surveys.Answer": "round__person",
    "portfolio.ReflectionRevision": "reflection__learner",
    "portfolio.LifePlanStep": "plan__learner",
    "portfolio.LifePlanStepRevision": "step__plan__learner",
    "business.Entry": "business__owner",
    "business.EntryRevision": "entry__business__owner",
    "business.Product": "business__owner",
    "business.StockMove": "product__business__owner",
    "business.MonthSummary": "business__owner",
    # What a mentor wrote about the business and agreed with its owner.
    "business.MentorNote": "business__owner",
    "business.AgreedAction": "business__owner",
}

# Rows reached that way but left out of the download, and why.
NOT_DOWNLOADED: dict[str, str] = {
    "account.EmailConfirmation": "a one-time key that confirms an address: a secret",
}

# Columns never written into a download: a leaked zip must not sign anyone in.
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "accounts.User": frozenset({"password"}),
    "mfa.Authenticator": frozenset({"data"}),
}
