"""What the commands share: the error adapter, option decorators and small helpers."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

import click

from callprep.cli.clickwords import HELP_OPTION
from callprep.cli.helpformat import Context, has_wide
from callprep.cli.messages import _, message_language, say, use_language
from callprep.errors import INTERRUPTED, N_, CallprepError, Msg, OutputError, UsageProblem, cut
from callprep.model.types import ChannelChoice, EngineChoice, Sim, Situation, choices

FORMATS = ("md", "txt", "html", "json")
STDOUT_NAMES = ("-", "/dev/stdout")  # both mean standard output, never a file to replace
SUFFIXES = {"markdown": "md", "text": "txt", "htm": "html"}
HTML_ON_TERMINAL = N_(
    "%(what)s is HTML for a browser, not for a terminal: write it to a file with -o %(example)s%(instead)s"
)
SPEAKING = N_("Speaking")  # the progress bar's label


class HelpWithValues(click.Option):
    """An option whose help has values in it (``%(default)s``), put in after it is translated."""

    def __init__(self, *args, help_values: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_values = help_values


class TranslatedHelp:
    """Help in the run's language, translated when it is shown: the ``-h/--help`` option's own
    (Click makes it once per command), the command's text (its docstring, which the catalogs
    know by :func:`callprep.extract.help_id`), its options' (marked with ``N_``) and, in a
    group's list, each command's first sentence. Its lines are measured in columns
    (:mod:`callprep.cli.helpformat`)."""

    context_class = Context

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION)
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        options = [param for param in self.get_params(ctx) if getattr(param, "help", None)]
        kept = (self.help, [option.help for option in options])
        try:
            self.help = command_help(self.help)
            for option in options:
                text = _(option.help)
                values = getattr(option, "help_values", None)
                option.help = text % values if values else text
            super().format_help(ctx, formatter)
        finally:
            self.help = kept[0]
            for option, text in zip(options, kept[1], strict=True):
                option.help = text

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(command_help(self.help), limit)


def command_help(text: str | None) -> str | None:
    """A command's help (its docstring) in the run's language."""
    if not text:
        return text
    from callprep.extract import help_id

    return _(help_id(text)).replace("\\b", "\b")


def short_help(text: str | None, limit: int) -> str:
    """A command's line in a group's list: Click's (cut at a space to ``limit`` characters), or
    in a language written without spaces (Chinese) the whole first sentence, wrapped there."""
    first = (text or "").split("\n\n")[0].strip()
    if not has_wide(first):
        return click.utils.make_default_short_help(first, limit)
    return first.split("。")[0] + "。" if "。" in first else first


class CallprepCommand(TranslatedHelp, click.Command):
    """Turns every callprep error into one line on stderr and a non-zero exit, no traceback, in
    the run's language."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            raise click.UsageError(say(exc), ctx) from exc
        except CallprepError as exc:
            raise click.ClickException(say(exc)) from exc
        except FileNotFoundError as exc:
            if not in_folder(exc.filename, cache_root()):
                raise
            from callprep.speech.cache import emptied  # a clip read for a page vanished: cache clear ran

            raise click.ClickException(say(emptied())) from None
        except KeyboardInterrupt:
            # Ctrl-C ends the run with the shell's code for SIGINT (128 + 2), not Click's "Aborted!" and 1.
            click.echo(_("interrupted"), err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None


class CallprepGroup(TranslatedHelp, click.Group):
    command_class = CallprepCommand

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Choose the run's language for messages before Click reads the command line; a mistake on
        the command line is one line saying what is wrong, and one with where to get help (Click
        leads with the usage line and a blank line)."""
        args = list(sys.argv[1:] if args is None else args)
        use_language(message_language(args))
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            click.echo(_("Error: {message}").format(message=exc.format_message()), err=True)
            if exc.ctx is not None and exc.ctx.command.get_help_option(exc.ctx) is not None:
                hint = _("Try '{command} {option}' for help.")
                click.echo(hint.format(command=exc.ctx.command_path, option=exc.ctx.help_option_names[0]), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(_("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def lang_option(command):
    """``--lang``. A command that writes no document takes it for its messages only: the run's
    message language is read from the command line before Click parses it (:mod:`callprep.cli.messages`)."""
    return click.option(
        "--lang",
        metavar="CODE",
        help=N_(
            "Your language, such as zh or uz (callprep languages lists them). Default: from the "
            "environment's locale (LANG, LC_ALL...); messages follow it too."
        ),
    )(command)


def handed_down_lang(group):
    """``--lang`` on a group, given to its commands as their default: ``callprep --lang zh sheet
    mts`` is ``callprep sheet mts --lang zh``, and ``callprep --lang zh --help`` is in Chinese."""

    @functools.wraps(group)
    def callback(*args, lang, **kwargs):
        if lang is not None:
            ctx = click.get_current_context()
            ctx.default_map = {**(ctx.default_map or {}), **{name: {"lang": lang} for name in ctx.command.commands}}
        return group(*args, **kwargs)

    return lang_option(callback)


def translit_option(command):
    return click.option(
        "--translit/--no-translit",
        default=None,
        help=N_(
            "Show how to read each Russian phrase in Latin letters. Default: the language's "
            "(off where its readers read Cyrillic; callprep languages shows it)."
        ),
    )(command)


def data_option(command):
    return click.option(
        "--data",
        "data_dir",
        metavar="FOLDER",
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        help=N_("A folder of extra carrier files (*.toml) that add to or replace the built-in ones."),
    )(command)


def output_options(
    formats: tuple[str, ...] = (),
    *,
    default_format: str | None = None,
    format_help: str | None = None,
    folder: bool = False,
    default: str | None = "-",
    output_help: str | None = None,
):
    """``-o/--output``, ``--force`` and, given ``formats``, ``--format``: the same spelling and
    meaning in every command. A file output defaults to ``-`` (standard output); the format comes
    from ``--format``, else from the output file's extension, else ``default_format``, and the
    command receives it already chosen as ``fmt``."""
    default_format = default_format or (formats[0] if formats else None)

    def decorate(command):
        inner = command

        @functools.wraps(inner)
        def command(*args, output, force, **kwargs):
            if formats:
                kwargs["fmt"] = pick_format(kwargs["fmt"], str(output), formats, default_format)
            if folder:
                from callprep.output import check_folder_target

                check_folder_target(Path(output), force)  # before any work
            elif str(output) not in STDOUT_NAMES:
                from callprep.output import check_target

                check_target(output, force)
            return inner(*args, output=output, force=force, **kwargs)

        help_force = N_("Overwrite an existing output file.")
        if folder:
            help_force = N_("Write into a folder that is not empty.")
        command = click.option("--force", is_flag=True, help=help_force)(command)
        if folder:
            command = click.option(
                "-o",
                "--output",
                required=default is None,
                default=default,
                show_default=default is not None,
                metavar="FOLDER",
                type=click.Path(path_type=Path, file_okay=True),
                help=output_help or N_("The folder to write."),
            )(command)
        else:
            command = click.option(
                "-o",
                "--output",
                default=default,
                show_default=True,
                metavar="FILE",
                help=output_help or N_("Where to write; - is standard output."),
            )(command)
        if formats:
            command = click.option(
                "--format",
                "fmt",
                cls=HelpWithValues,
                type=click.Choice(formats),
                help=format_help or N_("Output format. Default: from the output file's extension, else %(default)s."),
                help_values=None if format_help else {"default": default_format},
            )(command)
        return command

    return decorate


def pick_format(fmt: str | None, output: str, formats: tuple[str, ...], default: str = "md") -> str:
    """The output format: --format, else the output file's extension, else ``default``.

    An extension callprep cannot write (``out.pdf``) is refused, with the formats it can write."""
    suffix = Path(output).suffix.lstrip(".").lower() if output not in STDOUT_NAMES else ""
    suffix = SUFFIXES.get(suffix, suffix)
    if suffix and suffix not in formats:
        hint = _("; for a PDF, write .html and print it from a browser") if "html" in formats else ""
        raise click.BadParameter(
            _("%(file)s: callprep does not write .%(suffix)s files; use one of: %(formats)s%(hint)s")
            % {
                "file": repr(cut(output)),
                "suffix": cut(suffix, 12),
                "formats": ", ".join("." + name for name in formats),
                "hint": hint,
            },
            param_hint="'-o' / '--output'",
        )
    if fmt and suffix in formats and suffix != fmt:
        raise click.BadOptionUsage(
            "fmt",
            _("--format %(format)s does not match the output file %(file)s; use --format %(suffix)s or another name")
            % {"format": fmt, "file": repr(output), "suffix": suffix},
        )
    return fmt or (suffix if suffix in formats else default)


def emit(text: str, output: str, force: bool, private: bool = False) -> None:
    """Print ``text`` to standard output (``-``) or write it atomically to the file ``output``."""
    if output in STDOUT_NAMES:
        if sys.stdout is None:
            raise OutputError(Msg(N_("cannot write to standard output: it is closed; give a file with -o")))
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except OSError as exc:
            silence_stdout()
            raise OutputError(Msg(N_("cannot write to standard output: %(reason)s"), reason=exc.strerror)) from None
        return
    from callprep.output import write_text

    write_text(Path(output), text, force=force, private=private)
    click.echo(_("wrote %(file)s") % {"file": cut(output)}, err=True)


def warn_if_readable(profile_file: Path | None) -> None:
    """A profile holds passport data: say so when other users of this computer can read it."""
    if profile_file is None:
        return
    from callprep.model.profile import readable_by_others

    if readable_by_others(profile_file):
        click.echo(
            _("warning: %(file)s can be read by other users of this computer; make it private with: chmod 600 %(file)s")
            % {"file": cut(str(profile_file))},
            err=True,
        )


def silence_stdout() -> None:
    """After a full device or a closed pipe, let nothing more be flushed to standard output."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def refuse_html_on_terminal(fmt: str, output: str, what: str, example: str, text_format: bool = True) -> None:
    """HTML (with embedded audio, or a form to print) is not dumped onto a terminal; ``text_format``:
    the command can write Markdown instead."""
    if fmt == "html" and output in STDOUT_NAMES and sys.stdout is not None and sys.stdout.isatty():
        instead = _(", or use --format md") if text_format else ""
        raise click.UsageError(_(HTML_ON_TERMINAL) % {"what": _(what), "example": example, "instead": instead})


def validate_number(ctx, param, value):
    if value is None:
        return None
    from callprep.model.phones import normalize_number

    try:
        normalize_number(value, short=False, region="RU")
    except ValueError:
        raise click.BadParameter(
            _("not a Russian phone number; expected +7 XXX XXX-XX-XX or 8 XXX XXX-XX-XX")
        ) from None
    return value


def speech_options(command):
    command = click.option(
        "--allow-online-personal-data",
        is_flag=True,
        help=N_("Let the online engine speak phrases with your own data too."),
    )(command)
    command = click.option(
        "--my-number",
        callback=validate_number,
        metavar="PHONE",
        help=N_("Add a phrase that says your number in Russian (personal data: spoken offline)."),
    )(command)
    return click.option(
        "--engine",
        type=click.Choice(choices(EngineChoice)),
        default="auto",
        show_default=True,
        help=N_(
            "gtts: Google's online voice; offline: eSpeak NG, no network; auto: gtts, and "
            "offline for the rest of the run if the service cannot be used."
        ),
    )(command)


def sheet_options(command):
    command = click.option(
        "--situation",
        type=click.Choice(choices(Situation)),
        default="own",
        show_default=True,
        help=N_(
            "Your own contract; your passport changed; acting for someone with a notarized "
            "power of attorney; the SIM card is lost; you have left Russia."
        ),
    )(command)
    command = click.option(
        "--sim",
        type=click.Choice(choices(Sim)),
        default="physical",
        show_default=True,
        help=N_("A physical SIM card or an eSIM."),
    )(command)
    return click.option(
        "--channel",
        type=click.Choice(choices(ChannelChoice)),
        default="all",
        show_default=True,
        help=N_("Which way you will cancel: hotline, store, online, or all."),
    )(command)


def cache_root() -> Path:
    """The user's cache folder for callprep (audio clips, snapshots, compiled templates)."""
    import platformdirs

    return platformdirs.user_cache_path("callprep")


def in_folder(name: object, folder: Path) -> bool:
    return isinstance(name, str | os.PathLike) and Path(os.path.abspath(name)).is_relative_to(os.path.abspath(folder))


def make_speaker(engine: str, allow_online_personal_data: bool):
    """The run's Speaker; ``CALLPREP_GTTS_URL`` sends the online engine's requests elsewhere (tests, mirrors)."""
    import urllib.parse

    from callprep.speech.cache import AudioCache
    from callprep.speech.engines import GTTS_URL, GttsEngine, OfflineEngine
    from callprep.speech.speaker import Speaker

    url = os.environ.get("CALLPREP_GTTS_URL") or GTTS_URL
    parts = urllib.parse.urlsplit(url)
    if engine != "offline" and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise CallprepError(
            Msg(N_("CALLPREP_GTTS_URL must be an http:// or https:// address, not %(url)s"), url=repr(cut(url)))
        )
    root = cache_root()
    cache = AudioCache(root)
    cache.sweep()  # partial clips left by killed runs
    return Speaker(
        engine,
        GttsEngine(url=url),
        OfflineEngine(root),
        cache,
        allow_online_personal_data,
        warn=lambda message: click.echo(say(message), err=True),
    )


def with_progress(total: int, work, label: str = SPEAKING):
    """Run ``work(progress)`` with a progress bar on a terminal, quietly otherwise; ``label`` is
    a message id, shown in the run's language."""
    if total and sys.stderr.isatty():
        with click.progressbar(length=total, label=_(label), file=sys.stderr) as bar:
            return work(bar.update)
    return work(lambda done: None)


def request_for(found, channel, sim, situation, language):
    from callprep.sheet.model import Request

    return Request(found.id, channel, sim, situation, language)
