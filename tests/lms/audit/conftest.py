"""The facilitator screens' small programme (a group, its facilitator, three members, a
programme manager), shared with the audit tests."""

from tests.lms.facilitation.conftest import (  # noqa: F401  (fixtures)
    curriculum,
    facilitator,
    group,
    manager,
    members,
    outlines,
    roles,
)
