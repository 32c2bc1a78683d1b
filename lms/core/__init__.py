"""A tiny shared kit: timestamps and role names and checks.

Owns nothing of its own in the database. It must not grow into a dumping ground: code that
belongs to one app lives in that app.
"""
