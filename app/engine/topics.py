"""Topic ids the dialogue itself refers to (all others come from content)."""

REFERRAL_TOPIC = "find-legal-help"
FALLBACK_TOPIC = "fallback"
MENU_TOPIC = "menu"
GREETING_TOPIC = "greeting"
LANGUAGE_TOPIC = "language"
CLARIFY_TOPIC = "clarify"
