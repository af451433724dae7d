"""The command line: ``leukodesk assess``, ``dose``, ``prophylaxis``, ``schema``, ``case`` and
``config``.

A stable contract for scripts: JSON in, JSON out. Invalid input exits with status 2 and
prints ``{"errors": [{"field": ..., "message": ...}]}`` on stdout; never a traceback.
Nothing here imports Qt, except ``--pdf``, which loads it (headless) for that one run
(:func:`_qt_for_pdf`). The engine (pydantic and the models) loads in the command that
uses it, so ``--version`` and ``--help`` answer at once.

The site configuration (RULES §16: ``--config`` on every command, ``site`` on every JSON
result, a refused file stopping every command, ``leukodesk config``) is
:mod:`leukodesk.cli_site`'s; :func:`_run_documents` stamps each result with it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import datetime
from types import ModuleType
from typing import Any, TextIO

from leukodesk import __version__
from leukodesk.cli_site import add_site_options, cmd_config, site_in_force, site_line_of, stamped
from leukodesk.core import content
from leukodesk.core.contract.errors import InputErrors
from leukodesk.core.formats.handoff import LABEL_MAX, PAPER_NAMES, printed_label
from leukodesk.core.rules.thresholds import RULES_VERSION
from leukodesk.documents import DocumentError, read_document

log = logging.getLogger(__name__)

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2
EXIT_CASE_MISMATCH = 3   # ``case --check``: a case expects what the core does not give
PdfMaker = Callable[[ModuleType, Any], tuple[bytes, int]]  # (leukodesk.ui.handoff.pdf, result)


def _dump(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _evaluate(compute: Callable[[Any], Any], item: Any) -> tuple[bool, Any]:
    try:
        return True, compute(item)
    except InputErrors as exc:
        return False, {"errors": [e.as_json() for e in exc.errors]}


def _run_documents(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO,
                   compute: Callable[[Any], Any], render: Callable[[Any], str] | None,
                   pdf: PdfMaker | None = None) -> int:
    """Read one JSON object or a list, compute each, print JSON (or text from ``render``);
    with ``pdf``, write the one result's PDF to ``args.pdf`` as well."""
    try:
        document = read_document(args.file, stdin)
    except DocumentError as exc:
        _dump({"errors": exc.errors}, out)
        return EXIT_INVALID
    if pdf is not None:
        length = len(printed_label(args.label))
        if length > LABEL_MAX:
            _dump({"errors": [{"field": "label", "message": (
                f"The patient label is {length} characters long; at most {LABEL_MAX} fit "
                "on the page, and a label is never cut short.")}]}, out)
            return EXIT_INVALID
    if pdf is not None and isinstance(document, list):
        # One file, one patient: pages of several patients in one printout invite filing
        # a result under the wrong name.
        _dump({"errors": [{"field": "pdf", "message": (
            f"--pdf makes the PDF of one patient, and this document is a list of "
            f"{len(document)}; give one JSON object per PDF (--note and --text take a "
            "list).")}]}, out)
        return EXIT_INVALID
    items = document if isinstance(document, list) else [document]
    results = [_evaluate(compute, item) for item in items]
    valid = all(ok for ok, _ in results)
    if pdf is not None and valid:
        status = _write_pdf(args, pdf, results[0][1], out, err)
        if status != EXIT_OK:
            return status
    if render is not None:
        for n, (ok, result) in enumerate(results):
            if n:
                out.write("\n" + "-" * 79 + "\n")
            if ok:
                out.write(render(result))
            else:
                _dump(result, out)
                for e in result["errors"]:
                    err.write(f"invalid input: {e['field'] or '(document)'}: {e['message']}\n")
    elif pdf is None or not valid:
        payload = [r.model_dump(mode="json") if ok else r for ok, r in results]
        _dump(stamped(payload if isinstance(document, list) else payload[0], args), out)
    return EXIT_OK if valid else EXIT_INVALID


def _qt_for_pdf() -> tuple[Any, ModuleType]:
    """The QApplication a PDF is drawn with, made headless for this process, and the PDF
    module. Only --pdf comes here; it is a QApplication because the gauge on the page is
    the window's own widget."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed, none used
    # start-up: Qt and the PDF layout load for --pdf alone; no other command loads Qt
    from PySide6.QtWidgets import QApplication

    from leukodesk.ui.handoff import pdf

    return QApplication.instance() or QApplication(["leukodesk"]), pdf


def _write_pdf(args: argparse.Namespace, make: PdfMaker, result: Any, out: TextIO,
               err: TextIO) -> int:
    """Make the PDF in memory, then write it to ``args.pdf`` (and nowhere else)."""
    try:
        app, paper = _qt_for_pdf()
    except ImportError as exc:
        err.write(f"leukodesk: --pdf needs Qt (PySide6) and its system libraries: {exc}\n")
        return EXIT_INTERNAL
    data, pages = make(paper, result)
    del app
    try:
        with open(args.pdf, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        _dump({"errors": [{"field": "pdf", "message":
                           f"Cannot write {args.pdf}: {exc.strerror or exc}."}]}, out)
        return EXIT_INVALID
    err.write(f"leukodesk: wrote {args.pdf} ({pages} page{'s' if pages != 1 else ''}, "
              f"{PAPER_NAMES[args.paper]})\n")
    return EXIT_OK


def _moment(args: argparse.Namespace) -> datetime:
    """When a note or PDF is made: --at, or now (local time)."""
    return args.at if args.at is not None else datetime.now().replace(second=0, microsecond=0)


def _handoffs(args: argparse.Namespace, text: Callable[[Any], str],
              note: Callable[..., str], pdf_maker: str
              ) -> tuple[Callable[[Any], str] | None, PdfMaker | None]:
    """What assess and dose print (``text`` with --text, ``note`` with --note, else
    None: JSON) and, with --pdf, the maker of the PDF: ``pdf_maker`` names its function in
    ``leukodesk.ui.handoff.pdf``, imported (with Qt) only when a PDF is made."""
    at, site = _moment(args), site_line_of(args)
    render = (lambda result: note(result, at=at, site=site)) if args.note else \
        (lambda result: (site + "\n\n" if site else "") + text(result)) if args.text else None
    if not args.pdf:
        return render, None

    def pdf(paper: ModuleType, result: Any) -> tuple[bytes, int]:
        make = getattr(paper, pdf_maker)
        return make(result, at=at, paper=args.paper, label=args.label, site=site)
    return render, pdf


def cmd_assess(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    # start-up: the engine (pydantic, the models) loads once a command needs it
    from leukodesk.core import assess
    from leukodesk.core.formats.note import note_text
    from leukodesk.core.formats.summary import summary_text

    render, pdf = _handoffs(args, summary_text, note_text, "summary_pdf")
    config = None if args.site is None else args.site.config
    return _run_documents(args, out, err, stdin, lambda doc: assess(doc, site=config),
                          render, pdf)


def cmd_dose(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    # start-up: the engine (pydantic, the dose models) loads once a command needs it
    from leukodesk.core.config.apply import stocked, with_site_dose_defaults
    from leukodesk.core.dosing.calc import calculate_dose
    from leukodesk.core.dosing.summary import dose_text
    from leukodesk.core.formats.worksheet import worksheet_text

    render, pdf = _handoffs(args, dose_text, worksheet_text, "worksheet_pdf")
    config = None if args.site is None else args.site.config
    stock = stocked(config)  # the site's molecules and presentations (RULES §16)
    return _run_documents(args, out, err, stdin,
                          lambda doc: calculate_dose(with_site_dose_defaults(doc, config),
                                                     stocked=stock),
                          render, pdf)


def cmd_prophylaxis(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    # start-up: the engine (pydantic, the prophylaxis models) loads once a command needs it
    from leukodesk.core.dosing.prophylaxis import decide_prophylaxis
    from leukodesk.core.formats.prophylaxis_lines import prophylaxis_text

    site = site_line_of(args)   # every output names the configuration (RULES §16)
    render = (lambda r: (site + "\n\n" if site else "") + prophylaxis_text(r)) \
        if args.text else None
    return _run_documents(args, out, err, stdin, decide_prophylaxis, render)


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    # start-up: the models (pydantic) load once a command needs them
    from leukodesk.core import Assessment, PatientInputs
    from leukodesk.core.dosing.models import DoseRequest, DoseResult
    from leukodesk.core.dosing.prophylaxis import ProphylaxisInputs, ProphylaxisResult

    _dump({"input": PatientInputs.model_json_schema(mode="validation"),
           "output": Assessment.model_json_schema(mode="serialization"),
           "dose_request": DoseRequest.model_json_schema(mode="validation"),
           "dose_result": DoseResult.model_json_schema(mode="serialization"),
           "prophylaxis_request": ProphylaxisInputs.model_json_schema(mode="validation"),
           "prophylaxis_result": ProphylaxisResult.model_json_schema(mode="serialization")},
          out)
    return EXIT_OK


def cmd_case(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """The teaching cases: list them, print one's inputs, or check cases against the core."""
    # start-up: the case code and the engine load once a command needs them
    from leukodesk.case_check import check_case
    from leukodesk.cases import CaseError, list_cases, load_case

    if args.list:
        names = list_cases()
        width = max((len(n) for n in names), default=0)
        for name in names:
            out.write(f"{name.ljust(width)}  {load_case(name).title}\n")
        return EXIT_OK
    names = args.cases or (list_cases() if args.check else [])
    if not names or (not args.check and len(names) > 1):
        _dump({"errors": [{"field": "case", "message": (
            "Name one case (see leukodesk case --list) or a case file; --check takes "
            "several, or none for every shipped case.")}]}, out)
        return EXIT_INVALID
    if not args.check:
        try:
            _dump(load_case(names[0]).inputs, out)
        except CaseError as exc:
            _dump({"errors": [{"field": "case", "message": str(exc)}]}, out)
            return EXIT_INVALID
        return EXIT_OK
    status = EXIT_OK
    for name in names:
        try:
            mismatches = check_case(load_case(name))
        except CaseError as exc:
            out.write(f"REFUSED {name}: {exc}\n")
            status = EXIT_INVALID
            continue
        out.write(f"{'ok' if not mismatches else 'MISMATCH'} {name}\n")
        for m in mismatches:
            out.write(f"  {m}\n")
        if mismatches and status == EXIT_OK:
            status = EXIT_CASE_MISMATCH
    return status


def _handoff_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--pdf", metavar="OUT.pdf",
                        help=f"also write {what} as a PDF to OUT.pdf (one object, not a list; "
                             "loads Qt, needs no display); standard output then stays empty "
                             "unless --text or --note is given")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="paper size of the PDF (default a4)")
    parser.add_argument("--label", default="", metavar="TEXT",
                        help="a patient label printed on every page of the PDF (none if "
                             "empty)")
    parser.add_argument("--at", type=_iso_time, default=None, metavar="TIME",
                        help="the date and time printed on the note or PDF, ISO 8601 "
                             "(default: now)")


def _iso_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date and time (e.g. 2026-03-14T09:30)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leukodesk",
        description="LeukoDesk: leukopenia and neutropenia decision support, offline. "
                    "Supports and never replaces clinical judgement.",
        epilog="Run leukodesk with no arguments to open the bedside window.")
    parser.add_argument("--version", action="version",
                        version=f"leukodesk {__version__} (rule set {RULES_VERSION})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("assess", help="assess one JSON object of inputs (or a list)",
                       description="Read inputs as JSON and print the assessment as JSON. "
                                   "Invalid input: exit status 2 and {\"errors\": [...]}.")
    p.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="JSON file, or - for standard input (default)")
    texts = p.add_mutually_exclusive_group()
    texts.add_argument("--text", action="store_true", help="print a readable summary instead")
    texts.add_argument("--note", action="store_true",
                       help="print the copy-to-note text instead (plain ASCII, lines under 80 "
                            "characters)")
    _handoff_options(p, "the summary")
    p.set_defaults(handler=cmd_assess)
    d = sub.add_parser("dose", help="calculate a G-CSF dose from one JSON request (or a list)",
                       description="Read a dose request as JSON and print the dose as JSON. "
                                   "Invalid input: exit status 2 and {\"errors\": [...]}.")
    d.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="JSON file, or - for standard input (default)")
    texts = d.add_mutually_exclusive_group()
    texts.add_argument("--text", action="store_true",
                       help="print a record to check against instead")
    texts.add_argument("--note", action="store_true",
                       help="print the pharmacist's dose worksheet as plain ASCII text instead")
    _handoff_options(d, "the pharmacist's dose worksheet")
    d.set_defaults(handler=cmd_dose)
    g = sub.add_parser("prophylaxis", help="G-CSF prophylaxis before a cycle (RULES §14) "
                                           "from one JSON object (or a list)",
                       description="Read the regimen's FN risk and the patient's risk "
                                   "factors as JSON and print the primary and secondary "
                                   "prophylaxis decision as JSON. Invalid input: exit "
                                   "status 2 and {\"errors\": [...]}.")
    g.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="JSON file, or - for standard input (default)")
    g.add_argument("--text", action="store_true", help="print the decision in words instead")
    g.set_defaults(handler=cmd_prophylaxis)
    c = sub.add_parser("case", help="the teaching cases: list, print the inputs of one, "
                                    "or check cases against the rule set",
                       description="Without --check: print the inputs of one case (a name "
                                   "from --list, or a case file) as JSON for assess. With "
                                   "--check: check each case (all shipped cases if none is "
                                   "named) and print ok or its mismatches; exit status 3 "
                                   "when a case expects what the core does not give, 2 when "
                                   "a case file is refused.")
    c.add_argument("cases", nargs="*", metavar="NAME|FILE",
                   help="a shipped case's name, or a case file")
    c.add_argument("--list", action="store_true", help="list the shipped cases and titles")
    c.add_argument("--check", action="store_true",
                   help="check the cases' expectations against the rule set")
    c.set_defaults(handler=cmd_case)
    s = sub.add_parser("schema", help="print the JSON Schema of the input and output models")
    s.set_defaults(handler=cmd_schema)
    r = sub.add_parser("rules", help="about the rule set: --changes lists what changed from "
                                     "the previous one, in plain words")
    r.add_argument("--changes", action="store_true",
                   help="what changed from the previous rule set")
    r.add_argument("--json", action="store_true", help="as JSON instead of text")
    r.set_defaults(handler=cmd_rules)
    add_site_options(parser, sub)   # leukodesk config; --config on every command (last)
    return parser


def cmd_rules(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """``leukodesk rules [--changes] [--json]``: the rule set in force and what changed."""
    version, previous, changed = content.changes()
    if args.json:
        doc: dict[str, object] = stamped({"rules_version": RULES_VERSION}, args)
        if args.changes:
            doc.update(previous=previous, changes=[
                {"section": c.section, "title": c.title, "text": c.text} for c in changed])
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    out.write(f"LeukoDesk rule set {RULES_VERSION}\n")
    if args.changes:
        out.write(f"What changed from rule set {previous}:\n")
        for c in changed:
            out.write(f"\n{c.title} ({c.section})\n")
            out.write("".join(f"  {line}\n" for line in textwrap.wrap(c.text, 76)))
    else:
        out.write("Run 'leukodesk rules --changes' to see what changed from "
                  f"rule set {previous}.\n")
    return EXIT_OK


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None,
        stdin: TextIO | None = None) -> int:
    """Run one command; returns the exit status."""
    out, err, stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # --help, --version, or a usage error (status 2)
        return int(exc.code or 0)
    handler: Callable[..., int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(out)
        return EXIT_OK
    try:
        if handler is not cmd_config and not site_in_force(args, out, err):
            return EXIT_INVALID
        return handler(args, out, err, stdin)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: say so in one line, no traceback
        log.debug("internal error", exc_info=True)
        err.write(f"leukodesk: internal error ({type(exc).__name__}: {exc}); "
                  "please report it with the input that caused it.\n")
        return EXIT_INTERNAL
