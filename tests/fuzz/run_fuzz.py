"""`make fuzz`: schemathesis against a running Partnerhub, as a partner user and as a vendor manager.

It builds the demo programme in a fresh database, starts the production server (gunicorn, one worker) on
FUZZ_PORT, signs in through `POST /api/v1/auth/token/` as a partner user and as the vendor manager, and
runs schemathesis over every operation of the served OpenAPI schema with each token, the partner user
first (the manager's writes may end the partner's membership). It fails on any server error (5xx), any
answer whose body breaks its schema, any status code or content type the schema does not list.

Bounded and repeatable: schemathesis' phases FUZZ_PHASES (default examples,fuzzing), FUZZ_EXAMPLES generated
cases per operation (default 8), seed FUZZ_SEED (default 13, deterministic generation), and FUZZ_MAX_SECONDS for
each credential's run (default 300; a run stopped there fails). Configuration (environment):
FUZZ_PORT (default: a free port), FUZZ_DATABASE_URL (default: a new SQLite file in a temporary directory).

The server runs with throttles and the sign-in lockout far above what the run sends, so that a 429 never
depends on how fast the machine is; both are tested by the suite (tests/core/test_lockout.py, test_api.py).
Three operations would revoke the run's own token and are left out: signing out (`POST /auth/logout/`), revoking
one of one's tokens (`DELETE /auth/tokens/{id}/`, whose id schemathesis takes from the token list) and a
manager revoking a user's tokens; the suite tests all three.

Prints the counts: operations, test cases (requests), failures by check; exit status 1 on any failure.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = int(os.environ.get("FUZZ_PORT") or free_port())
BASE_URL = f"http://127.0.0.1:{PORT}"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
SEED = int(os.environ.get("FUZZ_SEED", "13"))
MAX_SECONDS = int(os.environ.get("FUZZ_MAX_SECONDS", "300"))
# The schema's examples and FUZZ_EXAMPLES generated cases per operation (valid and invalid ones). The coverage
# phase (boundary values of every parameter, thousands of requests) is for a deeper run: FUZZ_PHASES=…,coverage.
PHASES = os.environ.get("FUZZ_PHASES", "examples,fuzzing")
# What each check finds, as the counts name it.
KINDS = {
    "not_a_server_error": "server errors",
    "status_code_conformance": "undocumented status codes",
    "content_type_conformance": "undocumented content types",
    "response_schema_conformance": "bodies breaking their schema",
}
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)
# The operations that would revoke the token the run signs in with (tested in the suite instead).
EXCLUDED_PATHS = r"/auth/logout/$|/auth/tokens/[^/]+/$|/users/[^/]+/revoke-tokens/$"

WORKDIR = Path(tempfile.mkdtemp(prefix="partnerhub-fuzz-"))
ENVIRONMENT = {
    **os.environ,
    "DATABASE_URL": os.environ.get("FUZZ_DATABASE_URL", f"sqlite:///{WORKDIR / 'fuzz.sqlite3'}"),
    "DATA_DIR": str(WORKDIR),
    "DEVELOPMENT": "1",
    "DEBUG": "0",
    "PORT": str(PORT),
    "WEB_CONCURRENCY": "1",
    "GUNICORN_THREADS": "1",
    "API_THROTTLE_ANON": "100000/minute",
    "API_THROTTLE_USER": "100000/minute",
    "LOGIN_FAILURE_LIMIT": "100000",
    "LOG_FORMAT": "text",
}


def main() -> int:
    demo_logins = prepare_database()
    log = (WORKDIR / "server.log").open("w")
    server = subprocess.Popen([BIN / "partnerhub", "serve"], env=ENVIRONMENT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(server)
        partner_user = next(login for login in demo_logins if login[0] == "partner")
        manager = next(login for login in demo_logins if login[0] == "manager")
        results = [fuzz(name, token_for(username, password)) for name, username, password in (partner_user, manager)]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    failures: Counter[str] = sum((result["failures"] for result in results), Counter())
    counted = ", ".join(f"{count} {kind}" for kind, count in sorted(failures.items())) or "none"
    print(
        f"\nfuzz total: {max(result['operations'] for result in results)} operations, "
        f"{sum(result['requests'] for result in results)} requests; failures: {counted}"
        f" (server log: {WORKDIR / 'server.log'})"
    )
    return 1 if failures or any(result["timed_out"] for result in results) else 0


def prepare_database() -> list[tuple[str, str, str]]:
    """Migrate, load the policy, build the demo; the demo's sign-ins as (role, user name, password)."""
    for command in (["migrate", "--noinput", "-v", "0"], ["load_policy"]):
        subprocess.run([BIN / "partnerhub", *command], env=ENVIRONMENT, check=True, stdout=subprocess.DEVNULL)
    printed = subprocess.run(
        [BIN / "partnerhub", "demo"], env=ENVIRONMENT, check=True, capture_output=True, text=True
    ).stdout
    return re.findall(r"^demo login: (\S+) (\S+) / (\S+)$", printed, flags=re.MULTILINE)


def wait_until_ready(server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (see {WORKDIR / 'server.log'})")
        try:
            with urllib.request.urlopen(f"{BASE_URL}/readyz", timeout=5):
                return
        except OSError:  # not listening yet, or still starting its worker
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer /readyz within 180 s (see {WORKDIR / 'server.log'})")


def token_for(username: str, password: str) -> str:
    request = urllib.request.Request(
        f"{BASE_URL}/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["token"])


def fuzz(name: str, token: str) -> dict[str, Any]:
    report = WORKDIR / f"{name}.ndjson"
    command = [
        str(BIN / "st"),
        "run",
        f"{BASE_URL}/api/v1/schema/",
        "--url",
        BASE_URL,
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--no-shrink",
        "--workers",
        "1",
        "--phases",
        PHASES,
        "--request-timeout",
        "30",
        "--continue-on-failure",
        "--suppress-health-check",
        "all",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--exclude-path-regex",
        EXCLUDED_PATHS,
        "--no-color",
        "--output-truncate",
        "true",
    ]
    print(f"\n==== schemathesis as the {name} (seed {SEED}, {EXAMPLES} examples per operation) ====", flush=True)
    try:
        # In the temporary directory: schemathesis keeps files of its own in the working directory.
        subprocess.run(command, env=ENVIRONMENT, check=False, timeout=MAX_SECONDS, cwd=WORKDIR)
    except subprocess.TimeoutExpired:
        print(f"fuzz as the {name}: stopped after FUZZ_MAX_SECONDS={MAX_SECONDS} s, counted as a failure")
        return {**summarize(name, report), "timed_out": True}
    return {**summarize(name, report), "timed_out": False}


def summarize(name: str, report: Path) -> dict[str, Any]:
    """Counts from schemathesis' event log: operations, requests sent, and the distinct failures per kind.

    A failure is counted once per operation, check and message (e.g. "POST /deals/, undocumented status code,
    Received: 401"), however many requests showed it.
    """
    operations: set[str] = set()
    requests = 0
    failures: set[tuple[str, str, str]] = set()
    if not report.exists():
        raise SystemExit(f"fuzz as the {name}: schemathesis did not run (its report {report} is missing)")
    for line in report.read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        if " /" in recorder["label"]:  # "GET /api/v1/…", not a phase's own scenario
            operations.add(recorder["label"])
        requests += sum(1 for interaction in recorder.get("interactions", {}).values() if interaction.get("response"))
        for checks in recorder.get("checks", {}).values():
            for check in checks:
                if check["status"] == "failure":
                    message = check["failure_info"]["failure"]["message"].splitlines()[0]
                    failures.add((KINDS.get(check["name"], check["name"]), recorder["label"], message))
    kinds = Counter(kind for kind, _, _ in failures)
    counted = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "none"
    print(f"fuzz as the {name}: {len(operations)} operations, {requests} requests; failures: {counted}")
    for kind, operation, message in sorted(failures):
        print(f"  {kind}: {operation}: {message}")
    return {"operations": len(operations), "requests": requests, "failures": kinds}


if __name__ == "__main__":
    sys.exit(main())
