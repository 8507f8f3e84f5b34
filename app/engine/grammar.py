"""The concepts the engine reads itself, beside the rules: negation, its
limits, questions and pointing back (their words are in content/vocab)."""

NEGATION = "not"
NEGATION_AFTER = "not-after"
# "Not about taxes, I need a lawyer", "세금 얘기 말고요": the whole clause is
# set aside, including who or what it names.
NOT_ABOUT = "not-about"
NOT_ABOUT_AFTER = "not-about-after"
SETS_ASIDE = (NOT_ABOUT, NOT_ABOUT_AFTER)
NEGATORS = (NEGATION, NEGATION_AFTER, *SETS_ASIDE)
CLAUSE_BREAK = "but"
ASKS = "asks"
ASKS_END = "asks-end"
REFERS_BACK = "refers-back"
# A say-verb ("says", "me dijo", "falou", "di"): the person just before it is
# only being quoted.
SAYS = "says"
# "If I don't file ...": a negator inside a supposition (a longer trigger of
# this concept holds it) denies nothing; not filing is still the subject.
IF_NOT = "if-not"
ENGINE_CONCEPTS = frozenset({*NEGATORS, CLAUSE_BREAK, ASKS, ASKS_END, REFERS_BACK, SAYS, IF_NOT})
# Short replies to the bot's own questions ("yes", "no thanks", "hindi po"):
# read by the dialogue, they say nothing about what a sentence is about, and a
# negator inside one still denies ("hindi po ako undocumented").
YES = "yes"
SKIP = "skip"
REPLIES = frozenset({YES, SKIP})
# Small talk and "please, help": concepts (and topics of the same names) that
# say nothing about what a question is about.
SMALL_TALK = frozenset({"greeting", "thanks", "goodbye"})
MENU = "menu"
# A time in the past ("last year", "in 2019"): a calm that dates a whole story,
# which no `but` takes back (the calming concepts themselves are listed per
# topic in content/topics.yaml).
PAST = "past"
AHEAD = "calm"  # "just curious", "nobody came": an urgent scene asked about ahead of time
# "Must I...?", "what should I do?": a question that names only these asks
# about the scene told before it ("they are making everyone sign. Must I sign
# too?"), so, like a question naming nothing, it does not discount the story.
MODALS = frozenset({"must", "should"})
# "What is ...?": a question of its own kind. A should-phrase that begins with
# it ("ano po ang dapat", what should we) is one question, "what should", and
# takes it in, as it does not take in a topic's concept it begins with.
DEFINE = "define"
