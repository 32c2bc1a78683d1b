"""Progress from a browser's script: values that are not finite numbers change nothing."""

import math

from lms.progress.services import block_progress_record


def test_nan_and_infinity_are_not_stored(learner, outline):
    block_id = outline.tracked[0].id
    row = block_progress_record(
        learner=learner, outline=outline, block_id=block_id, progress=0.5, position_seconds=30
    )
    for value in (math.nan, math.inf, -math.inf):
        row = block_progress_record(
            learner=learner,
            outline=outline,
            block_id=block_id,
            progress=value,
            position_seconds=value,
        )
        row.refresh_from_db()
        assert (row.progress, row.position_seconds) == (0.5, 30), value
