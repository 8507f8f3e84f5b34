"""Settings: every one listed here with its default and what it does.

Load order (later wins): these defaults, environment variables of the same
name, then the dict passed to ``create_app(config)``. The README lists them all
(a test checks it).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent


def _list(value: str | list[str]) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def _rate_of(name: str) -> Callable[[str], str]:
    """A parser of a rate in the limits library's syntax, checked at start-up."""

    def parse(value: str) -> str:
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"{name} {value!r} is not a rate such as '20/minute' or '20/minute;200/hour'"
            ) from None
        return value

    return parse


def _hops(value: Any) -> int:
    """A count of proxies: 0 or more."""
    try:
        hops = int(value)
    except (TypeError, ValueError):
        hops = -1
    if hops < 0 or str(value).strip() != str(hops):
        raise ValueError(
            f"TRUSTED_PROXIES {value!r} is not a number of proxy hops such as 0 or 1"
        ) from None
    return hops


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("CONTENT_DIR", str(ROOT / "content"), "Folder of the content YAML files."),
    Setting(
        "TRANSLATIONS_DIR", str(ROOT / "translations"), "Folder of the gettext catalogs."
    ),
    Setting(
        "LOCALES",
        ["en", "es", "zh-Hans", "vi", "ko", "tl", "ht", "ar", "pt", "fr"],
        "Locales the bot offers (comma-separated in the environment).",
        _list,
    ),
    Setting("DEFAULT_LOCALE", "en", "Locale used when nothing else decides."),
    Setting(
        "DETECT_LANGUAGE",
        True,
        "Guess the language of a conversation's first message when nothing else decides.",
        lambda v: str(v).lower() not in ("0", "false", "no", "off"),
    ),
    Setting(
        "STATE_STORE",
        "sqlite",
        "Where conversation state lives: 'sqlite' (embedded, shared by the worker "
        "processes of one machine) or 'memory' (one process only).",
    ),
    Setting(
        "STATE_DB",
        "",
        "SQLite file for STATE_STORE=sqlite (default: instance/state.sqlite3).",
    ),
    Setting(
        "REDIS_URL",
        "",
        "redis://host:port/db: keep conversation state, de-duplication, opt-outs and rate "
        "limits in Redis, shared by every worker on every machine (overrides STATE_STORE).",
    ),
    Setting(
        "OPTOUT_STORE",
        "",
        "Where the SMS opt-out list lives: 'sqlite' (its own file, OPTOUT_DB) or 'redis' "
        "(OPTOUT_REDIS_URL, else REDIS_URL; needs persistence). Empty: redis when REDIS_URL "
        "is set, else sqlite.",
    ),
    Setting("OPTOUT_DB", "", "SQLite file of the opt-out list (default: instance/optouts.sqlite3)."),
    Setting(
        "OPTOUT_REDIS_URL",
        "",
        "A Redis with persistence (appendonly yes) for the opt-out list, when the state's "
        "Redis runs without it (default: REDIS_URL).",
    ),
    Setting(
        "RATE_LIMIT",
        "20/minute;200/hour",
        "Messages allowed per conversation (web session or phone number), e.g. 20/minute;200/hour.",
        _rate_of("RATE_LIMIT"),
    ),
    Setting(
        "NEW_CONVERSATION_LIMIT",
        "30/minute;300/hour",
        "New web and widget conversations allowed per client address (a fresh session id "
        "buys no fresh allowance). Generous, because many people can share one address "
        "behind a carrier's NAT; see README 'Limits'.",
        _rate_of("NEW_CONVERSATION_LIMIT"),
    ),
    Setting("STATE_TTL", 3600, "Seconds a conversation's state is kept after its last message.", int),
    Setting(
        "SECRET_KEY",
        "",
        "Key for the keyed hashes of session ids. Set it in production; without it a "
        "random key is created once in instance/secret.key.",
    ),
    Setting("MAX_MESSAGE_CHARS", 2000, "Longest message accepted, in characters.", int),
    Setting("MAX_CONTENT_LENGTH", 32 * 1024, "Largest request body accepted, in bytes (a 2,000-character message in Chinese, form-encoded, is about 18 KB).", int),
    Setting(
        "PUBLIC_BASE_URL",
        "",
        "The bot's public address (https://bot.example.org): gateways sign this URL, "
        "so set it when running behind a proxy or TLS terminator.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "How many proxies in front of the app to trust (nginx alone: 1). Their "
        "X-Forwarded-For/-Proto/-Host headers then give the client's address, which "
        "rate limits a conversation's first message by. 0: trust none.",
        _hops,
    ),
    Setting("TWILIO_AUTH_TOKEN", "", "Twilio auth token; without it /sms/twilio refuses every request."),
    Setting("PLIVO_AUTH_TOKEN", "", "Plivo auth token; without it /sms/plivo refuses every request."),
    Setting(
        "TWILIO_ACCOUNT_SID",
        "",
        "Twilio account SID (AC…); needed only for TWILIO_WHATSAPP_INTERACTIVE (Twilio's Messages API).",
    ),
    Setting(
        "TWILIO_WHATSAPP_INTERACTIVE",
        False,
        "WhatsApp through Twilio: send choices as Twilio quick-reply buttons and list pickers "
        "(content types, through Twilio's API; needs TWILIO_ACCOUNT_SID). Off: numbered text in TwiML.",
        lambda v: str(v).strip().lower() in ("1", "true", "yes", "on"),
    ),
    Setting(
        "TWILIO_API_BASE",
        "",
        "Base URL for Twilio's Messages and Content APIs (empty: Twilio's own hosts; tests point it "
        "at a local server).",
    ),
    Setting(
        "WHATSAPP_VERIFY_TOKEN",
        "",
        "Meta WhatsApp Cloud API: the verify token typed in the App Dashboard's webhook settings. "
        "Unset (or any WHATSAPP_ setting below unset): /whatsapp/meta refuses every request.",
    ),
    Setting("WHATSAPP_APP_SECRET", "", "Meta app secret: checks X-Hub-Signature-256 on /whatsapp/meta."),
    Setting("WHATSAPP_ACCESS_TOKEN", "", "Meta access token (a system user's) for sending replies."),
    Setting("WHATSAPP_PHONE_NUMBER_ID", "", "The WhatsApp Business phone number ID replies are sent from."),
    Setting(
        "WHATSAPP_API_BASE",
        "https://graph.facebook.com/v25.0",
        "Graph API base URL (with its version) for sending WhatsApp replies; tests point it at a local server.",
    ),
    Setting("SMS_PROGRAM_NAME", "kyrbot", "Program name in the SMS HELP and STOP replies."),
    Setting(
        "SMS_HELP",
        "",
        "How to get help, in the SMS HELP reply (a URL or phone number); defaults to PUBLIC_BASE_URL.",
    ),
    Setting(
        "ADMIN_TOKEN",
        "",
        "Token for /admin/stats (sent as 'Authorization: Bearer <token>' or ?token=); "
        "without it the page does not exist.",
    ),
    Setting("STATS_MIN_COUNT", 10, "Report cells below this count are hidden.", int),
    Setting("STATS_RETENTION_DAYS", 400, "Days of counters kept; older days are deleted.", int),
    Setting(
        "STATS_FLUSH_SECONDS",
        5.0,
        "How often each process adds its counts to the store (0: at once).",
        float,
    ),
    Setting(
        "STATS_DB",
        "",
        "SQLite file of the counters when REDIS_URL is not set (default: instance/stats.sqlite3).",
    ),
    Setting(
        "QUICK_EXIT_URL",
        "https://www.weather.gov/",
        "Neutral page the quick-exit button opens.",
    ),
)

SETTING_NAMES = frozenset(s.name for s in SETTINGS)


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then ``overrides``."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.name in os.environ:
            value = setting.parse(os.environ[setting.name])
        values[setting.name] = value
    for key, value in (overrides or {}).items():
        spec = next((s for s in SETTINGS if s.name == key), None)
        values[key] = spec.parse(value) if spec and value is not None else value
    return values


def secret_key(configured: str, instance_path: str | Path) -> bytes:
    """The configured key, or one created once and kept in the instance folder."""
    if configured:
        return configured.encode()
    path = Path(instance_path) / "secret.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return path.read_bytes().strip()
