"""The translation pipeline around the gettext catalogs in translations/:

- ``catalogs.py``: reading each locale's ``.po`` file for the engine (fuzzy
  entries left out);
- ``extract.py``: the Babel extractor for the content YAML;
- ``tools.py``: extract, update, compile and status (``kyrbot i18n ...``).

Lookups at answer time are the engine's (:mod:`app.engine.i18n`).
"""
