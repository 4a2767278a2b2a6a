"""`make bench-pages` (`python -m bench.pages`): the everyday read paths at the reference size, on a server.

Reuses `make bench`'s programme (generated first if missing) and adds, once, what the read paths need
(`prepare`): a manager and a partner user, one partner with thousands of deals and people, invoices for
every partner, a saved evaluation run, a draft policy and pending work in every queue. Then it starts
gunicorn with two workers on the same database and measures, for every path of `read_paths` as a manager and
as a partner user: p50 and p95 over `--requests` requests, and the SQL queries of one request (counted in
process with Django's test client). Also the duplicate review, `POST /api/v1/deals/` throughput with
concurrent clients against the trivial `GET /api/v1/policy/versions/`, and the workers' peak memory.

Prints one line per path and last:
`bench pages: pages=N worst_p95_ms=X worst=NAME max_queries=Q dup_review_p95_ms=R deal_post_rps=D
ceiling_rps=E worker_peak_mib=M`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/partnerhub_bench"
MARKER = "partnerhub_bench_pages"
PREPARED = "2"
"""Bump when `prepare` adds something new: the additions are made again on a programme prepared before."""
MANAGER, PARTNER_USER = "bench-manager", "bench-partner"
BIG_PARTNER = 1
AS_OF = dt.date(2019, 9, 15)


@dataclass(frozen=True)
class ReadPath:
    name: str
    url: str
    who: str
    """"manager", "partner" or "visitor" (not signed in)."""


def read_paths(ids: dict[str, int]) -> list[ReadPath]:
    """Every portal page and API list and detail measured, for the objects named in `ids` (the big partner,
    one of its deals, people, invoices …, the saved run and one of its scorecards)."""
    p, deal, person, invoice = ids["partner"], ids["deal"], ids["person"], ids["invoice"]
    run, card = ids["run"], ids["scorecard"]
    partner_pages = [
        ("dashboard", f"/partners/{p}/"),
        ("partner deals", f"/partners/{p}/deals/"),
        ("partner people", f"/partners/{p}/people/"),
        ("partner invoices", f"/partners/{p}/invoices/"),
        ("partner benefits", f"/partners/{p}/benefits/"),
        ("partner notices", f"/partners/{p}/notices/"),
        ("partner history", f"/partners/{p}/history/"),
        ("deal", f"/deals/{deal}/"),
        ("person", f"/people/{person}/"),
        ("invoice", f"/invoices/{invoice}/"),
        ("inbox", "/inbox/"),
        ("inbox count", "/inbox/unread/"),
        ("benefit catalogue", "/benefits/"),
    ]
    api_both = [
        ("api partners", "/api/v1/partners/"),
        ("api partner", f"/api/v1/partners/{p}/"),
        ("api deals", "/api/v1/deals/"),
        ("api deals search", "/api/v1/deals/?search=helexjo"),
        ("api deal", f"/api/v1/deals/{deal}/"),
        ("api orders", "/api/v1/orders/"),
        ("api invoices", "/api/v1/invoices/"),
        ("api invoice", f"/api/v1/invoices/{invoice}/"),
        ("api people", "/api/v1/people/"),
        ("api person", f"/api/v1/people/{person}/"),
        ("api certifications", "/api/v1/certifications/"),
        ("api standing of a partner", f"/api/v1/partners/{p}/standing/?as_of={AS_OF}"),
        ("api due dates", f"/api/v1/partners/{p}/due-dates/?as_of={AS_OF}"),
        ("api referral fees", "/api/v1/referral-fees/"),
        ("api benefit requests", "/api/v1/benefit-requests/"),
        ("api trademark usages", "/api/v1/trademark-usages/"),
        ("api scorecards", f"/api/v1/evaluations/{run}/scorecards/"),
        ("api policy versions", "/api/v1/policy/versions/"),
    ]
    manager_only = [
        ("console", "/console/"),
        ("console partners", "/console/partners/"),
        ("console applications", "/console/applications/"),
        ("console deals", "/console/deals/"),
        ("console evaluations", "/console/evaluations/"),
        ("console evaluation", f"/console/evaluations/{run}/"),
        ("console scorecard", f"/console/evaluations/{run}/scorecards/{card}/"),
        ("console requests", "/console/requests/"),
        ("console reports", "/console/reports/"),
        ("console work", "/console/work/"),
        ("console invoices", "/console/invoices/"),
        ("console deadlines", "/console/deadlines/"),
        ("console outbox", "/console/outbox/"),
        ("api standing", f"/api/v1/standing/?as_of={AS_OF}"),
        ("api deal conflicts", "/api/v1/deals/conflicts/"),
        ("api work items", "/api/v1/work-items/"),
        ("api evaluations", "/api/v1/evaluations/"),
        ("api evaluation", f"/api/v1/evaluations/{run}/"),
        ("api policy drafts", "/api/v1/policy/drafts/"),
    ]
    paths = [ReadPath(f"{who}: {name}", url, who) for who in ("manager", "partner") for name, url in partner_pages]
    paths += [ReadPath(f"{who}: {name}", url, who) for who in ("manager", "partner") for name, url in api_both]
    paths += [ReadPath(f"manager: {name}", url, "manager") for name, url in manager_only]
    # The public directory, as a visitor who is not signed in sees it (its first page, and a search).
    public = [
        ("directory", "/directory/"),
        ("directory search", "/directory/?q=systems"),
        ("api directory", "/api/v1/directory/"),
        ("api directory search", "/api/v1/directory/?q=systems"),
    ]
    paths += [ReadPath(f"visitor: {name}", url, "visitor") for name, url in public]
    return paths


# -- the additions -----------------------------------------------------------------------------------------------


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.config.settings")
    import django

    django.setup()


def prepare(log: Callable[[str], None] = print) -> dict[str, int]:
    """Add what the read paths need to the reference programme (once; kept between runs), and answer the
    ids `read_paths` names."""
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from partnerhub.core.permissions import MANAGER_GROUP

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (version text NOT NULL)")
        cursor.execute(f"SELECT version FROM {MARKER}")
        row = cursor.fetchone()
    if row is None or row[0] != PREPARED:
        started = time.perf_counter()
        with transaction.atomic():
            _add(log)
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {MARKER}")
                cursor.execute(f"INSERT INTO {MARKER} (version) VALUES (%s)", [PREPARED])
        _add_run(log)
        # VACUUM as well: a production database is vacuumed by autovacuum (off on some development servers),
        # which sets the visibility map that lets counts and lists read the indexes alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        log(f"prepared the read paths' data in {time.perf_counter() - started:.1f}s")
    with connection.cursor() as cursor:
        # One partner in twenty publishes its profile in the directory (5,000 at the reference size): added
        # apart from the marked additions, so a database prepared before the directory was measured gets them.
        cursor.execute(
            "INSERT INTO directory_partnerprofile (listed, description, website, public_email, updated_on, partner_id) "
            "SELECT true, 'Systems and services of ' || name, '', '', %s, id FROM partners_partner "
            "WHERE id %% 20 = 0 ON CONFLICT (partner_id) DO NOTHING",
            [AS_OF],
        )
    manager = User.objects.get(username=MANAGER)
    manager.groups.add(Group.objects.get_or_create(name=MANAGER_GROUP)[0])
    return _ids()


def _add(log: Callable[[str], None]) -> None:
    from django.contrib.auth.models import User
    from django.db import connection

    from bench.programme import _insert_select
    from partnerhub.billing.models import Invoice
    from partnerhub.partners.models import PartnerUser, WorkItem
    from partnerhub.people.models import Person

    User.objects.get_or_create(username=MANAGER, defaults={"email": "manager@bench.example"})
    partner_user, _ = User.objects.get_or_create(username=PARTNER_USER, defaults={"email": "rep@bench.example"})
    PartnerUser.objects.update_or_create(
        user=partner_user, defaults={"partner_id": BIG_PARTNER, "representative": True}
    )
    steps = [
        (
            "the big partner",
            f"UPDATE partners_partner SET status = 'registered', classification = 'solution', "
            f'regions = \'["EMEA", "AMER"]\', territories = \'["DE"]\' WHERE id = {BIG_PARTNER}',
        ),
        ("its deals", f"UPDATE deals_registration SET partner_id = {BIG_PARTNER} WHERE id % 400 = 0"),
        (
            "its people",
            _insert_select(
                Person,
                {
                    "partner": str(BIG_PARTNER),
                    "name": "'Staff ' || g",
                    "email": "'staff' || g || '@big.bench.example'",
                    "region": "'EMEA'",
                    "roles": "'[\"technical\"]'::jsonb",
                },
                "generate_series(1, 2000) g",
            ),
        ),
        (
            "invoices",
            _insert_select(
                Invoice,
                {
                    "partner": "p.id",
                    "kind": "'program_fee'",
                    "origin": "'renewal'",
                    "program_year": "y",
                    "classification": "p.classification",
                    "amount": "5000",
                    "currency": "'USD'",
                    "issued_on": "make_date(y, 1, 1) - 30",
                    "due_on": "make_date(y, 1, 31)",
                    "status": "CASE WHEN y = 2019 AND p.id % 10 = 0 THEN 'open' ELSE 'paid' END",
                    "paid_on": "CASE WHEN y = 2019 AND p.id % 10 = 0 THEN NULL ELSE make_date(y, 1, 20) END",
                    "policy_version": "date '2018-01-31'",
                    "sections": "'[\"5.1\"]'::jsonb",
                },
                "partners_partner p CROSS JOIN (VALUES (2018), (2019)) AS years(y)",
            ),
        ),
        (
            "applications",
            "UPDATE partners_partner SET status = 'applied', approved_on = NULL, qualification_deadline = NULL, "
            "registered_on = NULL WHERE id > 99980",
        ),
        (
            "work items",
            _insert_select(
                WorkItem,
                {
                    "partner": "id",
                    "kind": "'qualification_window_ended'",
                    "key": "'bench-' || id",
                    "message": "'the qualification window ended'",
                    "section": "'2.0'",
                    "opened_on": "date '2019-09-01'",
                },
                "partners_partner WHERE id BETWEEN 99900 AND 99950",
            ),
        ),
    ]
    with connection.cursor() as cursor:
        for name, statement in steps:
            started = time.perf_counter()
            cursor.execute(statement)
            log(f"  {name}: {cursor.rowcount} rows in {time.perf_counter() - started:.1f}s")


def _add_run(log: Callable[[str], None]) -> None:
    """A saved 2019Q2 evaluation run and a draft policy, through the services that make them."""
    from django.contrib.auth.models import User

    from partnerhub.evaluations.models import EvaluationRun
    from partnerhub.evaluations.services.runs import evaluation_run_create
    from partnerhub.policystore.models import PolicyDraft
    from partnerhub.policystore.services import policy_draft_upload

    manager = User.objects.get(username=MANAGER)
    if not EvaluationRun.objects.filter(period="2019Q2").exists():
        started = time.perf_counter()
        evaluation_run_create(period="2019Q2", as_of=AS_OF, acting_user=manager)
        log(f"  evaluation run 2019Q2 saved in {time.perf_counter() - started:.1f}s")
    if not PolicyDraft.objects.exists():
        shipped = Path(sys.modules["partnerhub.policy"].__file__ or "").parent / "data" / "2019.yaml"
        text = (
            shipped.read_text()
            .replace("version_date: 2018-01-31", "version_date: 2019-10-01")
            .replace("near_duplicate_similarity: 85", "near_duplicate_similarity: 80")
        )
        policy_draft_upload(text=text, name="bench draft", acting_user=manager)


def _ids() -> dict[str, int]:
    from partnerhub.billing.models import Invoice
    from partnerhub.deals.models import Registration
    from partnerhub.evaluations.models import EvaluationRun, Scorecard
    from partnerhub.people.models import Person

    run = EvaluationRun.objects.filter(period="2019Q2").order_by("-sequence").first()
    assert run is not None
    card = (
        Scorecard.objects.filter(run=run, partner_id=BIG_PARTNER).first() or Scorecard.objects.filter(run=run).first()
    )
    assert card is not None
    return {
        "partner": BIG_PARTNER,
        "deal": Registration.objects.filter(partner_id=BIG_PARTNER).order_by("id").values_list("pk", flat=True)[0],
        "person": Person.objects.filter(partner_id=BIG_PARTNER).order_by("id").values_list("pk", flat=True)[0],
        "invoice": Invoice.objects.filter(partner_id=BIG_PARTNER).order_by("id").values_list("pk", flat=True)[0],
        "run": run.pk,
        "scorecard": card.pk,
    }


# -- measuring -----------------------------------------------------------------------------------------------------


def bench_password() -> str:
    """A fresh password for both bench users, set server-side before every run: they are password-only users,
    as the demo's are (the server runs with MFA_REQUIRED off, see `server`), and no password outlives a run."""
    from django.contrib.auth.models import User

    password = secrets.token_urlsafe(24)
    for username in (MANAGER, PARTNER_USER):
        user = User.objects.get(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])
    return password


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """Request headers signing in `username` the way a client does, over HTTP: the portal's sign-in form
    (CSRF cookie and token, then the password) for a session cookie, and `POST /api/v1/auth/token/` for a
    knox token. Sent as from a TLS-terminating proxy on this host (gunicorn trusts 127.0.0.1)."""
    origin = f"https://127.0.0.1:{port}"
    proxied = {"X-Forwarded-Proto": "https"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/accounts/login/", headers=proxied)
    form = connection.getresponse()
    page = form.read().decode()
    cookies = _cookies(form)
    token_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if form.status != 200 or token_field is None or "csrftoken" not in cookies:
        raise SystemExit(f"bench pages: the sign-in form answered {form.status} without a CSRF token")
    body = urlencode({"csrfmiddlewaretoken": token_field[1], "username": username, "password": password})
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            **proxied,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
        },
    )
    signed_in = connection.getresponse()
    signed_in.read()
    session = {name: value for name, value in _cookies(signed_in).items() if "session" in name}
    if signed_in.status != 302 or not session:
        raise SystemExit(f"bench pages: signing in {username} at /accounts/login/ answered {signed_in.status}")
    connection.request(
        "POST",
        "/api/v1/auth/token/",
        body=json.dumps({"username": username, "password": password}),
        headers={**proxied, "Content-Type": "application/json"},
    )
    answer = connection.getresponse()
    token = json.loads(answer.read() or b"{}").get("token")
    connection.close()
    if answer.status != 200 or not token:
        raise SystemExit(f"bench pages: POST /api/v1/auth/token/ for {username} answered {answer.status}")
    return {
        **proxied,
        "Cookie": "; ".join(f"{name}={value}" for name, value in session.items()),
        "Authorization": f"Token {token}",
    }


def query_counts(paths: list[ReadPath]) -> dict[str, tuple[int, int]]:
    """(status, SQL queries) of one request of each path, in process."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    found = {}
    for path in paths:
        client = Client()
        if path.who != "visitor":
            client.force_login(User.objects.get(username=MANAGER if path.who == "manager" else PARTNER_USER))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path.url)
        found[path.name] = (response.status_code, len(captured))
    return found


@contextmanager
def server(port: int, database_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn with two sync workers, DEBUG off, on `port`."""
    # Production settings, except two: the bench users are password-only (MFA_REQUIRED off, as in the demo),
    # and the per-user API throttle would turn the throughput runs' thousands of requests a minute into 429s.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MFA_REQUIRED": "0",
        "API_THROTTLE_USER": "1000000/minute",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "partnerhub.config.wsgi",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--timeout=120",
        "--log-level=warning",
    ]
    # Production serves the hashed static files collectstatic writes (the pages link to them by that name).
    subprocess.run(
        [str(Path(sys.executable).with_name("partnerhub")), "collectstatic", "--noinput", "--verbosity=0"],
        env=env,
        check=True,
    )
    process = subprocess.Popen(command, env=env)
    try:
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/accounts/login/")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


class MemoryWatch(threading.Thread):
    """The largest resident set of any worker, sampled every 0.2 s (and each worker's own high-water mark)."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master, self.peak_kib, self.stopped = master, 0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            for pid in workers(self.master):
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith(("VmHWM:", "VmRSS:")):
                            self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                except OSError:
                    continue
            self.stopped.wait(0.2)


def timed(port: int, method: str, url: str, headers: dict[str, str], body: bytes | None = None) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request(method, url, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def throughput(
    port: int, make: Callable[[], tuple[str, str, dict[str, str], bytes | None]], clients: int, seconds: float
) -> tuple[float, int]:
    """Requests per second answered 2xx by `clients` threads for `seconds`; and how many failed."""
    done, failed, lock = [0], [0], threading.Lock()
    until = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < until:
            method, url, headers, body = make()
            _, status = timed(port, method, url, headers, body)
            with lock:
                if 200 <= status < 300:
                    done[0] += 1
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.perf_counter() - started), failed[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per path (default 50)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8120")))
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for the throughput runs")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each throughput run")
    parser.add_argument("--only", default="", help="measure only the paths whose name contains this")
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="measure only POST /api/v1/deals/ against the trivial call (no paths, no duplicate review)",
    )
    options = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or BENCH_DATABASE_URL
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    _setup_django(database_url)
    from django.core.management import call_command

    from bench import programme as bench

    call_command("migrate", verbosity=0)
    call_command("load_policy", verbosity=0)
    if bench.generated_scale() is None:
        bench.ensure_programme(bench.Scale())
    ids = prepare()
    paths = [] if options.throughput_only else [path for path in read_paths(ids) if options.only in path.name]
    counts = query_counts(paths)
    password = bench_password()
    trivial = "/api/v1/policy/versions/"
    with server(options.port, database_url) as process:
        headers = {
            who: sign_in(options.port, user, password)
            for who, user in (("manager", MANAGER), ("partner", PARTNER_USER))
        }
        headers["visitor"] = {"X-Forwarded-Proto": "https"}
        watch = MemoryWatch(process.pid)
        watch.start()
        worst = ("", 0.0)
        for path in paths:
            for _ in range(2):  # warm the worker's caches (policy, templates)
                timed(options.port, "GET", path.url, headers[path.who])
            samples, statuses = [], set()
            for _ in range(options.requests):
                elapsed, status = timed(options.port, "GET", path.url, headers[path.who])
                samples.append(elapsed)
                statuses.add(status)
            p50, p95 = percentiles(samples)
            status, queries = counts[path.name]
            print(
                f"{path.name:45} p50_ms={p50:8.1f} p95_ms={p95:8.1f} queries={queries:3d} "
                f"status={','.join(map(str, sorted(statuses)))}",
                flush=True,
            )
            if p95 > worst[1]:
                worst = (path.name, p95)
        review_p95 = 0.0
        if not options.throughput_only:
            review = f"/api/v1/deals/{ids['deal']}/possible-duplicates/"
            samples = [timed(options.port, "GET", review, headers["manager"])[0] for _ in range(options.requests)]
            review_p50, review_p95 = percentiles(samples)
            print(f"{'manager: duplicate review':45} p50_ms={review_p50:8.1f} p95_ms={review_p95:8.1f}", flush=True)
        ceiling, _ = throughput(
            options.port, lambda: ("GET", trivial, headers["partner"], None), options.clients, options.seconds
        )
        post_headers = {**headers["partner"], "Content-Type": "application/json"}

        def deal() -> tuple[str, str, dict[str, str], bytes | None]:
            body = {
                "end_customer": f"Bench post {uuid.uuid4().hex}",
                "opportunity": "Amelia pilot",
                "country": "DE",
                "estimated_value": "1000.00",
                "consent_confirmed": True,
            }
            return "POST", "/api/v1/deals/", post_headers, json.dumps(body).encode()

        posts, failed = throughput(options.port, deal, options.clients, options.seconds)
        print(
            f"{'partner: POST /api/v1/deals/':45} rps={posts:.1f} failed={failed}; "
            f"GET {trivial} rps={ceiling:.1f} ({options.clients} clients)",
            flush=True,
        )
        watch.stopped.set()
        watch.join()
    max_queries = max((queries for _, queries in counts.values()), default=0)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
    print(
        f"bench pages: pages={len(paths)} worst_p95_ms={worst[1]:.0f} worst={worst[0].replace(' ', '_')} "
        f"max_queries={max_queries} dup_review_p95_ms={review_p95:.0f} deal_post_rps={posts:.1f} "
        f"ceiling_rps={ceiling:.1f} worker_peak_mib={watch.peak_kib / 1024:.0f}"
    )


if __name__ == "__main__":
    main()
