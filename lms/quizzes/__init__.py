"""Quiz attempts and answers, scored on the server against the published quiz block, with
question text and pass mark snapshotted on each attempt.

Owns scoring and attempt records. It reads quiz definitions through ``curriculum.api``.
"""
