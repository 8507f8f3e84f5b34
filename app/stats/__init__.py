"""Usage statistics: counting (``recorder``) and reports (``report``).
The counters themselves are stored by :mod:`app.store.counters`."""
