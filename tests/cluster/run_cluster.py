"""`make cluster-test`: Partnerhub as several hosts run it, on this machine, against PostgreSQL and Redis.

It starts two application servers (gunicorn, two ports), one Celery worker (`partnerhub worker`, its
metrics served on a port) and the scheduler (beat), an SMTP sink, a webhook receiver and a Redis of its own
(broker, results and cache; the machine's Redis is left alone), and proves, printing one line per check:

1. 40 concurrent registrations of one opportunity, spread over both servers, and 40 concurrent approvals
   of them give exactly one approved winner;
2. several messages queued while the SMTP server is down are each delivered once when it is back;
3. webhook deliveries to a receiver that fails twice arrive once each, signed, in order per partner;
4. a tick started on both hosts at once does its work once (and a tick while another holds the lock skips);
5. a worker killed in the middle of an evaluation run (at a checkpoint after its last scorecard is written,
   before its commit) leaves no partial scorecards; the job runs again whole;
6. the metrics add up over processes: each server's requests, the worker's jobs, deliveries and ticks;
7. /readyz answers 503 on both servers while Redis is stopped, and 200 again once it is back.

Configuration (environment): CLUSTER_DATABASE (default partnerhub_cluster, dropped and created afresh),
CLUSTER_POSTGRES (the server, default postgres://postgres@127.0.0.1:5432), CLUSTER_PORTS (the two
servers' ports, e.g. 8105,8115; free ports the system chooses by default, as for everything else).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
DATABASE = os.environ.get("CLUSTER_DATABASE", "partnerhub_cluster")
POSTGRES = os.environ.get("CLUSTER_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    """A port nothing listens on now, chosen by the system (for the services only this test talks to)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT_A, PORT_B = (
    (int(port) for port in os.environ["CLUSTER_PORTS"].split(","))
    if os.environ.get("CLUSTER_PORTS")
    else (free_port(), free_port())
)
PORT_SMTP, PORT_HOOKS, PORT_REDIS, PORT_WORKER_METRICS = free_port(), free_port(), free_port(), free_port()
# The cluster's Redis is the test's own (the machine's is shared): db 0 the broker, db 1 results and cache.
BROKER = f"redis://127.0.0.1:{PORT_REDIS}/0"
RESULTS = f"redis://127.0.0.1:{PORT_REDIS}/1"
COMPETITORS = 40
REJECTED = 6
EVALUATED_PARTNERS = 6000
PAUSE_POINT = "before-commit"
TODAY = dt.date.today()  # noqa: DTZ011 - the servers' "today" (TIME_ZONE=UTC) is the machine's

WORKDIR = Path(tempfile.mkdtemp(prefix="partnerhub-cluster-"))
ENVIRONMENT = {
    **os.environ,
    "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
    "CELERY_BROKER_URL": BROKER,
    "CELERY_RESULT_BACKEND": RESULTS,
    "CACHE_URL": RESULTS,
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": str(PORT_SMTP),
    "EMAIL_TIMEOUT": "5",
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "INFO",
    "WEB_CONCURRENCY": "2",
    "TIME_ZONE": "UTC",
    "CELERY_BEAT_SCHEDULE_FILENAME": str(WORKDIR / "beat-schedule"),
}
ENVIRONMENT.pop("REDIS_URL", None)

started_at = time.monotonic()
processes: list[subprocess.Popen[bytes]] = []
checks_passed = 0


def say(line: str) -> None:
    print(f"[{time.monotonic() - started_at:6.1f}s] {line}", flush=True)


def check(condition: bool, what: str) -> None:
    global checks_passed
    if not condition:
        raise AssertionError(what)
    checks_passed += 1
    say(f"ok: {what}")


def start(name: str, args: list[str], **extra: str) -> subprocess.Popen[bytes]:
    log = (WORKDIR / f"{name}.log").open("wb")
    process = subprocess.Popen(args, env=ENVIRONMENT | extra, stdout=log, stderr=subprocess.STDOUT)
    processes.append(process)
    return process


def run(args: list[str], **extra: str) -> str:
    result = subprocess.run(args, env=ENVIRONMENT | extra, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(what: str, condition: Callable[[], bool], timeout: float = 90, every: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def http(method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        # Long: the registrations of one opportunity wait for each other's row lock, one after the other.
        with urllib.request.urlopen(request, timeout=240) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw.decode(errors="replace")
    except OSError as error:
        return 0, str(error)


def answers(url: str) -> bool:
    return http("GET", url)[0] == 200


# -- the local services the test starts ---------------------------------------------------------------------


class Receiver:
    """A webhook endpoint that answers 500 to its first two requests, then 204, keeping what it got."""

    def __init__(self, port: int, fail_first: int = 2) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.requests = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests += 1
                if receiver.requests <= fail_first:
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.received.append((dict(self.headers.items()), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


class SmtpSink:
    """An SMTP server (aiosmtpd) keeping every message it accepts."""

    def __init__(self, port: int) -> None:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per SMTP command

        self.messages: list[bytes] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.messages.append(envelope.content)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def start_redis() -> subprocess.Popen[bytes]:
    process = start(
        "redis", ["redis-server", "--port", str(PORT_REDIS), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    )
    import redis

    wait_for("the cluster's Redis", lambda: _pings(redis.Redis.from_url(BROKER)), 30)
    return process


def _pings(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


# -- setting up ----------------------------------------------------------------------------------------------


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def setup_django() -> None:
    os.environ.update(ENVIRONMENT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerhub.config.settings"
    import django

    django.setup()


PARTNER_FIELDS = {
    "classification": "alliance",
    "status": "registered",
    "territories": ["DE", "FR"],
    "approved_on": TODAY.replace(year=TODAY.year - 1, month=3, day=1),
}


def seed() -> dict[str, Any]:
    """A manager, and COMPETITORS registered partners with a representative each."""
    from django.contrib.auth.models import Group, User
    from knox.models import AuthToken

    from partnerhub.core.permissions import MANAGER_GROUP
    from partnerhub.partners.models import Partner, PartnerKind, PartnerUser

    manager = User.objects.create_user("maria", email="maria@vendor.example", password="cluster-test-only")
    manager.groups.add(Group.objects.get_or_create(name=MANAGER_GROUP)[0])
    common = PARTNER_FIELDS | {"kind": PartnerKind.COMPANY}
    competitors = Partner.objects.bulk_create(
        Partner(name=f"Competitor {number:02d}", contact_email=f"sales{number}@competitor.example", **common)
        for number in range(COMPETITORS)
    )
    tokens = []
    for partner in competitors:
        user = User.objects.create_user(f"rep{partner.pk}", email=f"rep{partner.pk}@competitor.example")
        PartnerUser.objects.create(user=user, partner=partner, representative=True)
        tokens.append(AuthToken.objects.create(user)[1])
    return {
        "manager_token": AuthToken.objects.create(manager)[1],
        "competitors": [partner.pk for partner in competitors],
        "tokens": tokens,
        "renewal_year": TODAY.year + 1,
    }


def seed_evaluated() -> None:
    """EVALUATED_PARTNERS more partners, so that an evaluation takes long enough to be killed half way."""
    from partnerhub.partners.models import Partner, PartnerKind

    Partner.objects.bulk_create(
        (
            Partner(name=f"Evaluated {number:05d}", kind=PartnerKind.COMPANY, **PARTNER_FIELDS)
            for number in range(EVALUATED_PARTNERS)
        ),
        batch_size=2000,
    )


# -- the checks ----------------------------------------------------------------------------------------------


def servers() -> list[str]:
    return [f"http://127.0.0.1:{PORT_A}", f"http://127.0.0.1:{PORT_B}"]


def check_one_winner(data: dict[str, Any]) -> list[int]:
    from partnerhub.deals.models import Registration, RegistrationStatus

    def register(index: int) -> tuple[int, Any]:
        return http(
            "POST",
            f"{servers()[index % 2]}/api/v1/deals/",
            {
                "end_customer": "Globex Corporation",
                "opportunity": "Amelia rollout",
                "country": "DE",
                "estimated_value": "125000.00",
                "contact_email": f"buyer{index}@globex.example",
                "consent_confirmed": True,
            },
            token=data["tokens"][index],
        )

    with concurrent.futures.ThreadPoolExecutor(COMPETITORS) as pool:
        registered = list(pool.map(register, range(COMPETITORS)))
    statuses = sorted({status for status, _ in registered})
    check(statuses == [201], f"{COMPETITORS} concurrent registrations over both servers: all 201 (got {statuses})")
    ids = [body["id"] for _, body in registered]
    check(
        Registration.objects.filter(pk__in=ids).values("opportunity").distinct().count() == 1,
        "all of them are registrations of one opportunity",
    )

    def approve(index: int) -> int:
        url = f"{servers()[index % 2]}/api/v1/deals/{ids[index]}/approve/"
        return http("POST", url, {}, token=data["manager_token"])[0]

    with concurrent.futures.ThreadPoolExecutor(COMPETITORS) as pool:
        approvals = list(pool.map(approve, range(COMPETITORS)))
    winners = Registration.objects.filter(pk__in=ids, status=RegistrationStatus.APPROVED)
    check(
        approvals.count(200) == 1 and all(status in (409, 422) for status in approvals if status != 200),
        f"{COMPETITORS} concurrent approvals: one 200, the others 409/422 "
        f"({approvals.count(409)} were 409, {approvals.count(422)} were 422)",
    )
    check(winners.count() == 1, "exactly one approved registration in the database")
    return ids


def check_tick_once(data: dict[str, Any]) -> None:
    from partnerhub.billing.models import Invoice
    from partnerhub.core.locks import exclusive
    from partnerhub.core.tasks import tick
    from partnerhub.core.tick import TICK_LOCK, TICK_LOCK_TTL

    as_of = f"{data['renewal_year']}-01-01"
    with exclusive(TICK_LOCK, ttl=TICK_LOCK_TTL) as held:
        assert held
        output = run([str(BIN / "partnerhub"), "tick", "--as-of", as_of])
    check("skipped, another tick is running" in output, "a tick while another holds the lock skips and says so")

    ticks = [
        subprocess.Popen(
            [str(BIN / "partnerhub"), "tick", "--as-of", as_of],
            env=ENVIRONMENT | {"HOSTNAME": host},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for host in ("host-a", "host-b")
    ]
    outputs = [tick.communicate(timeout=300)[0] for tick in ticks]
    check(all(tick.returncode == 0 for tick in ticks), "both ticks ended well")
    summaries = [output.strip().splitlines()[-1] for output in outputs]
    say(f"   the two ticks said: {summaries}")
    renewals = Invoice.objects.filter(program_year=data["renewal_year"]).count()
    partners_renewed = Invoice.objects.filter(program_year=data["renewal_year"]).values("partner").distinct().count()
    check(
        renewals == partners_renewed == COMPETITORS,
        f"the renewal was done once: {renewals} invoices for {partners_renewed} partners",
    )
    changed = [summary for summary in summaries if "skipped" not in summary and not summary.endswith(": 0 change(s)")]
    check(len(changed) == 1, "one tick did the work; the other skipped it or found nothing left to do")
    queued = tick.delay(as_of).get(timeout=300)
    check(
        queued == {"as_of": as_of, "ran": True, "changes": 0},
        f"a third tick, through the queue on the worker, finds nothing left to do ({queued})",
    )


def check_killed_evaluation(worker: subprocess.Popen[bytes]) -> None:
    """The worker runs with JOB_PAUSE_AT at the evaluation's "before-commit" checkpoint: its first attempt
    writes every scorecard in its transaction and waits there, uncommitted, for the kill."""
    from django.contrib.auth.models import User

    from partnerhub.core.background import paused_at, progress_of
    from partnerhub.core.models import Job, JobStatus
    from partnerhub.evaluations.background import start_evaluation
    from partnerhub.evaluations.models import EvaluationRun, Scorecard

    period_end = _last_ended_quarter()
    job = start_evaluation(period=period_end, as_of=TODAY, rerun=False, user=User.objects.get(username="maria"))
    wait_for("the evaluation to reach its checkpoint before the commit", partial(paused_at, job, PAUSE_POINT), 240)
    scored = progress_of(job)
    check(
        scored is not None and scored[0] == scored[1] > EVALUATED_PARTNERS,
        f"the first attempt scored every partner and waits before its commit ({scored}, scored of all)",
    )
    check(
        not Scorecard.objects.filter(run__period=period_end).exists() and _open_transactions() >= 1,
        "its scorecards are written in a transaction still open, none committed",
    )
    children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False)
    for pid in children.stdout.split():
        os.kill(int(pid), signal.SIGKILL)
    say(f"   killed the worker's processes {children.stdout.split()} there")
    wait_for("PostgreSQL to end the killed transaction", lambda: _open_transactions() == 0, 30)
    left = Scorecard.objects.filter(run__period=period_end).count()
    runs_left = EvaluationRun.objects.filter(period=period_end).count()
    check(left == runs_left == 0, f"no partial scorecards after the kill: {left} scorecards, {runs_left} runs")
    wait_for("the job to run again and finish", lambda: Job.objects.get(pk=job.pk).status != JobStatus.RUNNING, 240)
    job.refresh_from_db()
    check(
        job.status == JobStatus.DONE and job.attempts == 2, f"the job ran again and is done (attempts {job.attempts})"
    )
    runs = list(EvaluationRun.objects.filter(period=period_end))
    check(len(runs) == 1, "one evaluation run of the quarter")
    cards = Scorecard.objects.filter(run__period=period_end).count()
    check(cards == runs[0].partners_count > EVALUATED_PARTNERS, f"the run is whole: {cards} scorecards")


def _open_transactions() -> int:
    """The cluster database's sessions other than this one that are inside a transaction."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state IN ('idle in transaction', 'idle in transaction (aborted)')"
        )
        return int(cursor.fetchone()[0])


def _last_ended_quarter() -> str:
    quarter = (TODAY.month - 1) // 3
    return f"{TODAY.year}Q{quarter}" if quarter else f"{TODAY.year - 1}Q4"


def check_mail_after_smtp_outage(data: dict[str, Any], ids: list[int]) -> None:
    """The approval's message, then REJECTED registrations rejected over both servers (each mails its
    partner), all while nothing listens on the SMTP port; then the sink starts."""
    from partnerhub.core.models import OutboundMail
    from partnerhub.deals.models import Registration, RegistrationStatus

    pending = OutboundMail.objects.filter(sent_at__isnull=True)
    losers = list(
        Registration.objects.filter(pk__in=ids, status=RegistrationStatus.PENDING).values_list("pk", flat=True)
    )[:REJECTED]
    rejected = [
        http(
            "POST",
            f"{servers()[index % 2]}/api/v1/deals/{registration}/reject/",
            {"reason": "The customer chose another partner."},
            token=data["manager_token"],
        )[0]
        for index, registration in enumerate(losers)
    ]
    check(rejected == [200] * REJECTED, f"{REJECTED} registrations rejected over both servers while SMTP is down")
    queued = {f"<{key}@partnerhub>" for key in OutboundMail.objects.values_list("key", flat=True)}
    wait_for("a failed attempt to send each message", lambda: not pending.filter(attempts=0).exists(), 90)
    check(
        len(queued) > REJECTED and pending.count() == len(queued),
        f"{len(queued)} messages queued while the SMTP server is down, each tried and failed at least once",
    )
    sink = SmtpSink(PORT_SMTP)
    try:
        wait_for("the mail to go out", lambda: not pending.exists(), 180)
        time.sleep(5)  # a duplicate would come from a retry already queued: give it time to arrive
        delivered = [_message_id(message) for message in sink.messages]
        check(set(delivered) == queued, f"every one of them delivered once the SMTP server is back: {len(delivered)}")
        check(len(delivered) == len(queued), "none of them twice")
        tries = sorted(OutboundMail.objects.values_list("attempts", flat=True))
        say(f"   attempts per message, the successful one included: {tries}")
    finally:
        sink.stop()


def _message_id(raw: bytes) -> str:
    import email

    return str(email.message_from_bytes(raw)["Message-ID"])


def check_webhooks(receiver: Receiver, secret: str, data: dict[str, Any]) -> None:
    from partnerhub.webhooks.models import Delivery, DeliveryStatus

    wait_for(
        "every webhook delivery",
        lambda: not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists(),
        120,
    )
    events = [json.loads(body) for _, body in receiver.received]
    expected = Delivery.objects.count()
    check(receiver.requests == expected + 2, f"the receiver failed twice, then took {expected} deliveries")
    check(len({event["id"] for event in events}) == len(events) == expected, "each event arrived once")
    check(all(_signed(secret, headers, body) for headers, body in receiver.received), "every delivery is signed")
    per_partner: dict[int, list[str]] = {}
    for event in events:
        per_partner.setdefault(event["partner"]["id"], []).append(event["created"])
    check(
        all(times == sorted(times) for times in per_partner.values()),
        f"in order per partner ({len(per_partner)} partners)",
    )
    kinds = sorted({event["type"] for event in events})
    say(f"   event types delivered: {kinds}")


def _signed(secret: str, headers: dict[str, str], body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in headers["Partnerhub-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def check_readyz_follows_redis(redis_process: subprocess.Popen[bytes]) -> None:
    """Both servers are ready, not ready while the cluster's Redis (cache and broker) is stopped, ready after."""
    urls = [f"{server}/readyz" for server in servers()]
    check(all(http("GET", url)[0] == 200 for url in urls), "both servers are ready while Redis runs")
    redis_process.terminate()
    redis_process.wait(timeout=30)
    for url in urls:
        started = time.monotonic()
        status, body = http("GET", url)
        check(
            status == 503 and body["checks"] == {"database": "ok", "cache": "unavailable", "broker": "unavailable"},
            f"{url}: 503 while Redis is stopped, naming the cache and the broker "
            f"(answered in {time.monotonic() - started:.1f} s)",
        )
    start_redis()
    for url in urls:
        wait_for(f"{url} to be ready again", partial(answers, url), 30)
    check(True, "both servers answer 200 again once Redis is back")


def metric(url: str, name: str, **labels: str) -> float:
    """The sum of the samples `name` with these labels in the Prometheus text at `url` (0 when none)."""
    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(url, timeout=30) as response:
        text = response.read().decode()
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(key) == value for key, value in labels.items())
    )


def check_metrics() -> None:
    """The metrics of each server add up its gunicorn workers; the worker's add up its pool processes."""
    from partnerhub.webhooks.models import Delivery

    created = sum(
        metric(f"{server}/metrics", "django_http_responses_total_by_status_total", status="201") for server in servers()
    )
    check(
        created == COMPETITORS + 1,
        f"the servers' /metrics count every 201 over their workers: {created:.0f} "
        f"({COMPETITORS} registrations and the webhook endpoint)",
    )
    worker = f"http://127.0.0.1:{PORT_WORKER_METRICS}/metrics"
    evaluations = metric(worker, "partnerhub_jobs_total", job="partnerhub.run_job", outcome="ok")
    mails = metric(worker, "partnerhub_jobs_total", job="partnerhub.deliver_mail")
    durations = metric(worker, "partnerhub_job_duration_seconds_count", job="partnerhub.run_job")
    check(
        evaluations == 1 and durations >= 1 and mails >= 2,
        f"the worker's metrics: {evaluations:.0f} evaluation job done (the killed attempt never ended), "
        f"{durations:.0f} timed, {mails:.0f} mail job run(s) (retries included: the SMTP sink is gone after its check)",
    )
    delivered = metric(worker, "partnerhub_webhook_deliveries_total", outcome="delivered")
    retried = metric(worker, "partnerhub_webhook_deliveries_total", outcome="retry")
    check(
        delivered == Delivery.objects.count() and retried == 2,
        f"webhook deliveries counted: {delivered:.0f} delivered, {retried:.0f} to retry",
    )
    ticks = metric(worker, "partnerhub_tick_runs_total", outcome="done")
    check(ticks >= 1, f"the tick the worker ran is counted ({ticks:.0f} done)")


@contextmanager
def cluster() -> Iterator[subprocess.Popen[bytes]]:
    partnerhub = str(BIN / "partnerhub")
    celery = str(BIN / "celery")
    start("web-a", [partnerhub, "serve"], BIND=f"127.0.0.1:{PORT_A}")
    start("web-b", [partnerhub, "serve"], BIND=f"127.0.0.1:{PORT_B}")
    worker = start(
        "worker",
        [partnerhub, "worker", "--", "--concurrency", "2", "--hostname", "cluster@%h"],
        WORKER_METRICS_PORT=str(PORT_WORKER_METRICS),
        JOB_PAUSE_AT=f"partnerhub.evaluations.background.evaluate:{PAUSE_POINT}",
    )
    start("beat", [celery, "-A", "partnerhub.config.celery", "beat", "--schedule", str(WORKDIR / "beat-schedule")])
    try:
        for url in servers():
            wait_for(f"{url}/healthz", partial(answers, f"{url}/healthz"), 120)
        yield worker
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> int:
    say(f"logs in {WORKDIR}")
    redis_process = start_redis()
    fresh_database()
    run([str(BIN / "partnerhub"), "migrate", "--noinput", "-v", "0"])
    run([str(BIN / "partnerhub"), "load_policy"])
    say("database migrated, policy loaded")
    setup_django()
    data = seed()
    say(f"seeded {COMPETITORS} competing partners with a representative each")
    receiver = Receiver(PORT_HOOKS)
    failed = False
    try:
        with cluster() as worker:
            say("two servers, a worker and the scheduler are up")
            status, endpoint = http(
                "POST",
                f"{servers()[0]}/api/v1/webhooks/endpoints/",
                {"url": f"http://127.0.0.1:{PORT_HOOKS}/hooks", "events": ["deal.registered", "deal.approved"]},
                token=data["manager_token"],
            )
            check(status == 201, "a webhook endpoint is registered through the API")
            ids = check_one_winner(data)
            check_mail_after_smtp_outage(data, ids)
            check_webhooks(receiver, endpoint["secret"], data)
            check_tick_once(data)
            seed_evaluated()
            check_killed_evaluation(worker)
            check_metrics()
            check_readyz_follows_redis(redis_process)
            beat_log = (WORKDIR / "beat.log").read_text()
            say(f"   the scheduler sent {beat_log.count('Sending due task')} due task(s) meanwhile")
    except Exception as error:
        failed = True
        say(f"FAILED: {type(error).__name__}: {error}")
        for log in sorted(WORKDIR.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-15:]
            print(f"--- {log.name} (last lines)", *tail, sep="\n")
    finally:
        receiver.stop()
        for process in processes:
            if process.poll() is None:
                process.terminate()
    if failed:
        say(f"cluster test FAILED; logs kept in {WORKDIR}")
        print(f"cluster: {checks_passed} passed, 1 failed")
        return 1
    shutil.rmtree(WORKDIR, ignore_errors=True)
    print(f"cluster: {checks_passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
