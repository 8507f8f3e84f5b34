"""Broken content is refused with every problem named by file and line."""

import re

import pytest

from app import create_app
from app.content import load_bundle
from app.errors import ContentError


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def reported_at(folder, path, needle, words):
    """Whether loading ``folder`` reports ``words`` at the file and line of ``needle``."""
    where = f"content/{path.relative_to(folder).as_posix()}:{line_of(path, needle)}:"
    return any(p.startswith(where) and words in p for p in problems(folder))


def problems(folder):
    with pytest.raises(ContentError) as info:
        load_bundle(folder, ["en", "es"])
    return info.value.problems


def test_real_content_is_valid():
    bundle = load_bundle("content", ["en", "es"])
    assert not bundle.warnings, bundle.warnings


def test_unknown_key_names_file_and_line(content_copy):
    path = content_copy / "answers" / "itin.yaml"
    edit(path, "sources:", "sorces:")
    line = line_of(path, "sorces:")
    found = problems(content_copy)
    assert any(p.startswith(f"content/answers/itin.yaml:{line}: sorces: unknown key") for p in found), found


def test_broken_yaml_names_file_and_line(content_copy):
    path = content_copy / "answers" / "thanks.yaml"
    edit(path, "title:", "title: [unclosed\ntitle2:")
    found = problems(content_copy)
    assert len(found) >= 1
    assert re.match(r"content/answers/thanks\.yaml:\d+: invalid YAML", found[0]), found


def test_duplicate_key_is_an_error(content_copy):
    path = content_copy / "answers" / "thanks.yaml"
    edit(path, "needs_lawyer:", "reviewed: 2026-01-01\nneeds_lawyer:")
    assert any("duplicate key 'reviewed'" in p and "thanks.yaml" in p for p in problems(content_copy))


def test_unknown_source_id(content_copy):
    path = content_copy / "answers" / "itin.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"sources: \[([a-z0-9-]+)", text).group(1)
    edit(path, f"sources: [{first}", "sources: [no-such-source")
    line = line_of(path, "no-such-source")
    assert any(
        p.startswith(f"content/answers/itin.yaml:{line}:") and "unknown source id 'no-such-source'" in p
        for p in problems(content_copy)
    )


def test_topic_without_an_answer(content_copy):
    (content_copy / "answers" / "goodbye.yaml").unlink()
    assert any("topic 'goodbye' has no answer" in p for p in problems(content_copy))


def test_same_trigger_in_two_concepts(content_copy):
    path = content_copy / "vocab" / "en.yaml"
    edit(path, "  thanks: [thanks,", "  thanks: [hello, thanks,")
    assert any("trigger 'hello' is in both" in p and "en.yaml" in p for p in problems(content_copy))


def test_rules_claiming_the_same_trigger_for_two_topics(content_copy):
    path = content_copy / "rules.yaml"
    edit(path, "  - {topic: itin, priority: 15, when: [itin]}",
         "  - {topic: itin, priority: 15, when: [itin]}\n  - {topic: itin-risk, priority: 15, when: [itin]}")
    assert any("the same trigger would claim two topics" in p for p in problems(content_copy))


def test_regex_that_does_not_compile(content_copy):
    path = content_copy / "vocab" / "common.yaml"
    edit(path, 'litc: ["=litc", "=litcs"]', 'litc: ["=litc", "=litcs", "re:(unclosed"]')
    assert reported_at(content_copy, path, "re:(unclosed", "does not compile")


def test_shorthand_is_one_word_for_one_word(content_copy):
    path = content_copy / "vocab" / "es.yaml"
    edit(path, 'shorthand: {"k": "que",', 'shorthand: {"k": "que", "oq": "o que",')
    assert reported_at(content_copy, path, '"oq": "o que"', "one word for one word")
    bundle = load_bundle("content", ["en", "es"])
    assert bundle.shorthand["es"]["k"] == "que"


def test_content_answer_needs_an_https_source(content_copy):
    path = content_copy / "answers" / "itin.yaml"
    text = path.read_text(encoding="utf-8")
    edit(path, re.search(r"sources: \[[^\]]*\]", text).group(0), "sources: []")
    assert any("a content answer needs a source" in p for p in problems(content_copy))


def test_contact_detail_without_source(content_copy):
    path = content_copy / "directory" / "states.yaml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r"(contact_sources:\n)(\s+url: [a-z0-9-]+\n)", text)
    edit(path, found.group(0), found.group(1))
    assert any("no contact_sources entry for: url" in p for p in problems(content_copy))


def test_every_problem_is_reported_at_once(content_copy):
    edit(content_copy / "answers" / "itin.yaml", "title:", "titel:")
    edit(content_copy / "answers" / "thanks.yaml", "title:", "titel:")
    found = problems(content_copy)
    assert any("itin.yaml" in p for p in found) and any("thanks.yaml" in p for p in found)


def test_app_refuses_to_start_on_invalid_content(content_copy):
    edit(content_copy / "answers" / "itin.yaml", "title:", "titel:")
    with pytest.raises(ContentError, match=r"answers/itin\.yaml:\d+"):
        create_app({"CONTENT_DIR": str(content_copy), "STATE_STORE": "memory"})


def test_calmed_by_needs_an_urgent_topic_and_known_concepts(content_copy):
    path = content_copy / "topics.yaml"
    edit(path, "calmed_by: [calm, released, plan]", "calmed_by: [calm, no-such-concept]")
    edit(path, "  - {id: itin, kind: content}", "  - {id: itin, kind: content, calmed_by: [calm]}")
    found = problems(content_copy)
    assert any("calmed_by is only for urgent topics" in p and "topics.yaml" in p for p in found), found
    assert any("'detained'" in p and "'no-such-concept' is not defined" in p for p in found), found


def test_a_rule_asked_ahead_must_be_of_an_urgent_topic(content_copy):
    path = content_copy / "rules.yaml"
    edit(path, "  - {topic: find-legal-help, priority: 26, when: [plan], partial: false}",
         "  - {topic: find-legal-help, priority: 26, when: [plan], partial: false, ahead: true}")
    assert reported_at(content_copy, path, "partial: false, ahead: true", "ahead is only for rules of urgent topics")


def test_a_cached_start_up_reads_the_same_content_and_still_reports_breakage(content_copy, tmp_path):
    # Start-up keeps parsed files in the instance cache (app/content/yamlfile.py).
    cache = tmp_path / "cache"
    plain = load_bundle(content_copy, ["en", "es"])
    first = load_bundle(content_copy, ["en", "es"], cache_dir=cache)
    again = load_bundle(content_copy, ["en", "es"], cache_dir=cache)
    assert any(p.name.startswith("yaml-") for p in cache.iterdir())
    assert plain.vocab == first.vocab == again.vocab and plain.rules == again.rules
    assert plain.topics == again.topics
    # A file changed since is read again: its errors are found, at their line.
    path = content_copy / "answers" / "thanks.yaml"
    edit(path, "needs_lawyer:", "reviewed: 2026-01-01\nneeds_lawyer:")
    with pytest.raises(ContentError) as info:
        load_bundle(content_copy, ["en", "es"], cache_dir=cache)
    assert any("duplicate key 'reviewed'" in p and "thanks.yaml" in p for p in info.value.problems)
