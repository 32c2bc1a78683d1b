"""Production static files are compressed and cache-busted (hashed names)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "s" * 50,
        "DJANGO_ALLOWED_HOSTS": "rumo.example.org",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    css = [p.name for p in (tmp_path / "lms").glob("site.*.css")]
    assert css, "no hashed site.css"
    assert (tmp_path / "lms" / f"{css[0]}.gz").exists()
    assert list((tmp_path / "lms").glob("session.*.js.gz"))
