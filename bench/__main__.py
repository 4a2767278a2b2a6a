"""`python -m bench` (what `make bench` runs), from the repository root: generate the reference programme (or
reuse it) in the configured database and time one full quarterly evaluation against the floor query. Meant
for a database of its own: it refuses one with real partners."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import django


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.config.settings")
    django.setup()
    # Only now: the benchmark's modules import models, which need the app registry that setup() fills.
    from bench.programme import Scale
    from bench.run import BenchRefused, Options, run

    defaults = Scale()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--partners", type=int, default=defaults.partners)
    parser.add_argument("--registrations", type=int, default=defaults.registrations)
    parser.add_argument("--certifications", type=int, default=defaults.certifications)
    parser.add_argument("--period", default="2019Q2", help="the quarter evaluated (default 2019Q2)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the best of them is reported")
    args = parser.parse_args(argv)
    options = Options(Scale(args.partners, args.registrations, args.certifications), args.period, args.repeat)
    try:
        run(options, print)
    except BenchRefused as error:
        sys.exit(f"bench: {error}")


if __name__ == "__main__":
    main()
