"""Building the parts from the settings, without Flask: content, catalogs,
engine, stores, counters and the conversations that tie them together.

``create_app`` and the command line both call :func:`build_conversations`, so
the web, SMS, widget and terminal all answer from the same compiled core.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.config import ROOT
from app.config import secret_key
from app.content.cached import engine_memo
from app.content.cities import CityTable
from app.content import load_bundle
from app.content.pinyin import load_readings
from app.content.wordlists import load_wordlists
from app.conversations import Conversations
from app.engine import Engine
from app.engine.detect import Detector
from app.i18n.catalogs import read_catalogs
from app.stats.recorder import Recorder
from app.store import MemoryOptOuts
from app.store import MemoryStore
from app.store import OptOutList
from app.store import SqliteOptOuts
from app.store import SqliteStore
from app.store import StateStore
from app.store.counters import RedisStats
from app.store.counters import SqliteStats

INSTANCE_DIR = ROOT / "instance"


def build_engine(settings: dict[str, Any], instance_dir: Path = INSTANCE_DIR) -> Engine:
    locales = tuple(settings["LOCALES"])
    bundle = load_bundle(settings["CONTENT_DIR"], locales, cache_dir=instance_dir / "cache")  # raises ContentError
    catalogs = read_catalogs(settings["TRANSLATIONS_DIR"], locales, bundle.topics, instance_dir / "cache")
    words = load_wordlists(locales, settings["CONTENT_DIR"], instance_dir / "cache")
    detector = (
        Detector(locales, words=words) if settings.get("DETECT_LANGUAGE", True) else None
    )
    cities = CityTable(instance_dir / "cache")
    cities.warm()
    sounds = load_readings(instance_dir / "cache")  # Chinese typed by sound
    return Engine(
        bundle,
        catalogs,
        locales,
        settings["DEFAULT_LOCALE"],
        detector=detector,
        words=words,
        cities=cities,
        sounds=sounds,
        # Each vocabulary's tables, rebuilt only when it or the engine's code changes.
        memo=engine_memo(instance_dir / "cache"),
    )


def build_store(settings: dict[str, Any], instance_dir: Path = INSTANCE_DIR) -> StateStore:
    if settings.get("REDIS_URL"):
        from app.store.state import RedisStore

        return RedisStore(settings["REDIS_URL"])
    kind = settings["STATE_STORE"]
    if kind == "memory":
        return MemoryStore()
    if kind == "sqlite":
        return SqliteStore(settings["STATE_DB"] or instance_dir / "state.sqlite3")
    raise ValueError(f"STATE_STORE must be 'sqlite' or 'memory', not {kind!r}")


def build_optouts(settings: dict[str, Any], instance_dir: Path = INSTANCE_DIR) -> OptOutList:
    """The SMS opt-out list, where it survives restarts (issue 16): its own
    SQLite file by default (never the state file, which may be deleted), or
    a Redis set when ``OPTOUT_STORE=redis`` or when ``REDIS_URL`` is set,
    on ``OPTOUT_REDIS_URL`` if given (a Redis with persistence; see README)."""
    kind = settings.get("OPTOUT_STORE") or ("redis" if settings.get("REDIS_URL") else "sqlite")
    if kind == "redis":
        from app.store.optouts import RedisOptOuts

        url = settings.get("OPTOUT_REDIS_URL") or settings.get("REDIS_URL")
        if not url:
            raise ValueError("OPTOUT_STORE=redis needs OPTOUT_REDIS_URL or REDIS_URL")
        optouts = RedisOptOuts(url)
        optouts.warn_if_volatile()
        return optouts
    if kind == "memory" or (kind == "sqlite" and settings["STATE_STORE"] == "memory"):
        return MemoryOptOuts()
    if kind != "sqlite":
        raise ValueError(f"OPTOUT_STORE must be 'sqlite', 'redis' or empty, not {kind!r}")
    return SqliteOptOuts(settings.get("OPTOUT_DB") or instance_dir / "optouts.sqlite3")


def build_stats(settings: dict[str, Any], instance_dir: Path = INSTANCE_DIR) -> Recorder:
    """The aggregate counters: Redis when REDIS_URL is set, else SQLite."""
    days = int(settings["STATS_RETENTION_DAYS"])
    if settings.get("REDIS_URL"):
        store = RedisStats(settings["REDIS_URL"], days)
    else:
        store = SqliteStats(settings.get("STATS_DB") or instance_dir / "stats.sqlite3")
    return Recorder(store, days, float(settings["STATS_FLUSH_SECONDS"]))


def build_conversations(
    settings: dict[str, Any], instance_dir: Path = INSTANCE_DIR, stats: Recorder | None = None
) -> Conversations:
    engine = build_engine(settings, instance_dir)
    store = build_store(settings, instance_dir)
    key = secret_key(settings["SECRET_KEY"], instance_dir)
    return Conversations(engine, store, key, int(settings["STATE_TTL"]), stats)
