# The facilitator screens' small programme: a curriculum, a group, its facilitator, members.
from tests.lms.facilitation.conftest import (  # noqa: F401
    curriculum,
    facilitator,
    group,
    manager,
    members,
    other_facilitator,
    outlines,
    roles,
)
