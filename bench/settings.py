"""The site's own settings (production-like through the environment, see bench/common.py) with two bench-only
changes: the URLconf adds the floor view, and static files are collected into a temporary folder."""

import os

from hrparks.settings import *  # noqa: F403
from hrparks.settings import STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", STATIC_ROOT)
