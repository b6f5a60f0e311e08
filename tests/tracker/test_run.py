"""What ``make run`` starts: the address its processes agree on, and nothing written outside var/."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HONCHO = Path(sys.executable).parent / "honcho"


def test_the_worker_and_beat_see_the_port_the_web_serves(tmp_path):
    """honcho hands each process a PORT of its own; the links the worker writes must name the web's."""
    # What make run would do (-n: only say it; -o demo: without the set-up before), outside any
    # make this test runs under, whose variables would come along in MAKEFLAGS.
    outside = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    honcho_line = subprocess.run(
        ["make", "-n", "-o", "demo", "run", "PORT=8123"], cwd=ROOT, env=outside, capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()[-1]  # fmt: skip
    passed = dict(re.findall(r"\b([A-Z_]+)=(\S+)", honcho_line))  # WEB_PORT=8123 (and PATH, replaced below)
    # Stand-ins for python and celery that say what they were given, then stop.
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in ("python", "celery"):
        (stubs / name).write_text('#!/bin/sh\necho "$* PORT=$PORT"\nsleep 1\n')
        (stubs / name).chmod(0o755)
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": "8123", **passed, "PATH": f"{stubs}:{os.environ['PATH']}"}
    shown = subprocess.run(
        [HONCHO, "-f", ROOT / "Procfile", "-d", ROOT, "start", "--no-colour"],
        env=env,
        capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    said = dict(re.findall(r"(web|worker|beat)\.1\s*\| (.*)", shown))
    assert said["web"].startswith("manage.py runserver 127.0.0.1:8123"), shown
    assert said["worker"].endswith("PORT=8123") and said["beat"].endswith("PORT=8123"), shown


def test_celery_control_messages_leave_nothing_in_the_current_directory(tmp_path):
    """kombu's filesystem transport keeps its exchanges' bindings in a folder, by default ./control."""
    cwd, var = tmp_path / "cwd", tmp_path / "var"
    cwd.mkdir()
    ping = "from tracker.celery import app; app.control.ping(timeout=0.2)"
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(var)}
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, ROOT / "manage.py", "shell", "-c", ping], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "No hostname was supplied" not in result.stderr  # kombu's warning at every connection
    assert list(cwd.iterdir()) == []
    assert list((var / "celery" / "control").iterdir())  # the bindings are there instead
