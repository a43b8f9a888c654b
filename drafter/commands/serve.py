"""``drafter serve``: the review app in the browser (a thin shell over ``drafter.web``)."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.option("--db", envvar="DRAFTER_DB", default=None,
              help="The commitments register (SQLite file or database URL; default $DRAFTER_DB, "
                   "else drafter-commitments.sqlite here).")
@click.option("--outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="Folder with the output of 'drafter ocr -o' (the nota's to review); uploads are read into it.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="DRAFTER_TOKEN", default=None,
              help="Access token every request must carry (required with another --host; or $DRAFTER_TOKEN).")
@click.option("--who", default=None, help="Name under which corrections and status changes are recorded "
                                          "[default: your user name].")
def serve_command(db: str | None, outdir: Path, host: str, port: int, token: str | None, who: str | None) -> None:
    """Review in the browser: the nota's with their remarks beside the crops, the
    register, the figures and the draft.

    Listens on 127.0.0.1 (this machine only) unless --host says otherwise; then
    --token is required and the printed link carries it once.

    \b
    Example:
      drafter serve --db register.sqlite --outdir out/
      drafter serve --host 0.0.0.0 --token "$(python -c 'import secrets; print(secrets.token_urlsafe())')"
    """
    import uvicorn

    from drafter.web.app import create_app

    app = create_app(db, outdir, host=host, token=token, who=who)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    click.echo(f"drafter serve: {url}{'?token=' + token if token else ''}  (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
