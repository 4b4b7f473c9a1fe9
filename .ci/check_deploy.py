"""Run `manage.py check --deploy` with the production settings of .env.example.

The placeholder secret key is swapped for a random one (start-up refuses the
placeholder); everything else is the file as shipped. Any warning fails.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env_example():
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def main():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level"]
    result = subprocess.run(
        [*command, "WARNING"], cwd=ROOT, env={**clean, **env_example()}, check=False
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
