"""Build the Sheet from a carrier, a request and the user's language. Pure: no I/O."""

from __future__ import annotations

from callprep.errors import UsageProblem
from callprep.i18n import Localizer
from callprep.model.carriers import ORIGINS, Carrier
from callprep.model.common_facts import common_facts
from callprep.model.facts import Fact, SourcedStatement
from callprep.model.phones import display_number
from callprep.model.phrases import Phrase, catalogue, make_phrase
from callprep.model.scripts import scripts
from callprep.model.types import Channel, ChecklistItem, Situation, choices
from callprep.sheet import model as sheet

FALLBACK_PHRASES = ("operator_word", "connect_operator")
CHECKLIST: tuple[ChecklistItem, ...] = ("backup", "logins", "money", "subscriptions", "hours", "official_only")
AT_HAND: dict[Channel, tuple[str, ...]] = {
    "hotline": ("passport_details", "code_word", "phone_with_sim"),
    "online": ("app_login", "phone_with_sim"),
}


def channels_for(request: sheet.Request) -> tuple[Channel, ...]:
    """The channels the sheet covers; a situation that rules out the asked channel is an error."""
    allowed = scripts().situations[request.situation].channels
    if request.channel == "all":
        return tuple(channel for channel in choices(Channel) if channel in allowed)
    if request.channel not in allowed:
        raise UsageProblem(
            f"--situation {request.situation} does not go with --channel "
            f"{request.channel}; use --channel {' or '.join(allowed)} or all"
        )
    return (request.channel,)


def source_of(fact: Fact, loc: Localizer) -> sheet.Source:
    note = loc.gettext(fact.note) if fact.note else None
    return sheet.Source(fact.confidence, tuple(fact.sources), fact.dated, fact.checked, note)


def value_of(fact: Fact | None, loc: Localizer, attribute: str = "value") -> sheet.Value:
    if fact is None:
        return sheet.Value(None)
    return sheet.Value(getattr(fact, attribute), source_of(fact, loc))


def statement(fact: SourcedStatement, loc: Localizer) -> sheet.Statement:
    return sheet.Statement(loc.gettext(fact.text), source_of(fact, loc))


def numbers(carrier: Carrier, loc: Localizer) -> tuple[sheet.Number, ...]:
    found = []
    for origin in ORIGINS:
        phone = getattr(carrier.hotline, origin)
        if phone is None:
            found.append(sheet.Number(origin, None, None))
            continue
        abroad = origin == "abroad"
        found.append(
            sheet.Number(
                origin,
                display_number(phone.number, international=abroad),
                phone.number,
                phone.hours,
                phone.cost,
                tuple(display_number(other, international=abroad) for other in phone.conflicts_with),
                source_of(phone, loc),
            )
        )
    return tuple(found)


def phrase(phrase_id: str, carrier: Carrier, loc: Localizer, situation: Situation = "own") -> Phrase:
    """One phrase for this carrier; a representative (``proxy``) speaks of the owner in the third person."""
    return make_phrase(catalogue()[phrase_id], carrier, loc.gettext, situation)


def steps(script: str, request: sheet.Request, carrier: Carrier, loc: Localizer) -> tuple[sheet.Step, ...]:
    chosen = []
    for step in getattr(scripts(), script):
        if not step.applies(request.sim, request.situation, request.application):
            continue
        heard = phrase(step.hear, carrier, loc, request.situation) if step.hear else None
        said = tuple(phrase(pid, carrier, loc, request.situation) for pid in (step.answer if step.hear else step.say))
        note = loc.gettext(step.note) if step.note else None
        chosen.append(sheet.Step("hear" if heard else "say", heard, said, note))
    return tuple(chosen)


def _document(doc_id: str, basis: str, fact: Fact | None, loc: Localizer) -> sheet.Document:
    kind = common_facts().documents[doc_id]
    return sheet.Document(doc_id, kind.ru, loc.gettext(kind.en), basis, source_of(fact, loc) if fact else None)


def store_documents(
    carrier: Carrier, situation: str, loc: Localizer, application: bool = False
) -> tuple[sheet.Document, ...]:
    """Documents for the counter: the carrier's sourced list, or a general one marked so."""
    rules = scripts().situations[situation]
    docs = carrier.documents
    basis = "carrier" if docs else "general"
    if situation == "proxy":
        required = docs.proxy if docs and docs.proxy else ["power_of_attorney", "representative_passport"]
    else:
        required = docs.required if docs else ["passport"]
    lines = [_document(doc_id, basis, docs, loc) for doc_id in required]
    lines += [_document(doc_id, "optional", docs, loc) for doc_id in (docs.optional if docs else [])]
    lines += [_document(doc_id, "advice", None, loc) for doc_id in rules.add_documents]
    if application:
        lines.append(_document("application", "advice", None, loc))
    if situation != "proxy":
        lines.append(_document("passport_translation", "unverified", None, loc))
    return tuple(line for line in lines if line.id not in rules.drop_documents)


def documents(
    carrier: Carrier, channels: tuple[Channel, ...], situation: str, loc: Localizer, application: bool = False
) -> dict[Channel, tuple[sheet.Document, ...]]:
    result = {}
    for channel in channels:
        if channel == "store":
            result[channel] = store_documents(carrier, situation, loc, application)
        else:
            result[channel] = tuple(_document(doc_id, "advice", None, loc) for doc_id in AT_HAND[channel])
    return result


def carrier_facts(carrier: Carrier, loc: Localizer) -> dict[str, sheet.Value]:
    return {
        "inactivity_days": value_of(carrier.inactivity_days, loc, "days"),
        "esim": value_of(carrier.esim, loc),
        "no_debt_required": value_of(carrier.no_debt_required, loc),
        "termination_in_store": value_of(carrier.termination_in_store, loc),
        "refund": value_of(carrier.refund, loc, "routes"),
    }


def used_phrases(*groups) -> tuple[Phrase, ...]:
    """Every phrase of the given steps and phrase lists once, in order of first use."""
    seen: dict[str, Phrase] = {}
    for group in groups:
        for item in group:
            if isinstance(item, sheet.Step):
                for each in ((item.heard,) if item.heard else ()) + item.say:
                    seen.setdefault(each.id, each)
            else:
                seen.setdefault(item.id, item)
    return tuple(seen.values())


def build_sheet(request: sheet.Request, carrier: Carrier, loc: Localizer) -> sheet.Sheet:
    """Everything one prep sheet shows, in the user's language, with every fact's source."""
    channels = channels_for(request)
    facts = common_facts()
    situation = scripts().situations[request.situation]
    all_numbers = numbers(carrier, loc)
    fallback = tuple(phrase(pid, carrier, loc, request.situation) for pid in FALLBACK_PHRASES)
    hotline = store = None
    if "hotline" in channels:
        keys = value_of(carrier.voice_menu, loc, "keys")
        hotline = sheet.Hotline(all_numbers, keys, steps("hotline", request, carrier, loc), fallback)
    if "store" in channels:
        store = sheet.Store(steps("store", request, carrier, loc))
    chat = tuple(p for step in steps("chat", request, carrier, loc) for p in step.say) if "online" in channels else ()
    digits = tuple(phrase(pid, carrier, loc) for pid, entry in catalogue().items() if entry.group == "numbers")
    checked = max(fact.checked for fact in carrier.facts()) if carrier.facts() else None
    sources = tuple(dict.fromkeys(source for fact in carrier.facts() for source in fact.sources))
    checklist = CHECKLIST + (("esim_keep",) if request.sim == "esim" else ())
    return sheet.Sheet(
        request=request,
        carrier_en=carrier.names.en,
        carrier_ru=carrier.names.ru,
        kind=carrier.kind,
        legal_entity=value_of(carrier.legal_entity, loc),
        numbers=all_numbers,
        checked=checked,
        sources=sources,
        channels=channels,
        situation_note=loc.gettext(situation.note) if situation.note else None,
        checklist=checklist,
        facts=carrier_facts(carrier, loc),
        refund_routes=tuple(carrier.refund.routes) if carrier.refund else (),
        extra=tuple(statement(item, loc) for item in carrier.extra),
        hotline=hotline,
        store=store,
        documents=documents(carrier, channels, request.situation, loc, request.application),
        online=sheet.Online(
            status=value_of(carrier.online_termination, loc, "status"),
            app=value_of(carrier.app, loc),
            needs=documents(carrier, ("online",), request.situation, loc)["online"],
            chat=chat,
        ),
        esim=sheet.ESim(
            offered=value_of(carrier.esim, loc),
            not_termination=statement(facts.esim.not_termination, loc),
            iphone=statement(facts.esim.iphone, loc),
            android=statement(facts.esim.android, loc),
        ),
        rules=tuple(statement(item, loc) for item in facts.rules),
        legal=tuple(statement(item, loc) for item in facts.legal),
        digits=digits,
        phrases=used_phrases(hotline.steps if hotline else (), store.steps if store else (), fallback, digits),
    )
