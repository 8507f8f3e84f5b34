"""The ``kyrbot`` command: serve, validate, chat, ask, test, eval.

Every command but ``serve`` runs the Flask-free core directly, with the same
settings (environment variables) as the web app.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from app.config import load_settings
from app.errors import ContentError
from app.errors import KyrbotError


def _settings(**overrides):
    overrides = {k: v for k, v in overrides.items() if v is not None}
    return load_settings(overrides)


def _conversations(locale_default=None):
    from app.build import build_conversations

    settings = _settings(STATE_STORE="memory", DEFAULT_LOCALE=locale_default)
    try:
        return build_conversations(settings)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """kyrbot: know-your-rights chatbot on taxpayer confidentiality."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--threads", default=4, show_default=True, type=int, help="threads per worker")
@click.option("--dev", is_flag=True, help="Flask's development server with reload")
def serve(host: str, port: int, workers: int, threads: int, dev: bool) -> None:
    """Serve the chat and the API (gunicorn; --dev for Flask's server)."""
    from app import create_app

    try:
        app = create_app()
    except KyrbotError as exc:  # invalid content, a read-only or damaged store file
        raise click.ClickException(str(exc)) from exc
    if dev:
        import logging

        # Werkzeug's request lines carry client IP addresses: keep them out.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        app.run(host=host, port=port, debug=True)
        return
    import gc

    from gunicorn.app.base import BaseApplication

    # Everything built so far lives as long as the workers: out of the
    # collector's sight, and shared with them page for page after the fork.
    gc.freeze()

    class _Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", None)  # access logs would hold IP addresses
            # Error lines without client addresses or request text (as in
            # deploy/gunicorn.conf.py), and no control socket shared by every
            # gunicorn on the host.
            self.cfg.set("logger_class", "app.web.serverlog.ContentFreeLogger")
            self.cfg.set("control_socket_disable", True)

        def load(self):
            return app

    click.echo(f"kyrbot serving on http://{host}:{port}")
    _Server().run()


@main.command()
@click.argument("content_dir", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings (overdue reviews, missing translations) as errors.")
def validate(content_dir: str | None, strict: bool) -> None:
    """Check the content; exit 1 on any error (or warning with --strict)."""
    from app.content import load_bundle
    from app.i18n.catalogs import read_catalogs
    from app.i18n.tools import translation_problems

    settings = _settings()
    folder = content_dir or settings["CONTENT_DIR"]
    locales = tuple(settings["LOCALES"])
    try:
        bundle = load_bundle(folder, locales)
    except ContentError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    warnings = list(bundle.warnings)
    catalogs = read_catalogs(settings["TRANSLATIONS_DIR"], locales, bundle.topics)
    warnings += translation_problems(bundle, catalogs, locales)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"content OK: {len(bundle.answers)} answers, {len(bundle.sources)} sources, "
        f"{len(bundle.rules)} rules, {len(bundle.organizations)} organizations, "
        f"{len(warnings)} warning(s)"
    )
    if strict and warnings:
        sys.exit(1)


def _print_reply(reply, channel: str) -> None:
    click.echo(reply.text)
    for notice in reply.notices:
        click.echo(f"! {notice.message}")
    for source in reply.sources:
        click.echo(f"  [source] {source.title} <{source.url}>")
    for number, choice in enumerate(reply.choices, 1):
        click.echo(f"  {number}. {choice.label}")


@main.command()
@click.option("--locale", default=None, help="Start in this locale (e.g. es).")
@click.option("--channel", default="web", type=click.Choice(["web", "sms", "whatsapp"]), show_default=True)
def chat(locale: str | None, channel: str) -> None:
    """Talk to the bot in the terminal (Ctrl-D or 'quit' to stop).

    With --channel sms, messages go through the SMS keyword layer and each
    reply is shown as the phone receives it, with its segment count. With
    --channel whatsapp, as WhatsApp shows it through Meta's Cloud API: bold
    question, sources, buttons ([ … ]) and lists (≡); tap a choice by
    typing its number or its id.
    """
    from app.engine import Inbound
    from app.engine import new_session_id

    conversations = _conversations()
    if channel in ("sms", "whatsapp"):
        _chat_sms(conversations, locale, channel)
        return
    session = new_session_id()
    reply = conversations.handle(channel, session, Inbound("", channel, locale))
    _print_reply(reply, channel)
    while True:
        try:
            text = input("\nyou> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if text.strip().lower() in ("quit", "exit"):
            return
        reply = conversations.handle(channel, session, Inbound(text, channel, None))
        click.echo()
        _print_reply(reply, channel)


def _chat_sms(conversations, locale: str | None, channel: str = "sms") -> None:
    from app.config import load_settings
    from app.sms.gateways.base import InboundSms
    from app.sms.segments import count_segments
    from app.sms.service import build_sms_channel
    from app.store import MemoryOptOuts

    if channel == "whatsapp":
        from app.whatsapp.service import WhatsAppService

        settings = load_settings()
        service = WhatsAppService(conversations, MemoryOptOuts(), settings["SMS_PROGRAM_NAME"],
                                  settings.get("SMS_HELP") or settings.get("PUBLIC_BASE_URL") or "")
    else:
        service = build_sms_channel(load_settings(), conversations, MemoryOptOuts()).service
    phone = "+15555550100"  # a fictional number (555-01xx range)
    counter = 0

    def send(text: str) -> None:
        nonlocal counter
        counter += 1
        result = service.handle(InboundSms("cli", phone, "+15555550199", text, f"cli-{counter}", channel))
        if not result.texts:
            click.echo("(no reply)")
        if channel == "whatsapp":
            _show_whatsapp(conversations, result)
            return
        for body in result.texts:
            seg = count_segments(body)
            click.echo(f"--- {seg.segments} segment(s), {seg.encoding}, {seg.units} units ---")
            click.echo(body)

    send(locale or "hi")
    while True:
        try:
            text = input(f"\n{channel}> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if text.strip().lower() in ("quit", "exit"):
            return
        send(text)


def _show_whatsapp(conversations, result) -> None:
    from app.whatsapp.render import messages
    from app.whatsapp.render import phone_view
    from app.whatsapp.render import size

    engine = conversations.engine
    locale = result.locale or engine.default_locale
    for message in messages(result.texts, result.choices, lambda m: engine.catalogs.tr(locale, m)):
        click.echo(f"--- {message.kind}, {size(message.body)} characters ---")
        click.echo(phone_view(message))


@main.command()
@click.argument("text")
@click.option("--locale", default=None, help="Locale of the question (e.g. es).")
@click.option("--json", "as_json", is_flag=True, help="Print exactly the API's JSON.")
@click.option("--explain", is_flag=True, help="Also print why: language, evidence, candidates, decision.")
def ask(text: str, locale: str | None, as_json: bool, explain: bool) -> None:
    """Answer one question."""
    from app.engine import Inbound
    from app.engine import new_session_id

    conversations = _conversations()
    if explain:
        from app.cli.scoring import explain as explain_lines

        click.echo("\n".join(explain_lines(conversations.engine, text, locale)))
        click.echo("---")
    session = new_session_id()
    reply = conversations.handle("web", session, Inbound(text, "web", locale))
    if as_json:
        click.echo(json.dumps(reply.to_api(session), ensure_ascii=False, indent=2))
    else:
        _print_reply(reply, "web")


@main.command("test")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
def run_tests(files: tuple[str, ...]) -> None:
    """Run conversation tests (YAML: turns with expected topics and text)."""
    from app.cli.convtests import load_conversation_files
    from app.cli.convtests import run_conversation

    try:
        loaded = load_conversation_files([Path(f) for f in files])
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    conversations = _conversations()
    failures = 0
    total = 0
    for conv in loaded:
        total += 1
        problems = run_conversation(conversations, conv)
        if problems:
            failures += 1
            click.echo(f"FAIL {conv.name}")
            for p in problems:
                click.echo(f"     {p}")
        else:
            click.echo(f"ok   {conv.name}")
    click.echo(f"{total - failures} passed, {failures} failed")
    if failures:
        sys.exit(1)


@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--no-locale", is_flag=True, help="Do not tell the bot the case's language.")
@click.option("--min", "minimum", type=float, default=None, help="Exit 1 if any locale is below this share (0-1).")
@click.option("--locales", default=None, help="Only these locales (comma-separated).")
@click.option("--kinds", default=None, help="Only these kinds of case (comma-separated).")
@click.option("--quiet", is_flag=True, help="Do not list the misses.")
@click.option("--explain", is_flag=True, help="Explain every miss: evidence, candidates, decision.")
def evaluate(files: tuple[str, ...], no_locale: bool, minimum: float | None, locales: str | None,
             kinds: str | None, quiet: bool, explain: bool) -> None:
    """Score labelled cases (YAML files or folders): share right, clarifying
    questions, replies in the wrong language and harmful replies, per locale
    and per kind of case."""
    from app.cli import scoring

    try:
        cases = scoring.load_cases([Path(f) for f in files])
    except scoring.CaseFileError as exc:
        raise click.ClickException(str(exc)) from None
    conversations = _conversations()
    engine = conversations.engine
    if locales:
        cases = [c for c in cases if c.locale in set(locales.split(","))]
    if kinds:
        cases = [c for c in cases if c.kind in set(kinds.split(","))]
    started = time.perf_counter()
    report = scoring.evaluate(engine, cases, hint=not no_locale)
    elapsed = time.perf_counter() - started
    click.echo("\n".join(scoring.format_report(report, misses=not quiet and not explain)))
    click.echo(f"({elapsed * 1e6 / max(report.total.cases, 1):.0f} µs per case)")
    if explain:
        for o in report.outcomes:
            if o.right and not o.harmful and not o.wrong_language:
                continue
            click.echo(f"\n[{o.case.locale}/{o.case.kind}] {o.case.text!r} -> {o.topic}, "
                       f"want {'/'.join(sorted(o.case.topics))}")
            hint = None if no_locale else o.case.locale
            for line in scoring.explain(engine, o.case.text, hint):
                click.echo("  " + line)
    below = minimum is not None and any(
        t.right / t.cases < minimum for t in report.by_locale.values() if t.cases
    )
    if below:
        sys.exit(1)


@main.command("stats")
@click.option("--since", default=None, help="First day (YYYY-MM-DD); default 30 days ago.")
@click.option("--until", default=None, help="Last day (YYYY-MM-DD); default today.")
@click.option("--tenant", default=None, help="Only this organization's widget.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def stats(since: str | None, until: str | None, tenant: str | None, fmt: str) -> None:
    """Aggregate usage counts (the numbers of /admin/stats), small cells hidden."""
    import csv
    from dataclasses import asdict

    from app.build import build_stats
    from app.stats.report import report
    from app.web.admin import period

    settings = _settings()
    recorder = build_stats(settings)
    since, until = period(since, until)
    data = report(recorder.store.rows(since, until), since, until, int(settings["STATS_MIN_COUNT"]), tenant)
    if fmt == "json":
        click.echo(json.dumps(asdict(data), indent=2))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=["day", "topic", "locale", "channel", "tenant", "kind", "count"])
        writer.writeheader()
        for cell in data.cells:
            writer.writerow({**cell, "count": cell["count"] if cell["count"] is not None else f"<{data.threshold}"})
        return
    hidden = f"<{data.threshold}"
    click.echo(f"{since} to {until}" + (f", organization {tenant}" if tenant else "") + f" (cells under {data.threshold} hidden)")
    for kind, n in data.totals.items():
        click.echo(f"  {kind:18} {n:8d}")
    click.echo("messages per topic:")
    for topic, n in data.by_topic:
        click.echo(f"  {topic:22} {n if n is not None else hidden:>8}")
    click.echo("per language (messages, not understood):")
    for loc, m, f, _rate in data.by_locale:
        click.echo(f"  {loc:8} {m if m is not None else hidden:>8} {f if f is not None else hidden:>8}")


@main.group()
def i18n() -> None:
    """Translation catalogs: extract, compile, status, check."""


@i18n.command("extract")
def i18n_extract() -> None:
    """Extract interface and content strings; update every locale's catalog.

    A changed English string marks its translation fuzzy, so it is not served
    until a translator confirms it.
    """
    from app.i18n.tools import update_catalogs
    from app.config import ROOT

    settings = _settings()
    written = update_catalogs(
        ROOT / "app",
        Path(settings["CONTENT_DIR"]),
        Path(settings["TRANSLATIONS_DIR"]),
        settings["LOCALES"],
    )
    click.echo(f"updated {len(written)} catalog(s) and messages.pot")


@i18n.command("compile")
def i18n_compile() -> None:
    """Compile each .po catalog to .mo (run by the set-up commands).

    Fuzzy entries are left out. Our strings use {named} placeholders, which
    the test suite checks in every translation.
    """
    from app.i18n.tools import compile_catalogs

    count = compile_catalogs(Path(_settings()["TRANSLATIONS_DIR"]))
    click.echo(f"compiled {count} catalog(s)")


@i18n.command("check")
@click.option("--locales", default="", help="Only these locales (comma-separated).")
def i18n_check(locales: str) -> None:
    """Check every served translation: each answer keeps its must-keep points
    (keep.yaml markers), each SMS form has its back-translation comment,
    numbers, dates and links equal the English, Vietnamese keeps its tone
    marks. Exits 1 on any problem."""
    from app.content import load_bundle
    from app.i18n.checks import all_problems

    settings = _settings()
    wanted = tuple(loc for loc in locales.split(",") if loc) or tuple(settings["LOCALES"])
    try:
        bundle = load_bundle(settings["CONTENT_DIR"], tuple(settings["LOCALES"]))
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc
    problems = all_problems(bundle, Path(settings["TRANSLATIONS_DIR"]), wanted)
    for line in problems:
        click.echo(line)
    click.echo(f"{len(problems)} problem(s) in {', '.join(wanted)}")
    if problems:
        sys.exit(1)


@i18n.command("status")
@click.option("--fingerprints", is_flag=True, help="Print each answer's translation fingerprint (for reviews.yaml).")
def i18n_status(fingerprints: bool) -> None:
    """Per locale: strings translated, fuzzy, missing; per answer: who checked
    its translation (A attorney, R accredited representative, C community
    reviewer, T professional translator; auto = automatic, shown with a note;
    en = English served with a note).

    Exits 1 when a configured locale has a missing or fuzzy content answer.
    """
    from app.content import load_bundle
    from app.i18n.catalogs import read_catalogs
    from app.i18n.tools import answer_reviews
    from app.i18n.tools import status_table

    settings = _settings()
    locales = tuple(settings["LOCALES"])
    try:
        bundle = load_bundle(settings["CONTENT_DIR"], locales)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc
    catalogs = read_catalogs(settings["TRANSLATIONS_DIR"], locales, bundle.topics)
    rows, bad = status_table(bundle, catalogs, locales, settings["TRANSLATIONS_DIR"])
    click.echo(f"{'locale':8} {'ui ok':>6} {'fuzzy':>6} {'miss':>5} | {'content ok':>10} {'fuzzy':>6} {'miss':>5}  review status")
    for row in rows:
        click.echo(
            f"{row['locale']:8} {row['ui_ok']:6d} {row['ui_fuzzy']:6d} {row['ui_missing']:5d} | "
            f"{row['content_ok']:10d} {row['content_fuzzy']:6d} {row['content_missing']:5d}  {row['review']}"
        )
    others = [loc for loc in locales if loc != "en"]
    click.echo("")
    click.echo("answers: who checked each translation (A, R, C, T; auto = not checked; en = English served)")
    click.echo(f"{'topic':22} " + " ".join(f"{loc:>7}" for loc in others))
    for topic, row in answer_reviews(bundle, catalogs, locales).items():
        click.echo(f"{topic:22} " + " ".join(f"{row[loc]:>7}" for loc in others))
    if fingerprints:
        from app.i18n.catalogs import catalog_fingerprints

        click.echo("")
        click.echo("fingerprints (copy into translations/<locale>/reviews.yaml when a reviewer signs off):")
        for locale, prints in catalog_fingerprints(settings["TRANSLATIONS_DIR"], others, bundle.topics).items():
            for topic, value in prints.items():
                click.echo(f"  {locale:8} {topic:22} {value}")
    if bad:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
