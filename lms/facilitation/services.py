from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.cohorts.models import LearnerGroup, Membership, ScheduledSession
from lms.cohorts.services import CohortError

from .models import FacilitatorNote

NOTE_MAX_LENGTH = 4000


def _note_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise CohortError(_("Write something in the note."))
    if len(text) > NOTE_MAX_LENGTH:
        raise CohortError(
            _("A note has at most %(max)s characters; this one has %(length)s.")
            % {"max": NOTE_MAX_LENGTH, "length": len(text)}
        )
    return text


def note_about_learner_create(
    *, group: LearnerGroup, learner: User, author: User, text: str
) -> FacilitatorNote:
    if not Membership.objects.filter(group=group, learner=learner).exists():
        raise CohortError(_("This learner is not a member of this group."))
    return FacilitatorNote.objects.create(
        group=group, learner=learner, author=author, text=_note_text(text)
    )


def note_about_session_create(
    *, group: LearnerGroup, session_key: UUID, author: User, text: str
) -> FacilitatorNote:
    if not ScheduledSession.objects.filter(group=group, session_key=session_key).exists():
        raise CohortError(_("This session is not in the group's schedule."))
    return FacilitatorNote.objects.create(
        group=group, session_key=session_key, author=author, text=_note_text(text)
    )


def note_delete(*, note: FacilitatorNote, user: User) -> None:
    """Only a note's author takes it back: colleagues read each other's notes, they do not
    remove them."""
    if note.author_id != user.pk:
        raise CohortError(_("Only the author of a note can delete it."))
    note.delete()
