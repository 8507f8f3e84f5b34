"""gunicorn's error log without client addresses or anything a client sent.

Left alone, gunicorn writes the client's address and the raw request into its
error log: ``Invalid request from ip=203.0.113.9: Invalid HTTP request line:
'GET /?q=ssn 123-45-6789 HTTP/1.1'``, ``Error handling request POST /…``, and
tracebacks whose last line quotes the bytes a parser refused (``No more data
after: b'…'``). :class:`ContentFreeLogger`, gunicorn's ``logger_class`` in
``kyrbot serve`` and ``deploy/gunicorn.conf.py``, rewrites every line before
it is written:

- "Invalid request from ip=…: <reason>" becomes "Invalid request: <reason>",
  and the reason keeps only the parser's own words before the first colon or
  quote ("Invalid HTTP request line"), never the bytes it quotes;
- "Error handling request <method> <uri>" loses the method and the URI;
- in every other line, anything quoted (``'…'``, ``"…"``, ``b'…'``: gunicorn
  quotes what it received with ``%r``), ``ip=…``, every IPv4 or IPv6 address
  (the server's own listening address included: a pattern cannot tell them
  apart) and whatever the personal-data shield takes out of a message (phone,
  SSN, A-number, e-mail) become ``[…]``;
- a traceback keeps its frames (file, line, function, source line) and the
  exception's type, never the exception's message, which may quote the
  request. Only exceptions raised by code and content at start-up, never by a
  client (content errors, settings errors, import and syntax errors), keep
  their message, scrubbed like any line;
- the access log is never written, whatever ``accesslog`` says.

gunicorn's own module loggers (``gunicorn.http.wsgi`` and the like), which
write past this class, are routed through the same handlers with the same
scrubbing, and of their arguments only numbers are kept.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback

from gunicorn.glogging import Logger

from app.engine.pii import shield

REDACTED = "[…]"

_INVALID_REQUEST = re.compile(r"Invalid request from ip=\S*?:(?:\s|$)")
_ERROR_HANDLING = "Error handling request"
# Quoted text, as repr() writes it (an optional b/r/u prefix, escapes inside),
# up to the closing quote or the end of the line.
_QUOTED = re.compile(
    r"""(?<![A-Za-z0-9])(?:[bBrRuU]{1,2})?"""
    r"""(?:'(?:[^'\\\n]|\\.){0,100000}(?:'|$)|"(?:[^"\\\n]|\\.){0,100000}(?:"|$))""",
    re.MULTILINE,
)
_IP_FIELD = re.compile(r"\bip=\S*")
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# The reason gunicorn gives for refusing a request, up to what it quotes.
_REASON_END = re.compile(r"[:'\"=]")
# Exceptions raised by code and content at start-up, never by a client: their
# messages help the operator and quote nothing a person sent.
_MESSAGE_KEPT = frozenset({
    "app.errors.ContentError",
    "app.errors.SetupError",
    "builtins.ImportError",
    "builtins.ModuleNotFoundError",
    "builtins.SyntaxError",
})
_HANDLERS_TAG = "_kyrbot_serverlog"


def scrub(text: str) -> str:
    """``text`` without quoted values, addresses or personal numbers."""
    if REDACTED in text:  # already withheld parts: keep the mark as it is
        return REDACTED.join(scrub(part) for part in text.split(REDACTED))
    match = _INVALID_REQUEST.search(text)
    if match:
        reason = _REASON_END.split(text[match.end():], maxsplit=1)[0].strip()
        text = text[: match.start()] + "Invalid request" + (f": {reason}" if reason else "")
    text = shield(text).text  # first: it folds non-ASCII text (NFKC), "[…]" included
    text = _QUOTED.sub(REDACTED, text)
    text = _IP_FIELD.sub(f"ip={REDACTED}", text)
    text = _IPV4.sub(REDACTED, text)
    return _IPV6.sub(REDACTED, text)


def _name(exc: BaseException) -> str:
    kind = type(exc)
    return f"{kind.__module__}.{kind.__qualname__}"


def _exception_text(exc: BaseException) -> str:
    name = _name(exc)
    return f"{name}: {scrub(str(exc))}" if name in _MESSAGE_KEPT else name


def clean_traceback(exc: BaseException) -> str:
    """A traceback of ``exc`` and the exceptions it was raised from: frames and
    exception types only (messages only for :data:`_MESSAGE_KEPT` types)."""
    chain: list[BaseException] = [exc]  # newest first
    links: list[str] = []  # links[i]: how chain[i] came from chain[i + 1]
    while len(chain) < 20:
        current = chain[-1]
        if current.__cause__ is not None:
            earlier, link = current.__cause__, "The above exception was the direct cause of:"
        elif current.__context__ is not None and not current.__suppress_context__:
            earlier, link = current.__context__, "During handling of the above exception, another occurred:"
        else:
            break
        if any(earlier is seen for seen in chain):
            break
        chain.append(earlier)
        links.append(link)
    parts: list[str] = []
    for index in range(len(chain) - 1, -1, -1):  # oldest first, as Python prints them
        item = chain[index]
        if index < len(chain) - 1:
            parts.append(f"\n{links[index]}\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_list(traceback.extract_tb(item.__traceback__)))
        if _name(item) in _MESSAGE_KEPT:
            parts.append(_exception_text(item) + "\n")
        else:
            parts.append(f"{_name(item)} (message withheld: it may quote a request)\n")
    return "".join(parts).rstrip("\n")


def _render(msg: object, args: tuple) -> str:
    if isinstance(msg, BaseException):
        return _exception_text(msg)  # ``log.exception(exc)``: the type, not the message
    msg = str(msg)
    if msg.startswith(_ERROR_HANDLING):
        return _ERROR_HANDLING  # "... %s %s" % (method, uri): drop both
    if msg == "%s %s":
        return "Request"  # the default pre_request hook's debug line: method and path
    if args:
        if len(args) == 1 and isinstance(args[0], dict) and args[0]:
            args = args[0]  # logging's mapping form
        else:
            # "Closing connection. %s" % exc and the like: the type, not the message
            args = tuple(_exception_text(arg) if isinstance(arg, BaseException) else arg for arg in args)
        try:
            msg = msg % args
        except (TypeError, ValueError, KeyError):
            msg = f"{msg} [arguments withheld]"
    return scrub(msg)


def _exception_from(exc_info: object) -> BaseException | None:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple) and len(exc_info) == 3:
        return exc_info[1]
    if exc_info:
        return sys.exc_info()[1]
    return None


def clean_message(msg: object, args: tuple, exc_info: object = None) -> str:
    """One log line (and traceback) as it may be written."""
    text = _render(msg, args)
    exc = _exception_from(exc_info)
    if exc is not None:
        text = f"{text}\n{clean_traceback(exc)}"
    return text


class _Scrub(logging.Filter):
    """Rewrites records that reach gunicorn's handlers past the logger class."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _HANDLERS_TAG, False):
            return True  # written by ContentFreeLogger: already clean
        args = record.args or ()
        if isinstance(args, tuple):
            # Unknown callers: only numbers pass (a status, a pid, a count);
            # text may be what a client sent, unquoted where no pattern sees it.
            args = tuple(a if isinstance(a, (int, float)) else REDACTED for a in args)
        else:
            args = {k: a if isinstance(a, (int, float)) else REDACTED for k, a in args.items()}
        record.msg = clean_message(record.msg, args, record.exc_info)
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class ContentFreeLogger(Logger):
    """gunicorn's logger with every line scrubbed and no access log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        scrubber = _Scrub()
        parent = logging.getLogger("gunicorn")  # gunicorn.http.wsgi and other module loggers
        for handler in list(parent.handlers):
            if getattr(handler, _HANDLERS_TAG, False):
                parent.removeHandler(handler)
        for handler in self.error_log.handlers:
            handler.filters = [f for f in handler.filters if not isinstance(f, _Scrub)]
            handler.addFilter(scrubber)
            setattr(handler, _HANDLERS_TAG, True)
            parent.addHandler(handler)
        parent.propagate = False
        parent.setLevel(self.error_log.level)

    def _write(self, level: int, msg: object, args: tuple, kwargs: dict) -> None:
        if not self.error_log.isEnabledFor(level):
            return
        exc_info = kwargs.pop("exc_info", None)
        kwargs.pop("stack_info", None)
        kwargs.pop("stacklevel", None)
        extra = dict(kwargs.pop("extra", None) or {})
        extra[_HANDLERS_TAG] = True
        self.error_log.log(level, "%s", clean_message(msg, args, exc_info), extra=extra)

    def critical(self, msg, *args, **kwargs) -> None:
        self._write(logging.CRITICAL, msg, args, kwargs)

    def error(self, msg, *args, **kwargs) -> None:
        self._write(logging.ERROR, msg, args, kwargs)

    def warning(self, msg, *args, **kwargs) -> None:
        self._write(logging.WARNING, msg, args, kwargs)

    def info(self, msg, *args, **kwargs) -> None:
        self._write(logging.INFO, msg, args, kwargs)

    def debug(self, msg, *args, **kwargs) -> None:
        self._write(logging.DEBUG, msg, args, kwargs)

    def exception(self, msg, *args, **kwargs) -> None:
        kwargs.setdefault("exc_info", True)
        self._write(logging.ERROR, msg, args, kwargs)

    def log(self, lvl, msg, *args, **kwargs) -> None:
        if isinstance(lvl, str):
            lvl = self.LOG_LEVELS.get(lvl.lower(), logging.INFO)
        self._write(lvl, msg, args, kwargs)

    def access(self, resp, req, environ, request_time) -> None:
        """Never: an access line holds the client's address and request line."""

    def _compute_access_log_enabled(self) -> bool:
        return False  # read by gunicorn's ASGI protocol before it builds a line
