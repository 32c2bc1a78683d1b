from django.utils.translation import get_language
from wagtail import hooks

from curriculum import api as curriculum_api
from curriculum.models import SessionPage
from lms.progress.services import session_visit_record


@hooks.register("before_serve_page")
def log_session_visit(page, request, serve_args, serve_kwargs):
    """One visit row per session page view by a signed-in learner (Kolibri's session log)."""
    if isinstance(page, SessionPage) and request.user.is_authenticated and request.method == "GET":
        session_visit_record(
            learner=request.user,
            outline=curriculum_api.session_outline(session=page),
            language=page.locale.language_code if page.locale_id else get_language(),
        )
