"""What gunicorn's master loads before forking: every URL and view module and the catalogues,
without opening a database connection the workers would inherit."""

import sys

from django.db import connections

from lms.deploy.preload import worker_state_preload


def test_the_master_loads_views_and_catalogues_without_touching_the_database():
    from django.utils.translation import trans_real

    for connection in connections.all():  # whatever an earlier test in this process opened
        connection.close()
    worker_state_preload()
    assert {"pt-br", "es"} <= set(trans_real._translations)
    assert "lms.participants.views" in sys.modules
    assert all(connection.connection is None for connection in connections.all())
