"""Settings come from the environment only, and fail loudly where a secret is missing."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_every_variable_the_settings_read_is_in_env_example():
    read = set(re.findall(r'env\.\w+\("([A-Z_]+)"', (ROOT / "tracker" / "settings.py").read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))
    assert read and read <= listed, read - listed


def test_missing_secret_key_outside_debug_stops_start_up_with_a_clear_error(tmp_path):
    result = _check(DEBUG="0", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_embedded_default_starts_with_nothing_but_debug(tmp_path):
    result = _check(DEBUG="1", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "celery" / "queue").is_dir()
