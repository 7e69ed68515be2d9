"""`gktables review corpus.sqlite`: the review web app's command."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_commands(sub: Any) -> None:
    """Register `review` on the main parser's subcommands."""
    p = sub.add_parser("review", help="confirm or correct flagged cells of a corpus store in a local web page")
    p.add_argument("store", help="the corpus store (corpus.sqlite) written by `gktables run`")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: only this machine)")
    p.add_argument("--reviewer", help="name recorded with each decision (default: the login name)")
    p.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..errors import GktablesError
    from . import serve

    if not Path(args.store).is_file():
        print(f"gktables: {args.store}: no such store (make one with `gktables run`)", file=sys.stderr)
        return 1
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"gktables: warning: listening on {args.host}: anyone who can reach this machine can open the "
              "page and record decisions under this reviewer's name", file=sys.stderr)
    print(f"reviewing {args.store} at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        serve(args.store, host=args.host, port=args.port, reviewer=args.reviewer)
    except GktablesError as exc:
        print(f"gktables: {exc}", file=sys.stderr)
        return 1
    return 0
