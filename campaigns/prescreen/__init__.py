"""C4: the campaign pre-screen — the campaign's content turned into findings, as pure functions.

``prescreen(campaign, brand, remediations=...)`` reads the campaign fields in the API's spelling (see
``campaigns.choices.CONTENT_FIELDS`` / ``ATTRIBUTE_FIELDS``) and returns one finding per problem found:
``{check, code, field, message, remediation, prohibited}``. ``code`` is the catalogue code the analyst would
reject with; ``remediation`` is that code's catalogue text (passed in, so this module reads no database);
``prohibited`` marks content in a category the ISV onboarding guidelines prohibit outright (C1).

It never raises on odd input: missing keys, ``None``, wrong types, huge strings and unusual unicode are read
as "nothing there". Word and domain lists are data files under ``campaigns/data/``; ``CHECKS`` documents
every check with the codes it can cite.

Keyword matching works on words, not substrings: the text is cut into word tokens (a hyphen is a token of
its own, so "delta-8" differs from "Delta 8:05am"), and the lists' phrases are looked up as token n-grams.
So "Scunthorpe", "classic", "grasshopper" and "appointment slots" never fire. A term does not count when a
negation ("no", "not", "never", "without", …) comes earlier in the same clause ("we do not sell alcohol"),
when it is glued to "-free" ("alcohol-free"), or when it sits inside one of the list's "!" exceptions
("nail gun", "root beer").

The package, by check family: ``content`` (sample messages), ``messages`` (opt-in/HELP/opt-out), ``cta`` (the call
to action / message flow), ``prohibited`` (prohibited categories), ``attributes`` (attributes and use case),
``registration`` (description, website, privacy policy, number pool); ``engine`` holds the registry and the run,
``reading`` the parsed campaign, ``words`` and ``patterns`` the shared tokenising and matching helpers.
"""

from .engine import CHECK_CODES, CHECKS, FAMILIES, prescreen
from .reading import MAX_FIELD_CHARS, MAX_SAMPLES, BrandFacts, Finding

__all__ = ["CHECKS", "CHECK_CODES", "FAMILIES", "MAX_FIELD_CHARS", "MAX_SAMPLES", "BrandFacts", "Finding", "prescreen"]
