"""StreamField blocks, one module per family, composed in ``streams``.

Facilitator-only material lives in ``facilitation`` and is used only by the session's
facilitator guide, never by the learner content stream.
"""
