"""The engine's rule names and sentences in the words of the pages (pure, no Django).

The engine names a rule by its key ("min_countries: 99 countries cannot fit in max_size 6"); the
pages show the label of the form field that sets it, wherever the key stands ("Min countries: 99
countries cannot fit in Max size 6.").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Where a company's readiness comes from when it has not been assessed (instance_builder.py).
TRL_PROXY = "TRL proxy"

RULE_LABELS = {
    "min_size": "Min size",
    "max_size": "Max size",
    "min_countries": "Min countries",
    "min_readiness": "Min readiness",
    "min_fit": "Min fit",
    "cover_all": "Cover every capability",
    "lock": "Locked companies",
    "exclude": "Excluded companies",
}
WEIGHT_LABELS = {"tie": "Tie weight", "readiness": "Readiness weight", "size": "Size weight"}
# The proposal form's checkbox that keeps out companies without a required capability.
CAPABLE_ONLY_LABEL = "every member brings a required capability"
# Rule keys that may also appear inside an engine sentence ("... cannot fit in max_size 6").
_KEY_IN_TEXT = re.compile(r"(?<![\w.-])(" + "|".join(k for k in RULE_LABELS if "_" in k) + r")(?![\w-])")


def keys_as_labels(text: str) -> str:
    """Rule keys inside a sentence replaced by their labels ("in max_size 6" -> "in Max size 6")."""
    return _KEY_IN_TEXT.sub(lambda m: RULE_LABELS[m.group(1)], text)


# The engine names a company by its id: "locked company 12 has readiness 0.3", "company '12' is ...".
_COMPANY_ID = re.compile(r"\bcompany '?([\w-]+)'?")


def rule_sentence(
    reason: str, capability_names: Mapping[str, str], company_names: Mapping[str, str] | None = None
) -> str:
    """An engine reason as a sentence of the page: the rule by its label, capabilities and companies
    by name, ending with a full stop (so the next sentence does not run into it)."""
    key, colon, rest = reason.partition(": ")
    text = f"{RULE_LABELS[key]}: {rest}" if colon and key in RULE_LABELS else reason
    text = keys_as_labels(text)
    if company_names:
        text = _COMPANY_ID.sub(
            lambda m: company_names[m.group(1)] if m.group(1) in company_names else m.group(0), text
        )
    if capability_names:
        ids = sorted(capability_names, key=len, reverse=True)
        pattern = r"(?<![\w.-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])"
        text = re.sub(pattern, lambda m: capability_names[m.group(1)], text)
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
