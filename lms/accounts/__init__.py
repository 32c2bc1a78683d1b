"""People and their roles: the custom user model (from the first migration), allauth
adapters, and the groups that stand for roles.

Owns identity only. It must not know about curricula, groups of learners or progress.
"""
