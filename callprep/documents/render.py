"""Rendering: one Jinja2 environment per language, and the md / txt / html / json outputs."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from functools import cache
from gettext import NullTranslations
from pathlib import Path

import jinja2
from babel.lists import format_list
from markupsafe import Markup

from callprep import __version__
from callprep.documents.callflow import build_callflow, flow_words
from callprep.i18n import Localizer, localizer, review_notice, translit_default
from callprep.russian import strip_stress, transliterate
from callprep.sheet.model import Sheet
from callprep.speech.numerals import said_as

TEMPLATES = {"md": "sheet.text.j2", "txt": "sheet.text.j2", "html": "sheet.html.j2"}
# The sections of the sheet, in order, for every format: each has a partial per format,
# templates/sheet/<id>.html.j2 and <id>.text.j2, that renders nothing when it does not apply.
SHEET_SECTIONS = (
    "plan",
    "numbers",
    "carrier",
    "checklist",
    "hotline",
    "store",
    "documents",
    "online",
    "esim",
    "rules",
    "rights",
    "sources",
)


def _markdown_text(value: object) -> object:
    """In Markdown, text from the data cannot become HTML: ``<`` and ``>`` are written as entities
    (HTML is autoescaped by Jinja2; plain text needs nothing). The Markdown environment's finalize."""
    if isinstance(value, str):
        return value.replace("<", "&lt;").replace(">", "&gt;")
    return value


def template_gettext(translations: NullTranslations):
    """``_`` for the templates, with Jinja2's new-style gettext semantics (the message translated,
    marked safe where the template autoescapes, then always %-formatted with its keyword arguments,
    which are escaped there) in one call: the i18n extension's own ``_`` goes through three nested
    context calls, and a bundle's pages make some 3,500 of them."""
    gettext = translations.gettext

    @jinja2.pass_eval_context
    def translate(eval_ctx: jinja2.nodes.EvalContext, message: str, /, **variables: object) -> str:
        text = gettext(message)
        if eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return translate


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the user's cache folder (a folder per :func:`compiled_key`), so a
    later run skips compiling them; a cache that cannot be written is simply not used."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_key(module: Path = Path(__file__)) -> str:
    """What compiled templates depend on besides their source (which Jinja2 checks itself): the
    versions of callprep and Jinja2, and this module, which sets up the environments (a change to
    their settings, such as a finalize, changes the code Jinja2 compiles)."""
    import hashlib

    digest = hashlib.sha256(f"{__version__}\0{jinja2.__version__}\0".encode())
    digest.update(module.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


@cache
def bytecode_cache(markdown: bool) -> TemplateCache | None:
    """The compiled templates' folder; the Markdown environment's code differs (its finalize), so
    it has a folder of its own."""
    import platformdirs

    try:
        folder = (
            platformdirs.user_cache_path("callprep") / "templates" / compiled_key() / ("markdown" if markdown else "")
        )
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return TemplateCache(str(folder))


@cache
def environment(language: str, markdown: bool = False) -> jinja2.Environment:
    """The Jinja2 environment of one language, built once: package templates, strict undefined,
    autoescape for HTML only, and that language's catalog, date and list filters. Markdown has
    an environment of its own, whose every printed value is made safe for Markdown (HTML and
    plain text pay nothing for it)."""
    loc = localizer(language)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("callprep", "templates"),
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=_markdown_text if markdown else None,
        bytecode_cache=bytecode_cache(markdown),
    )
    env.install_gettext_translations(loc.translations, newstyle=True)  # ngettext, pgettext...
    env.globals["_"] = env.globals["gettext"] = template_gettext(loc.translations)
    env.globals["version"] = __version__
    env.globals["language"] = language
    env.globals["review"] = review_notice(language)
    env.filters["plain"] = strip_stress
    env.filters["said_as"] = said_as
    env.filters["translit"] = transliterate
    env.filters["lookup"] = lambda key, table: table[key]
    env.filters["date"] = loc.date
    env.filters["partial_date"] = loc.partial_date
    env.filters["or_list"] = lambda items: format_list(list(items), style="or", locale=loc.locale)
    env.filters["and_list"] = lambda items: format_list(list(items), locale=loc.locale)
    return env


def template(name: str, loc: Localizer, fmt: str | None = None) -> jinja2.Template:
    """A template of the user's language (from the Markdown environment when ``fmt`` is md)."""
    return environment(loc.language, fmt == "md").get_template(name)


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def sheet_json(sheet: Sheet) -> str:
    data = {"callprep": __version__, "sheet": dataclasses.asdict(sheet)}
    return json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable) + "\n"


def show_translit(translit: bool | None, loc: Localizer) -> bool:
    """Whether the Latin transliteration is shown: the user's choice, else the language's default."""
    return translit_default(loc.language) if translit is None else translit


def render_sheet(sheet: Sheet, fmt: str, loc: Localizer | None = None, translit: bool | None = None) -> str:
    """The sheet as text in ``fmt``: json, or one of the TEMPLATES formats."""
    if fmt == "json":
        return sheet_json(sheet)
    loc = localizer(sheet.request.language) if loc is None else loc
    flow = build_callflow(sheet, flow_words(sheet, loc))
    return template(TEMPLATES[fmt], loc, fmt).render(
        sheet=sheet,
        sections=SHEET_SECTIONS,
        markdown=fmt == "md",
        flow=flow,
        show_translit=show_translit(translit, loc),
    )


def render_carriers(rows: list[dict], fmt: str, language: str) -> str:
    """The carrier list as a Markdown table, plain text or JSON."""
    if fmt == "json":
        return json.dumps({"callprep": __version__, "carriers": rows}, ensure_ascii=False, indent=2) + "\n"
    return template("carriers.text.j2", localizer(language), fmt).render(rows=rows, markdown=fmt == "md")


def render_phrasebook(book, fmt: str, loc: Localizer, translit: bool | None = None) -> str:
    """The phrasebook as self-contained HTML, Markdown or plain text."""
    name = "phrasebook.html.j2" if fmt == "html" else "phrasebook.text.j2"
    return template(name, loc, fmt).render(book=book, markdown=fmt == "md", show_translit=show_translit(translit, loc))


def render_companion(companion, loc: Localizer, translit: bool | None = None) -> str:
    """The call companion: one self-contained HTML page (the call and the visit, step by step)."""
    return template("companion.html.j2", loc).render(companion=companion, show_translit=show_translit(translit, loc))


def render_index(
    sheet: Sheet,
    loc: Localizer,
    has_audio: bool,
    applications: list[tuple[str, str]] = (),
    companion: bool = False,
) -> str:
    """The bundle's index.html, linking everything in the folder ((kind, file) per application)."""
    return template("index.html.j2", loc).render(
        sheet=sheet, has_audio=has_audio, applications=applications, companion=companion
    )


def render_application(application, fmt: str, loc: Localizer) -> str:
    """An application in Russian with the user's translation (marked not to submit)."""
    name = "application.html.j2" if fmt == "html" else "application.text.j2"
    return template(name, loc, fmt).render(application=application, markdown=fmt == "md")


def render_profile(values: dict[str, str] | None, loc: Localizer) -> str:
    """The profile file: a commented template to fill in, or filled with ``values`` (dotted keys)."""
    values = values or {}

    def value(path: str, quoted: bool = True) -> str:
        given = values.get(path, "")
        return given if given and not quoted else json.dumps(given, ensure_ascii=False)

    def optional(path: str) -> str:
        key = path.split(".")[-1]
        return f"{key} = {value(path)}" if values.get(path) else f'# {key} = ""'

    method = values.get("refund.method")
    from callprep.model.profile import REFUND_FIELDS

    return template("profile.toml.j2", loc).render(
        value=value, optional=optional, refund_method=method, refund_keys=REFUND_FIELDS.get(method, ())
    )
