"""Settings come from the environment only, and fail loudly where a secret is missing."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_every_variable_the_settings_read_is_in_env_example():
    modules = ("settings.py", "limits.py")  # settings takes every name of limits
    read = {name for m in modules for name in re.findall(r'env\.\w+\("([A-Z_]+)"', (ROOT / "tracker" / m).read_text())}
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


def _env_example_value(name: str) -> str:
    return re.search(rf"^{name}=(.*)$", (ROOT / ".env.example").read_text(), flags=re.M)[1]


def test_the_env_example_secret_key_is_refused_outside_debug(tmp_path):
    result = _check(DEBUG="0", SECRET_KEY=_env_example_value("SECRET_KEY"), VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is the published example value" in result.stderr


def test_a_secret_key_shorter_than_50_characters_is_refused_outside_debug(tmp_path):
    result = _check(DEBUG="0", SECRET_KEY=secrets.token_hex(49)[:49], VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is 49 characters long" in result.stderr


def test_a_random_secret_key_as_ci_makes_it_starts_outside_debug(tmp_path):
    result = _check(DEBUG="0", SECRET_KEY=f"ci-{secrets.token_hex(32)}", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_redis_cache_url_gives_djangos_own_redis_cache(tmp_path):
    """django-environ would map redis:// to django-redis were it installed; it is not a dependency."""
    show = "from django.conf import settings; print(settings.CACHES['default'])"
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path), "CACHE_URL": "redis://127.0.0.1:6379/14"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    cache = result.stdout.splitlines()[-1]
    assert "'BACKEND': 'django.core.cache.backends.redis.RedisCache'" in cache
    assert "'LOCATION': 'redis://127.0.0.1:6379/14'" in cache


def _settings(*names: str, **env) -> list:
    """The values of settings ``names`` as the environment ``env`` (and DEBUG) gives them."""
    unset = ("SITE_URL", "HOST", "PORT", "EMAIL_URL", "CELERY_BROKER_URL")  # the embedded default
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    show = f"import json; from django.conf import settings as s; print(json.dumps([getattr(s, n) for n in {names!r}]))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=ROOT, env={**clean, "DEBUG": "1", **env}, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_links_in_emails_name_the_address_make_run_serves_when_site_url_is_unset(tmp_path):
    assert _settings("SITE_URL", VAR_DIR=str(tmp_path), PORT="8123") == ["http://127.0.0.1:8123"]
    assert _settings("SITE_URL", VAR_DIR=str(tmp_path), HOST="::1", PORT="8123") == ["http://[::1]:8123"]
    assert _settings("SITE_URL", VAR_DIR=str(tmp_path), HOST="[::1]") == ["http://[::1]:8000"]


def test_an_explicit_site_url_wins_over_host_and_port(tmp_path):
    env = {"VAR_DIR": str(tmp_path), "PORT": "8123", "SITE_URL": "https://tracker.example.org"}
    assert _settings("SITE_URL", **env) == ["https://tracker.example.org"]


def test_the_embedded_default_keeps_broker_folders_beat_schedule_and_mail_files_under_var(tmp_path):
    options, schedule, mail, backend = _settings(
        "CELERY_BROKER_TRANSPORT_OPTIONS", "CELERY_BEAT_SCHEDULE_FILENAME", "EMAIL_FILE_PATH", "EMAIL_BACKEND",
        VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert set(options) == {"data_folder_in", "data_folder_out", "control_folder"}
    assert all(Path(folder).is_relative_to(tmp_path) and Path(folder).is_dir() for folder in options.values())
    assert Path(schedule).parent == tmp_path and Path(mail).parent == tmp_path
    assert backend == "tracker.mailfiles.EmailBackend"  # one file per message, named by recipient and subject
