"""Build the Sheet from a carrier, a request and the user's language. Pure: no I/O."""

from __future__ import annotations

from babel.lists import format_list

from callprep.errors import N_, OR, Joined, Msg, UsageProblem
from callprep.i18n import Localizer
from callprep.model.carriers import ORIGINS, Carrier
from callprep.model.common_facts import common_facts
from callprep.model.facts import Fact, Phone, SourcedStatement
from callprep.model.phrases import Phrase, catalogue, make_phrase
from callprep.model.plan import MAX_STEPS, SLOT, plan_steps
from callprep.model.scripts import scripts
from callprep.model.types import Certainty, Channel, ChecklistItem, choices
from callprep.sheet import model as sheet

FALLBACK_PHRASES = ("operator_word", "connect_operator")
CHECKLIST: tuple[ChecklistItem, ...] = ("backup", "logins", "money", "subscriptions", "hours", "official_only")
AT_HAND: dict[Channel, tuple[str, ...]] = {
    "hotline": ("passport_details", "code_word", "phone_with_sim"),
    "online": ("app_login", "phone_with_sim"),
}
ROUTE_ORDER: tuple[Channel, ...] = ("store", "hotline", "online")  # the recommended route comes first


def channels_for(request: sheet.Request, carrier: Carrier) -> tuple[Channel, ...]:
    """The channels the sheet covers: those the carrier has and the situation allows. Asking for
    one the carrier does not have, or that the situation rules out, is an error that names the valid ones."""
    allowed = scripts().situations[request.situation].channels
    offered = carrier.offered_channels()
    usable = tuple(channel for channel in choices(Channel) if channel in allowed and channel in offered)
    if request.channel != "all" and request.channel not in offered:
        raise UsageProblem(
            Msg(
                N_("%(carrier)s has no %(channel)s channel; its channels: %(offered)s (or all)"),
                carrier=carrier.names.en,
                channel=request.channel,
                offered=", ".join(offered),
            )
        )
    if not usable:
        raise UsageProblem(
            Msg(
                N_(
                    "--situation %(situation)s needs the %(allowed)s channel, which %(carrier)s does not have; "
                    "its channels: %(offered)s"
                ),
                situation=request.situation,
                allowed=Joined(allowed, OR),
                carrier=carrier.names.en,
                offered=", ".join(offered),
            )
        )
    if request.channel == "all":
        return usable
    if request.channel not in allowed:
        raise UsageProblem(
            Msg(
                N_("--situation %(situation)s does not go with --channel %(channel)s; use --channel %(usable)s or all"),
                situation=request.situation,
                channel=request.channel,
                usable=Joined([c for c in allowed if c in offered], OR),
            )
        )
    return (request.channel,)


def certainty(fact: Fact) -> Certainty:
    """How sure a fact is, from its confidence, its agreement and any conflict it records."""
    conflicting = (isinstance(fact, Phone) and fact.conflicts_with) or getattr(fact, "status", None) == "unconfirmed"
    if conflicting:
        return "conflicting"
    if fact.confidence == "high":
        return "official"
    if fact.agreed:
        return "agreed"
    return "secondary" if fact.confidence in ("medium-high", "medium") else "unofficial"


class SheetBuilder:
    """Builds one Sheet; numbers each source once, in the order the sheet first shows it."""

    def __init__(self, request: sheet.Request, carrier: Carrier, loc: Localizer):
        self.request, self.carrier, self.loc = request, carrier, loc
        self.sources: dict[str, int] = {}

    # Facts and their sources

    def source(self, fact: Fact) -> sheet.Source:
        refs = tuple(self.sources.setdefault(name, len(self.sources) + 1) for name in fact.sources)
        note = self.loc.gettext(fact.note) if fact.note else None
        return sheet.Source(fact.confidence, tuple(fact.sources), fact.dated, fact.checked, note, certainty(fact), refs)

    def value(self, fact: Fact | None, attribute: str = "value") -> sheet.Value:
        if fact is None:
            return sheet.Value(None)
        value = getattr(fact, attribute)
        return sheet.Value(tuple(value) if isinstance(value, list) else value, self.source(fact))

    def statement(self, fact: SourcedStatement) -> sheet.Statement:
        return sheet.Statement(self.loc.gettext(fact.text), self.source(fact))

    def numbers(self) -> tuple[sheet.Number, ...]:
        found = []
        for origin in ORIGINS:
            phone = getattr(self.carrier.hotline, origin)
            if phone is None:
                found.append(sheet.Number(origin, None, None))
                continue
            abroad = origin == "abroad"
            found.append(
                sheet.Number(
                    origin,
                    phone.display(abroad),
                    phone.number,
                    phone.hours,
                    phone.cost,
                    tuple(phone.conflicts(abroad)),
                    self.source(phone),
                )
            )
        return tuple(found)

    # Phrases and scripts

    def phrase(self, phrase_id: str) -> Phrase:
        """One phrase for this carrier; a representative (``proxy``) speaks of the owner in the third person."""
        return make_phrase(catalogue()[phrase_id], self.carrier, self.loc.gettext, self.request.situation)

    def steps(self, script: str) -> tuple[sheet.Step, ...]:
        chosen = []
        for step in getattr(scripts(), script):
            request, offered = self.request, self.carrier.offered_channels()
            if not step.applies(request.sim, request.situation, request.application, offered):
                continue
            heard = self.phrase(step.hear) if step.hear else None
            said = tuple(self.phrase(pid) for pid in (step.answer if step.hear else step.say))
            note = self.loc.gettext(step.note) if step.note else None
            chosen.append(sheet.Step("hear" if heard else "say", heard, said, note))
        return tuple(chosen)

    # Documents

    def document(self, doc_id: str, basis: str, fact: Fact | None) -> sheet.Document:
        kind = common_facts().documents[doc_id]
        source = self.source(fact) if fact else None
        return sheet.Document(doc_id, kind.ru, self.loc.gettext(kind.en), basis, source)

    def store_documents(self, application: bool) -> tuple[sheet.Document, ...]:
        """Documents for the counter: the carrier's sourced list, or a general one marked so."""
        situation = self.request.situation
        rules = scripts().situations[situation]
        docs = self.carrier.documents
        basis = "carrier" if docs else "general"
        if situation == "proxy":
            required = docs.proxy if docs and docs.proxy else ["power_of_attorney", "representative_passport"]
        else:
            required = docs.required if docs else ["passport"]
        lines = [self.document(doc_id, basis, docs) for doc_id in required]
        lines += [self.document(doc_id, "optional", docs) for doc_id in (docs.optional if docs else [])]
        lines += [self.document(doc_id, "advice", None) for doc_id in rules.add_documents]
        if application:
            lines.append(self.document("application", "advice", None))
        if situation != "proxy":
            lines.append(self.document("passport_translation", "unverified", None))
        return tuple(line for line in lines if line.id not in rules.drop_documents)

    def documents(self, channel: Channel, application: bool = False) -> tuple[sheet.Document, ...]:
        if channel == "store":
            return self.store_documents(application)
        return tuple(self.document(doc_id, "advice", None) for doc_id in AT_HAND[channel])

    # The plan

    def route(self, channels: tuple[Channel, ...]) -> Channel:
        return next(channel for channel in ROUTE_ORDER if channel in channels)

    def slots(self, route: Channel) -> dict[str, str | None]:
        carrier, loc = self.carrier, self.loc
        hotline = carrier.hotline
        from_russia = hotline.any_phone or hotline.own_sim

        def shown(phone, abroad=False):
            return phone.display(abroad) if phone else None

        docs = carrier.documents
        poa = next((doc_id for doc_id in (docs.proxy if docs else []) if doc_id.startswith("power_of_attorney")), None)
        routes = carrier.refund.routes if carrier.refund else []
        words = {
            "bank_account": loc.gettext("to a Russian bank account"),
            "bank_card": loc.gettext("to a bank card"),
            "other_number": loc.gettext("to another number of the same carrier"),
            "cash": loc.gettext("in cash"),
        }
        return {
            "carrier": carrier.names.en,
            "number": shown(from_russia),
            "number_any": shown(hotline.any_phone),
            "number_abroad": shown(hotline.abroad, abroad=True),
            "app": carrier.app.value if carrier.app else None,
            "poa": loc.gettext(common_facts().documents[poa or "power_of_attorney"].en),
            "routes": format_list([words[r] for r in routes], style="or", locale=loc.locale) if routes else None,
            "days": str(carrier.inactivity_days.days) if carrier.inactivity_days else None,
            "say": self.phrase("terminate_contract").ru,
        }

    def plan(self, route: Channel) -> tuple[sheet.PlanStep, ...]:
        request = self.request
        slots = self.slots(route)
        offered = self.carrier.offered_channels()
        chosen = []
        for spec in plan_steps():
            if not spec.applies(route, request.situation, request.sim, request.application, offered):
                continue
            known = all(slots.get(slot) for slot in spec.needs)
            text = spec.text if known else spec.text_unknown
            title = spec.title if known else (spec.title_unknown or spec.title)
            if text is None:
                continue
            unknown = [slot for slot in SLOT.findall(text + title) if slots.get(slot) is None]
            if unknown:  # a data error: plan.toml must list such a slot in `needs`
                raise ValueError(f"plan step {spec.id!r}: {', '.join(unknown)} unknown for {self.carrier.id}")
            gettext = self.loc.gettext
            chosen.append(sheet.PlanStep(spec.id, gettext(title) % slots, gettext(text) % slots))
        if len(chosen) > MAX_STEPS:
            raise ValueError(f"the plan for {request} has {len(chosen)} steps; at most {MAX_STEPS}")
        return tuple(chosen)

    # The whole sheet

    def build(self) -> sheet.Sheet:
        request, carrier, loc = self.request, self.carrier, self.loc
        channels = channels_for(request, carrier)
        route = self.route(channels)
        plan = self.plan(route)
        bring = self.documents(route, request.application)
        all_numbers = self.numbers()
        from_abroad = self.statement(common_facts().dialling.from_abroad)
        offered = self.value(carrier.channels, "offered")
        facts = common_facts()
        situation = scripts().situations[request.situation]
        fallback = tuple(self.phrase(pid) for pid in FALLBACK_PHRASES)
        hotline = store = None
        if "hotline" in channels:
            keys = self.value(carrier.voice_menu, "keys")
            hotline = sheet.Hotline(all_numbers, keys, self.steps("hotline"), fallback)
        if "store" in channels:
            store = sheet.Store(self.steps("store"))
        chat = tuple(p for step in self.steps("chat") for p in step.say) if "online" in channels else ()
        digits = tuple(self.phrase(pid) for pid, entry in catalogue().items() if entry.group == "numbers")
        carrier_facts = {
            "termination_in_store": self.value(carrier.termination_in_store),
            "no_debt_required": self.value(carrier.no_debt_required),
            "refund": self.value(carrier.refund, "routes"),
            "inactivity_days": self.value(carrier.inactivity_days, "days"),
            "esim": self.value(carrier.esim),
        }
        legal_entity = self.value(carrier.legal_entity)
        documents = {channel: self.documents(channel, request.application) for channel in channels}
        online = sheet.Online(
            status=self.value(carrier.online_termination, "status"),
            app=self.value(carrier.app),
            needs=self.documents("online"),
            chat=chat,
        )
        extra = tuple(self.statement(item) for item in carrier.extra)
        esim = sheet.ESim(
            offered=self.value(carrier.esim),
            not_termination=self.statement(facts.esim.not_termination),
            iphone=self.statement(facts.esim.iphone),
            iphone_warning=self.statement(facts.esim.iphone_warning),
            android=self.statement(facts.esim.android),
            android_ru=self.statement(facts.esim.android_ru),
            android_keeps_plan=self.statement(facts.esim.android_keeps_plan),
        )
        rules = tuple(self.statement(item) for item in facts.rules)
        legal = tuple(self.statement(item) for item in facts.legal)
        shared = (*facts.rules, *facts.legal, facts.dialling.from_abroad, *facts.esim.__dict__.values())
        dates = {fact.checked for fact in carrier.facts()} | {item.checked for item in shared}
        keep_esim = request.sim == "esim" and request.situation != "sim-lost"  # a lost eSIM is a lost phone
        checklist = CHECKLIST + (("esim_keep",) if keep_esim else ())
        return sheet.Sheet(
            request=request,
            carrier_en=carrier.names.en,
            carrier_ru=carrier.names.ru,
            kind=carrier.kind,
            route=route,
            plan=plan,
            bring=bring,
            legal_entity=legal_entity,
            numbers=all_numbers,
            from_abroad=from_abroad,
            checked=max(dates) if dates else None,
            one_check_date=len(dates) == 1,
            sources=tuple(self.sources),
            offered=offered,
            channels=channels,
            situation_note=loc.gettext(situation.note) if situation.note else None,
            checklist=checklist,
            facts=carrier_facts,
            refund_routes=tuple(carrier.refund.routes) if carrier.refund else (),
            extra=extra,
            hotline=hotline,
            store=store,
            documents=documents,
            online=online,
            esim=esim,
            rules=rules,
            legal=legal,
            digits=digits,
            phrases=used_phrases(hotline.steps if hotline else (), store.steps if store else (), fallback, digits),
        )


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
    return SheetBuilder(request, carrier, loc).build()
