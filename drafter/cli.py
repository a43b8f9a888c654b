"""The ``drafter`` command line: a thin click shell over the library.

Every command lives in ``drafter.commands.<name>``; this module only assembles
them and turns failures into one line on stderr and an exit code that says
what kind of failure it was (``ExitCode``), never a traceback: a bug gets one
line naming a log file that holds the traceback.
"""
from __future__ import annotations

import datetime as dt
import signal
import sys
import tempfile
import threading
import traceback
from typing import Any, NoReturn

import click

from drafter import __version__
from drafter.commands import commitments, draft, figures, letters, ocr, serve
from drafter.errors import DrafterError, ExitCode, MissingDependency, OutputNotWritable, ReadError
from ocr.exitcodes import DESCRIPTIONS

#: Errors whose message is meant for the user: printed as one line, exit with their ``exit_code``.
USER_ERRORS = (DrafterError, ReadError, MissingDependency, OutputNotWritable)


def _sigterm_as_interrupt() -> None:
    """SIGTERM (kill, a service manager, a CI timeout) stops a command the way Ctrl-C does, so its
    clean-up runs and it exits 130.  Commands with their own handling (``drafter ocr``) replace it."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _internal_error(exc: BaseException) -> NoReturn:
    """A bug: one line on the terminal, the traceback in a log file in the temp folder."""
    fd, name = tempfile.mkstemp(prefix="drafter-internal-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as log:
        log.write(f"drafter {__version__}, {dt.datetime.now().isoformat(timespec='seconds')}\n"
                  f"command: {' '.join(sys.argv)}\n\n")
        log.write("".join(traceback.format_exception(exc)))
    first = (str(exc).strip().splitlines() or [""])[0]
    click.echo(f"internal error: {type(exc).__name__}{': ' + first if first else ''} (details in {name})", err=True)
    sys.exit(ExitCode.INTERNAL)


class DrafterGroup(click.Group):
    """Click group that reports every failure as one line and an ``ExitCode``.

    Usage errors (a bad flag or value) are click's, exit code 2 like ``DrafterError``.
    """

    def invoke(self, ctx: click.Context) -> Any:
        _sigterm_as_interrupt()
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(int(getattr(exc, "exit_code", ExitCode.BAD_ARGS)))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors and --help: click's own exit codes (2 and 0)
        except Exception as exc:  # noqa: BLE001 - anything else is a bug: logged, not shown
            _internal_error(exc)


EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {int(code):>3}  {text}" for code, text in DESCRIPTIONS.items())


@click.group(cls=DrafterGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="drafter")
def cli() -> None:
    """drafter: read scanned nota's, track toezeggingen and moties, draft the
    next uitvoeringsbrief inburgering.

    \b
    Example:
      drafter ocr scans/ -o out/
      drafter commitments report --status due
      drafter draft corpus/specs/next.yaml -o brief.docx
    """


cli.add_command(ocr.ocr_command)
cli.add_command(commitments.commitments_group)
cli.add_command(figures.figures_group)
cli.add_command(draft.draft_command)
cli.add_command(letters.letters_group)
cli.add_command(serve.serve_command)
