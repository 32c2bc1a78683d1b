from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.accounts.views import login_elsewhere
from lms.business.urls_mentoring import mentor_patterns, owner_patterns
from lms.core import page_cache
from lms.core.media import serve  # django.views.static.serve, plus HTTP Range
from lms.core.views import (
    favicon,
    health_live,
    health_ready,
    manifest,
    offline,
    ping,
    service_worker,
)
from lms.surveys.urls import facilitation_patterns as survey_staff_urls
from lms.surveys.urls import learner_patterns as survey_urls

handler500 = "lms.core.views.server_error"

urlpatterns = [
    path("ping", ping, name="ping"),
    path("health/live", health_live, name="health_live"),
    path("health/ready", health_ready, name="health_ready"),
    path("favicon.ico", favicon, name="favicon"),
    path("sw.js", service_worker, name="service_worker"),
    # One way in (login guard, second factor): before Wagtail's own login views.
    path("admin/login/", login_elsewhere, name="admin_login_elsewhere"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # The phone's API: outside the language prefix, one address whatever the page language.
    path("api/v1/", include("lms.api.v1.urls")),
]

if settings.DEBUG:
    # Development only; production serves media from the web server or object storage.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

urlpatterns += i18n_patterns(
    path("accounts/", include("lms.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("learn/surveys/", include(survey_urls)),
    path("learn/book/mentor/", include(owner_patterns)),
    path("learn/book/results/", include("lms.business.urls_results")),
    path("learn/book/", include("lms.business.urls")),
    path("learn/", include("lms.learner.urls")),
    path("facilitate/follow-up/", include(survey_staff_urls)),
    path("facilitate/mentoring/", include(mentor_patterns)),
    path("facilitate/", include("lms.facilitation.urls")),
    path("results/", include("lms.reports.urls")),
    path("privacy/", include("lms.privacy.urls")),
    path("participants/", include("lms.participants.urls")),
    path("offline/", offline, name="offline"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("_util/login/", login_elsewhere, name="frontend_login_elsewhere"),
    # Wagtail's page serving, with routes remembered per content version (curriculum.routing)
    # and visitors' pages kept whole (lms.core.page_cache).
    re_path(wagtail_urls.serve_pattern, page_cache.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
