"""Turns a refused deletion of media in use (``curriculum.media_guard``) into an answer the
admin can show, instead of a server error."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from .media_guard import MediaInUseError


class MediaInUseMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, MediaInUseError):
            return None
        if request.headers.get("x-requested-with") == "XMLHttpRequest" or (
            "application/json" in request.headers.get("accept", "")
        ):
            return JsonResponse({"success": False, "error_message": exception.message}, status=409)
        messages.error(request, exception.message)
        # The same confirmation screen, now with the reason at its top.
        return redirect(request.get_full_path())
