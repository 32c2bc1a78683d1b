class EventRefused(Exception):
    """The event is well formed but cannot apply (unknown session or block, a quiz answer
    that does not fit, a learner not in the group): refused for good, nothing saved."""
