"""Gunicorn settings of ``make serve`` and the container (``gunicorn -c config/gunicorn_conf.py``).

Read from the environment with the same strict parsers as the Django settings: a typo stops the
server at start-up. See docs/deployment.md for the variables.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project, for config.env

from config.env import env_bool, env_int, env_str

wsgi_app = "config.wsgi:application"
bind = f"{env_str('HOST', '127.0.0.1')}:{env_int('PORT', default=8000, minimum=1)}"
# Sync workers: each answers one request at a time; 2 × cores + 1 keeps the cores busy while
# some workers wait for the database.
workers = env_int("KMT_WORKERS", default=2 * multiprocessing.cpu_count() + 1, minimum=1)
# A request running longer than this is killed and its worker replaced (its transaction is
# rolled back by the database). Imports of 5,000 rows finish well within it.
timeout = env_int("KMT_WORKER_TIMEOUT", default=120, minimum=1)
graceful_timeout = 30
keepalive = 5
# Workers are replaced after about this many requests, which bounds any slow memory growth.
max_requests = env_int("KMT_WORKER_MAX_REQUESTS", default=2000, minimum=0)
max_requests_jitter = max_requests // 10
# Load the application once in the master, then fork: less memory, and an import error stops
# the start instead of looping workers. No database connection is opened at import time.
preload_app = env_bool("KMT_PRELOAD", default=True)
accesslog = env_str("KMT_ACCESS_LOG", "-")
errorlog = "-"
# No control socket (gunicornc): several servers on one machine would share its path.
control_socket_disable = True
loglevel = "info"
# The client's address for the audit log comes from X-Forwarded-For in Django
# (KMT_PROXY_HOPS, khongmatuy.common.http.client_ip); gunicorn's access log shows the peer.
