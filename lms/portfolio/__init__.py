"""What learners write: reflections (private unless shared with the facilitator) and the
life plan built across sessions.

Owns the learner's own writing. Nothing here is visible to anyone but its author unless the
author shares it.
"""
