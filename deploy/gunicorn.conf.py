"""gunicorn settings for kyrbot in production.

    gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'

(``kyrbot serve`` sets the same logging and control-socket settings itself.)
Settings given on the command line win over this file, e.g. ``-b``, ``-w``.
See deploy/README.md for running it behind deploy/nginx.conf.
"""

import os

bind = os.environ.get("KYRBOT_BIND", "127.0.0.1:8000")  # nginx proxies to this
worker_class = "gthread"
workers = 2
threads = 4
timeout = 30
graceful_timeout = 10
keepalive = 2

# No line may carry a client's address or anything a person sent: no access
# log at all, and an error log whose lines are scrubbed (app/web/serverlog.py:
# no "ip=…", no request line, no exception message quoting a request).
logger_class = "app.web.serverlog.ContentFreeLogger"
accesslog = None
errorlog = "-"
loglevel = "info"

# gunicorn 25.1+ opens a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl, the same path for every instance on the host.
# kyrbot has no use for it (restart and scale with your process manager).
control_socket_disable = True


def post_worker_init(worker):
    """The app is built: keep its long-lived content (indexes, word lists,
    catalogs) out of the garbage collector's scans for the worker's life."""
    import gc

    gc.freeze()
