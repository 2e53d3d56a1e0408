"""Languages: the user's language (a gettext catalog per language) and locale-aware dates."""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import os
from dataclasses import dataclass
from functools import cache, cached_property
from gettext import NullTranslations
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

from callprep.errors import N_, CatalogMissing, Msg, UnknownName

SOURCE_LANGUAGE = "en"  # the language of the msgids; every other language needs a full catalog
DOMAIN = "messages"
REGISTRY = "languages.toml"  # beside the catalogs: one entry per user language
DAMAGED = N_("the language list %(file)s is damaged (%(error)s); reinstall callprep")
# The line every document of a language without a native reviewer carries (in it, and in English).
UNREVIEWED = N_(
    "This translation has not yet been reviewed by a native speaker. "
    "Show staff the Russian lines, not this translation."
)


def locales_dir() -> str:
    return str(Path(__file__).resolve().parent / "locales")  # a folder of the installed package


@dataclass(frozen=True)
class Language:
    """A user language as the registry gives it (see callprep/locales/languages.toml)."""

    code: str
    locale: str
    script: str
    translit: bool  # the Latin transliteration of the Russian is shown by default
    reviewer: str  # who reviewed the translation; empty: not yet reviewed by a native speaker

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewer)

    @property
    def name(self) -> str:
        """The language's name in itself (o‘zbek, тоҷикӣ, 中文)."""
        return Locale.parse(self.code).get_display_name(Locale.parse(self.code)) or self.code

    @property
    def english_name(self) -> str:
        return Locale.parse(self.code).get_display_name("en") or self.code

    @property
    def script_name(self) -> str:
        return Locale.parse(self.code).scripts.get(self.script, self.script)


def read_registry(label: str, text: str) -> dict[str, Language]:
    """The registry's languages, checked: each entry complete, its locale one Babel knows, of the
    entry's language."""
    import tomllib

    try:
        table = tomllib.loads(text)
        languages = {
            code: Language(code, str(entry["locale"]), str(entry["script"]), bool(entry["translit"]), entry["reviewer"])
            for code, entry in table.items()
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise CatalogMissing(Msg(DAMAGED, file=label, error=exc)) from exc
    for code, language in languages.items():
        if Locale.parse(language.locale).language != code or not isinstance(language.reviewer, str):
            raise CatalogMissing(Msg(DAMAGED, file=label, error=code))
    return languages


def _registry() -> dict[str, Language]:
    """The registry, read once and kept like the built-in data (:mod:`callprep.snapshots`):
    a run reads the checked languages without importing tomllib."""
    from callprep.snapshots import load_package_records

    path = Path(locales_dir()) / REGISTRY
    try:
        return load_package_records(f"locales/{REGISTRY}", dict, read_registry)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogMissing(Msg(DAMAGED, file=str(path), error=exc)) from exc


@cache
def registered() -> dict[str, Language]:
    """The registry's languages, read when first needed (so that a damaged install is an error
    the command line reports, not a traceback while importing this module)."""
    return _registry()


@cache
def languages() -> dict[str, str]:
    """Each language code with its Babel locale (dates, lists, country names)."""
    return {code: language.locale for code, language in registered().items()}


def __getattr__(name: str) -> object:
    """``REGISTERED`` and ``LANGUAGES``, as :func:`registered` and :func:`languages` give them."""
    if name == "REGISTERED":
        return registered()
    if name == "LANGUAGES":
        return languages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def translit_default(language: str) -> bool:
    return registered()[language].translit


def review_notice(language: str) -> tuple[str, str] | None:
    """The not-yet-reviewed line in the language and in English, or None for a reviewed language."""
    entry = registered()[language]
    if entry.reviewed:
        return None
    return localizer(language).gettext(UNREVIEWED), UNREVIEWED


def language_from_environment(environ: os._Environ | dict[str, str] | None = None) -> str:
    """The user's language as gettext finds it: the locale is the first of LC_ALL, LC_MESSAGES and
    LANG that is set (so LC_ALL=C means English whatever LANG says); LANGUAGE, a list of
    preferences, comes first unless the locale is C. English if none is supported."""
    environ = os.environ if environ is None else environ
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    if locale.split(".")[0] in ("C", "POSIX"):
        return SOURCE_LANGUAGE
    for value in [*environ.get("LANGUAGE", "").split(":"), locale]:
        code = value.split(".")[0].split("@")[0]
        if not code or code in ("C", "POSIX"):
            continue
        try:
            language = Locale.parse(code.replace("-", "_")).language
        except (UnknownLocaleError, ValueError):
            continue
        if language in languages():
            return language
    return SOURCE_LANGUAGE


def resolve_language(value: str | None) -> str:
    """A supported language code from ``--lang`` (``zh``, ``zh_CN``, ``zh-Hans``...)."""
    if value is None:
        return language_from_environment()
    code = value.split(".")[0].split("@")[0]
    if code.upper() in ("C", "POSIX") or code.replace("-", "_").split("_")[0].lower() == "und":
        raise UnknownName("language", value, list(languages()))  # only the environment may fall back
    try:
        parsed = Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        parsed = None
    language = parsed.language if parsed else value
    if language not in languages() or (parsed and _script_of(parsed) not in (None, registered()[language].script)):
        # zh-Hant, zh_TW, uz_Cyrl: a script the catalog is not written in is not silently swapped
        raise UnknownName("language", value, list(languages()))
    return language


def _script_of(locale: Locale) -> str | None:
    """The script a locale asks for: its own, or the likely one of its country (zh_TW: Hant)."""
    if locale.script or not locale.territory:
        return locale.script
    from babel.core import get_global

    likely = get_global("likely_subtags").get(f"{locale.language}_{locale.territory}")
    return Locale.parse(likely).script if likely else None


@dataclass(frozen=True)
class Localizer:
    """Everything that depends on the user's language."""

    language: str
    translations: NullTranslations

    @cached_property
    def locale(self) -> Locale:
        from callprep.cldr import kept_locale

        return kept_locale(languages()[self.language])

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def date(self, value: dt.date, style: str = "long") -> str:
        return format_date(value, format=style, locale=self.locale)

    def partial_date(self, value: str) -> str:
        """A date a source shows, as precise as it is: YYYY-MM-DD, YYYY-MM or YYYY, in the user's style."""
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 3:
            return self.date(dt.date(*parts))
        skeleton = "yMMMM" if len(parts) == 2 else "y"
        return format_skeleton(skeleton, dt.date(parts[0], parts[1] if len(parts) == 2 else 1, 1), locale=self.locale)


@cache
def localizer(language: str) -> Localizer:
    """Load the catalog for ``language``; a supported language without one is an error."""
    if language == SOURCE_LANGUAGE:
        return Localizer(language, NullTranslations())
    # the standard library's gettext reads the compiled catalog (babel.support would import far more)
    translations = gettext_module.translation(DOMAIN, locales_dir(), [language], fallback=True)
    if not isinstance(translations, gettext_module.GNUTranslations):
        raise CatalogMissing(
            Msg(
                N_(
                    "the %(language)s catalog is missing from %(folder)s; "
                    "reinstall callprep or run: pybabel compile -d callprep/locales"
                ),
                language=repr(language),
                folder=locales_dir(),
            )
        )
    return Localizer(language, translations)
