"""Which language detector for short chat messages? Prints accuracy and speed.

    .venv/bin/python benchmarks/detect_bench.py [EVAL_FILE]

Texts: the evaluation file's cases (locale = the language the text is in).
Each candidate must run offline from an installed package. "abstain" counts
the cases where a detector declines (below threshold or too short): the bot
then keeps the default language and offers the language menu, which is safe.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOCALES = ("en", "es", "zh-Hans", "vi", "ko", "tl", "ht", "ar", "pt", "fr")
EVAL_TO_OURS = {"zh": "zh-Hans"}


def run(name, detect, cases):
    right = wrong = abstain = 0
    times = []
    for case in cases:
        want = EVAL_TO_OURS.get(case["locale"], case["locale"])
        start = time.perf_counter_ns()
        got = detect(case["text"])
        times.append((time.perf_counter_ns() - start) / 1000)
        if got is None:
            abstain += 1
        elif got == want:
            right += 1
        else:
            wrong += 1
    n = len(cases)
    print(f"{name:38} right {right / n:6.1%}  wrong {wrong / n:6.1%}  abstain {abstain / n:6.1%}  "
          f"median {statistics.median(times):7.1f} µs")


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "dev.yaml"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    from app.engine.detect import Detector

    for threshold in (0.0, 0.5, 0.6, 0.7):
        started = time.perf_counter()
        det = Detector(LOCALES, min_confidence=threshold)
        built = time.perf_counter() - started
        run(f"lingua low + ht words, min {threshold} ({built * 1000:.0f} ms build)", det.detect, cases)
    try:
        from lingua import Language
        from lingua import LanguageDetectorBuilder

        from app.engine.detect import _LINGUA_NAMES

        langs = {getattr(Language, v): k for k, v in _LINGUA_NAMES.items()}
        high = LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()

        def lingua_high(text):
            found = high.detect_language_of(text)
            return langs.get(found) if found else None

        run("lingua high accuracy (no ht words)", lingua_high, cases)
    except ImportError:
        print("lingua not installed")
    try:
        import langid

        ident = langid.langid.LanguageIdentifier.from_modelstring(langid.langid.model, norm_probs=True)
        ident.set_languages(["en", "es", "zh", "vi", "ko", "tl", "ht", "ar", "pt", "fr"])

        def by_langid(text):
            code, _p = ident.classify(text)
            return EVAL_TO_OURS.get(code, code)

        run("langid (restricted, with ht)", by_langid, cases)

        from app.engine.detect import MIN_LETTERS
        from app.engine.detect import haitian_score

        for threshold in (0.5, 0.8, 0.9):
            def gated(text, threshold=threshold):
                letters = sum(ch.isalpha() for ch in text)
                if letters < MIN_LETTERS and not any(ord(ch) > 0x2E80 for ch in text):
                    return None
                if haitian_score(text):
                    return "ht"
                code, p = ident.classify(text)
                return EVAL_TO_OURS.get(code, code) if p >= threshold else None

            run(f"langid + same gates, min {threshold}", gated, cases)
    except ImportError:
        print("langid not installed (pip install langid to compare)")


if __name__ == "__main__":
    main()
