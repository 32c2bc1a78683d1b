"""Rumo's versioned HTTP API for the phone: sync of events recorded offline (``v1``).

Owns the record of which synced events the server holds (so each is applied once) and the
checks every event passes before it reaches a service. It applies nothing itself: progress,
quizzes, portfolio and attendance services do, exactly as for the pages' own forms.
"""
