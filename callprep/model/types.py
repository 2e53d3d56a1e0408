"""The closed sets of values that run from the data files through the Sheet to the options.

Each is a ``Literal`` so that pydantic validates the data against it, the Sheet carries it
as a type, and the command line offers exactly these choices (:func:`choices`).
"""

from __future__ import annotations

import typing
from typing import Literal

Channel = Literal["hotline", "store", "online"]
ChannelChoice = Literal["all", "hotline", "store", "online"]
CompanionMode = Literal["hotline", "store"]  # what the call companion walks through: the call, the visit
Sim = Literal["physical", "esim"]
Situation = Literal["own", "passport-changed", "proxy", "sim-lost", "abroad"]
Origin = Literal["own_sim", "any_phone", "abroad"]
Confidence = Literal["high", "medium-high", "medium", "low-medium", "low"]
Cost = Literal["free", "free-in-roaming", "tariff"]
OnlineStatus = Literal["yes", "no", "via-support", "unconfirmed"]
RefundRoute = Literal["bank_account", "bank_card", "other_number", "cash"]
CarrierKind = Literal["mno", "mvno"]
Basis = Literal["carrier", "general", "optional", "advice", "unverified"]
Role = Literal["you", "staff"]
PhraseGroup = Literal["greeting", "request", "documents", "money", "proof", "closing", "questions", "numbers"]
TurnKind = Literal["hear", "say"]
# How sure a fact is, in words that help: an official (or legal, or several reputable) source; every
# source found agrees but none is official; one secondary source; unofficial pages only; sources disagree.
Certainty = Literal["official", "agreed", "secondary", "unofficial", "conflicting"]
ApplicationKind = Literal["termination", "refund"]
EngineChoice = Literal["auto", "gtts", "offline"]
ChecklistItem = Literal["backup", "logins", "money", "subscriptions", "hours", "official_only", "esim_keep"]


def choices(literal: object) -> tuple[str, ...]:
    """The values of a ``Literal`` type, in their declared order."""
    return typing.get_args(literal)
