"""Start-up: the garbage collector waits while the content is built, and is
back as it was afterwards (app/__init__.py)."""

import gc

from app import create_app


def test_the_collector_is_paused_while_building_and_restored_after(monkeypatch):
    seen = []
    import app.build as build

    real = build.build_conversations

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "build_conversations", spy)
    assert gc.isenabled()
    create_app({"STATE_STORE": "memory"})
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        create_app({"STATE_STORE": "memory"})
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()
