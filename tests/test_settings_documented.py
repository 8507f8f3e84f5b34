from pathlib import Path

from app.config import SETTINGS

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing


def test_create_app_config_overrides(tmp_path):
    from app import create_app

    app = create_app({"STATE_STORE": "memory", "MAX_MESSAGE_CHARS": 10, "SECRET_KEY": "x"})
    assert app.config["MAX_MESSAGE_CHARS"] == 10
    r = app.test_client().post("/api/v1/messages", json={"text": "a" * 11})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "text_too_long"
