"""Pieces of Rumo's allauth adapter (``lms.accounts.adapter.AccountAdapter``) that have
nothing to do with where people land after logging in."""

from __future__ import annotations

import html

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from lms.core.messages import localised_text


class LocalisedMessagesMixin:
    """allauth writes its messages ("signed in as…") from templates when it queues them, in
    the language of the page that queued them; the next page may be in another language
    (a learner who picked Spanish while signing up on a Portuguese page). Write them in
    every language and let the page that shows them pick (``lms.core.messages``)."""

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        if message is None and message_template:
            try:
                message = localised_text(
                    lambda: html.unescape(
                        render_to_string(message_template, message_context or {}, request).strip()
                    )
                )
            except TemplateDoesNotExist:
                return
            if not message:
                return
        super().add_message(request, level, extra_tags=extra_tags, message=message)


class PasswordChoiceMixin:
    """A password the person chose (changed, set, or reset by e-mail) replaces one a
    facilitator gave out: no change is asked for any more."""

    def set_password(self, user, password):
        user.must_change_password = False
        return super().set_password(user, password)
