"""Run every conversation file in this folder against the real core."""

from pathlib import Path

import pytest

from app.cli.convtests import load_conversation_files
from app.cli.convtests import run_conversation

CONVERSATIONS = load_conversation_files([Path(__file__).parent])


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=lambda c: c.name)
def test_conversation(conversations, conversation):
    assert run_conversation(conversations, conversation) == []
