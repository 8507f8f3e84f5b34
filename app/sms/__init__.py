"""The SMS channel: gateway adapters (verify, parse, render), the keyword layer
and the webhook routes. Everything but ``routes.py`` is free of Flask."""
