"""People and their roles: the custom user model (from the first migration), allauth
adapters, and the groups that stand for roles; the way in: the login guard on every password
check (``guard``), two-step verification (``mfa``) and the proxy check (``checks``).

Owns identity only. It must not know about curricula, groups of learners or progress.
"""
