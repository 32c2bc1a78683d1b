"""Version 1 of the phone's API. Views only check who is asking and hand the batch to
``lms.api.services``."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms.core.inputs import InputError, json_object

from ..events import MAX_BATCH, MAX_BATCH_BYTES, MAX_DEPTH
from ..services import batch_events, sync_batch_apply


@never_cache
@require_POST
def sync(request: HttpRequest) -> JsonResponse:
    """Take a batch of queued events: ``{"events": [{id, user, kind, occurred_at, payload}]}``.
    Answers which ids the server holds (``held``: forget them), which it refuses for good
    (``refused``: forget them too) and which belong to someone else (``not_yours``: keep them
    for their owner's next login)."""
    if not request.user.is_authenticated:
        # JSON, not a redirect to the login page: the phone keeps its queue and asks the
        # learner to log in again.
        return JsonResponse({"error": _("Log in again to send what you saved.")}, status=403)
    try:
        data = json_object(request, max_bytes=MAX_BATCH_BYTES, max_depth=MAX_DEPTH)
        events = batch_events(data)
    except InputError:
        return JsonResponse(
            {"error": _("Send at most %(count)s events at a time.") % {"count": MAX_BATCH}},
            status=400,
        )
    result = sync_batch_apply(user=request.user, events=events)
    return JsonResponse(
        {
            "user": request.user.pk,
            "held": [str(i) for i in result.held],
            "refused": {str(i): reason for i, reason in result.refused.items()},
            "not_yours": [str(i) for i in result.not_yours],
            "unreadable": result.unreadable,
        }
    )
