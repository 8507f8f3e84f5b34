"""The dialogue's flows, one module each, mixed into :class:`app.engine.engine.Engine`:

- ``language``: which language to answer in, and offers to change it;
- ``choices``: a number or choice value picking from the last reply's choices;
- ``referral``: the legal-help flow (ZIP code or state, then organizations).
"""
