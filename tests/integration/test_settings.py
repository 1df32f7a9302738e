import os
import subprocess
import sys


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "SME2GO_ENV")}
    return subprocess.run(
        [sys.executable, "-c", "import sme2go.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"],
        env={**clean, **env}, capture_output=True, text=True,
    )


def test_it_refuses_production_without_a_secret_key():
    result = run_settings(SME2GO_ENV="production", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_debug_in_production():
    result = run_settings(SME2GO_ENV="production", DEBUG="1", SECRET_KEY="x" * 40)
    assert result.returncode != 0
    assert "DEBUG must be 0" in result.stderr


def test_it_starts_in_production_with_a_secret_and_debug_off():
    result = run_settings(SME2GO_ENV="production", DEBUG="0", SECRET_KEY="x" * 40)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_it_uses_sqlite_under_sme2go_home_by_default(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", "import sme2go.settings as s; print(s.DATABASES['default']['NAME'])"],
        env={**clean, "SME2GO_HOME": str(tmp_path)}, capture_output=True, text=True,
    )
    assert result.stdout.strip() == str(tmp_path / "sme2go.sqlite3")
