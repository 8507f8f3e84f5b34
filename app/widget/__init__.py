"""The embeddable widget: the loader script nonprofits paste, the chat page
that runs inside the iframe, its per-organization theme and headers."""
