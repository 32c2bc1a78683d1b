"""Learners' data rights: "my data" (download everything Rumo holds about me, delete my
account), leaving a group and a facilitator removing a member, the privacy notice, and the
retention of visit logs.

It owns one policy table (``policy.py``) that says, for every model pointing at a user, what
the download shows and what deleting an account does; a test fails when a model is missing.
It must not hold learning records itself: it reads and erases the apps' rows through that
table, never by reaching into their services."""
