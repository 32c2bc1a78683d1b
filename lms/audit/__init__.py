"""The audit trail: who did what to whose account, when, and from where.

Owns one table of events, the service every app calls to write one (``audit_record``), and
the admin report that shows them. It sits just above ``core`` so every app may write to it;
it must not import any other lms app (it learns of users through the user model's setting,
and of people's actions through the calls and signals of the apps that own them).
"""
