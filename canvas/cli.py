"""`python -m canvas`: metrics, checks and files from the command line. A stable contract."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from canvas.core.checks import has_errors, run_checks
from canvas.core.document import CanvasFileError, canvas_to_json
from canvas.core.labels import (
    NONPROFIT_WORDS,
    QUADRANTS,
    Wording,
    money,
    number,
    wording,
)
from canvas.core.model import Canvas
from canvas.measure.apply import apply_measurement
from canvas.measure.behaviour import behaviour
from canvas.measure.errors import NeedsMapping
from canvas.measure.figures import Measurement, groups_from_file, measure
from canvas.measure.grouping import propose_value_groups
from canvas.measure.layouts import ColumnMap
from canvas.measure.reading import read_sales
from canvas.measure.records import SalesRecords
from canvas.measure.report import measurement_report
from canvas.outputs.report import metrics_report
from canvas.storage import (
    DEFAULT_PATH,
    CanvasStore,
    CanvasSummary,
    StoreUnavailable,
    is_database_url,
    open_store,
)
from canvas.storage.files import load_canvas

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_FILE = 0, 1, 2
SQLITE_HEADER = b"SQLite format 3\x00"


class CommandError(Exception):
    """A plain-words reason a command could not do its work (stderr, exit status 2)."""


def _print_metrics_table(report: dict, words: Wording) -> None:
    currency = report["canvas"]["currency"]
    people, net = ("Supp.", "Net/yr") if words == NONPROFIT_WORDS else ("Cust.", "Margin/yr")
    header = f"{'Group':32} {people:>7} {net:>11} {'CLV':>11} {'NPS':>9} {'Now %':>6} {'Target %':>8}  Quadrant / tier"
    print(report["canvas"]["name"] or "Untitled canvas")
    print(header)
    print("-" * len(header))
    for g in report["groups"]:
        nps = "—" if g["nps"] is None else f"{g['nps']:+.0f}"
        if g["nps_margin"] is not None:
            nps += f" ±{g['nps_margin']:.0f}"
        quadrant = QUADRANTS.get(g["quadrant"], "not scored")
        basis = " (valued in kind, below)" if g["value_basis"] == "in_kind" else ""
        print(
            f"{g['name'][:32]:32} {g['customers']:>7,} {money(g['margin_per_customer'], currency):>11} "
            f"{money(g['clv'], currency):>11} {nps:>9} {number(g['share_now_pct'], 1):>6} "
            f"{number(g['target_share_pct'], 1):>8}  {quadrant} / {words.tiers[g['tier']]}{basis}"
        )
    p = report["portfolio"]
    print("-" * len(header))
    print(
        f"{p['customers']:,} {words.customers} · annual {words.margin} "
        f"{money(p['annual_margin'], currency)} · average lifetime value "
        f"{money(p['average_clv'], currency)} · portfolio value "
        f"{money(p['portfolio_value'], currency)}"
    )
    _print_in_kind(report, words)
    if p["mix_margin_target"] is not None:
        print(
            f"Average {words.margin} per {words.customer} {money(p['mix_margin_now'], currency)} "
            f"now → {money(p['mix_margin_target'], currency)} at the target mix "
            f"(today's per-{words.customer} economics)"
        )


def _print_in_kind(report: dict, words: Wording) -> None:
    """Groups valued in kind, apart from the cash table above."""
    currency = report["canvas"]["currency"]
    in_kind = [g for g in report["groups"] if g["value_basis"] == "in_kind"]
    if not in_kind:
        return
    print(
        f"Valued in kind (time and gifts in kind, never in the cash figures): "
        f"{money(report['portfolio']['in_kind_value'], currency)} a year in all"
    )
    for g in in_kind:
        print(
            f"  {g['name'][:32]:32} net {money(g['in_kind_net_per_customer'], currency)} per "
            f"{words.customer} a year · lifetime value in kind {money(g['in_kind_clv'], currency)}"
        )


def cmd_metrics(args: argparse.Namespace) -> int:
    canvas = load_canvas(args.file)
    report = metrics_report(canvas)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_metrics_table(report, wording(canvas))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    canvas = load_canvas(args.file)
    findings = run_checks(canvas)
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        names = {g.id: g.name for g in canvas.groups}
        for f in findings:
            where = f" [{names.get(f.group, '')}]" if f.group else ""
            print(f"{f.severity} {f.id} {f.step}{where}: {f.message}")
        if not findings:
            print("No findings: the canvas passes every check.")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from canvas.outputs.excel import export_workbook

    data = export_workbook(load_canvas(args.file), customer_safe=args.customer_safe)
    Path(args.output).write_bytes(data)
    print(f"Wrote {args.output}")
    return EXIT_OK


def cmd_onepager(args: argparse.Namespace) -> int:
    from canvas.outputs.onepager import one_page_pdf, one_page_png, paper_for

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".pdf", ".png"):
        raise CommandError("The one-page picture is written as .pdf or .png: name the file so.")
    canvas = load_canvas(args.file)
    render = one_page_pdf if suffix == ".pdf" else one_page_png
    data = render(canvas, customer_safe=args.customer_safe, paper=args.paper)
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise CommandError(
            f"Could not write '{args.output}': {(exc.strerror or 'error').lower()}."
        ) from None
    print(f"Wrote {args.output} ({paper_for(canvas, args.paper).name}, landscape)")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from canvas.core.document import canvas_to_json
    from canvas.outputs.excel import import_workbook

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CanvasFileError(f"Could not read '{Path(args.file).name}': {exc.strerror}.") from None
    try:
        canvas = import_workbook(data)
    except CanvasFileError as exc:
        print("This workbook could not be imported:", file=sys.stderr)
        for problem in exc.problems or [str(exc)]:
            print(f"- {problem}", file=sys.stderr)
        return EXIT_BAD_FILE
    Path(args.output).write_text(canvas_to_json(canvas), encoding="utf-8")
    print(f"Wrote {args.output}")
    return EXIT_OK


# --- measure: the groups' figures from a sales export ----------------------------------------


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2025-06-30") from None


def _column_map(args: argparse.Namespace) -> ColumnMap | None:
    given = (args.customer_column, args.date_column, args.amount_column)
    if not any(given):
        return None
    if not all(given):
        raise CommandError(
            "To map the columns yourself, give all three: --customer-column, --date-column and "
            "--amount-column."
        )
    return ColumnMap(customer=given[0], date=given[1], amount=given[2], group=args.group_column)


def _read_sales_file(args: argparse.Namespace) -> SalesRecords:
    path = Path(args.sales)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(
            f"Could not read '{path.name}': {(exc.strerror or 'error').lower()}."
        ) from None
    try:
        return read_sales(data, path.name, _column_map(args), args.group_column)
    except NeedsMapping as exc:
        raise CommandError(
            f"{exc} Its columns are: {', '.join(exc.headers)}. Name them with "
            "--customer-column, --date-column and --amount-column."
        ) from None


def _fixed(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _print_measurement(report: dict) -> None:
    period = report["period"]
    print(f"{report['file']} · {report['layout']} · dates read as {report['date_format']}")
    print(
        f"Period {period['start']} to {period['end']} · {report['rows']:,} rows, "
        f"{report['rows_used']:,} used · {report['customers']:,} customers · top 20% of "
        f"customers bring {_fixed(report['top20_share_pct'], 0)}% of net sales"
    )
    for reason, count in report["rows_skipped"].items():
        print(f"  left out: {count:,} × {reason}")
    header = (
        f"{'Group':32} {'Cust.':>7} {'Purchases':>10} {'Net sales':>13} {'Avg sale':>9} "
        f"{'Purch./yr':>9} {'Retention':>9} {'Share':>6}"
    )
    if "bgnbd" in report:
        header += f" {'Alive':>6} {'Next 12m':>8}"
    print(header)
    print("-" * len(header))
    for g in report["groups"]:
        line = (
            f"{g['group'][:32]:32} {g['customers']:>7,} {g['purchases']:>10,} "
            f"{_fixed(g['net_sales']):>13} {_fixed(g['avg_sale']):>9} "
            f"{_fixed(g['purchases_per_year'], 1):>9} {_fixed(g['retention_pct'], 1):>9} "
            f"{_fixed(g['revenue_share_pct'], 1):>6}"
        )
        if "bgnbd" in report:
            line += f" {_fixed(g['p_alive_avg']):>6} {_fixed(g['expected_purchases_12m'], 1):>8}"
        print(line)
    if not report["groups"]:
        print("No customer bought anything in these 12 months: choose another --as-of date.")
    model = report.get("bgnbd")
    if model and model.get("reason"):
        print(model["reason"])
    elif model:
        print(
            f"BG/NBD ({model['time_unit']}): r {model['r']}, alpha {model['alpha']}, "
            f"a {model['a']}, b {model['b']} on {model['repeat_buyers']:,} repeat buyers"
        )


def _write_measured_canvas(args: argparse.Namespace, measurement: Measurement) -> None:
    canvas, unmatched = apply_measurement(load_canvas(args.canvas), measurement)
    try:
        Path(args.output).write_text(canvas_to_json(canvas), encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            f"Could not write '{args.output}': {(exc.strerror or 'error').lower()}."
        ) from None
    matched = len(measurement.groups) - len(unmatched)
    print(f"Wrote {args.output}: measured figures for {matched} group(s).", file=sys.stderr)
    if unmatched:
        print(f"No group of that name in the canvas: {', '.join(unmatched)}.", file=sys.stderr)


def cmd_measure(args: argparse.Namespace) -> int:
    if bool(args.canvas) != bool(args.output):
        raise CommandError("Give both --canvas IN.json and -o OUT.json, or neither.")
    records = _read_sales_file(args)
    names = groups_from_file(records)
    if args.propose_groups:
        names = propose_value_groups(records, measure(records, as_of=args.as_of).period)
    measurement = measure(records, as_of=args.as_of, groups=names)
    found = behaviour(records, measurement, names) if args.bgnbd else None
    report = measurement_report(measurement, found)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_measurement(report)
    if args.canvas:
        _write_measured_canvas(args, measurement)
    return EXIT_OK


def _add_measure_parser(sub: argparse._SubParsersAction) -> None:
    measure_cmd = sub.add_parser(
        "measure",
        help="Each group's customers, average sale, purchases a year and retention, measured "
        "from a sales export (CSV or .xlsx).",
    )
    measure_cmd.add_argument("sales", metavar="SALES", help="A sales export: .csv, .csv.gz, .xlsx.")
    measure_cmd.add_argument(
        "--as-of",
        type=_as_of,
        metavar="YYYY-MM-DD",
        help="The last day of the 12 months measured (default: the last date in the file).",
    )
    measure_cmd.add_argument(
        "--group-column", metavar="COL", help="The column that names each sale's group."
    )
    for role in ("customer", "date", "amount"):
        measure_cmd.add_argument(
            f"--{role}-column",
            metavar="COL",
            help=f"The {role} column, when the file's layout is not recognised.",
        )
    measure_cmd.add_argument(
        "--propose-groups",
        action="store_true",
        help="Group customers by value (spend bands, and big spenders slipping away) instead of "
        "a group column.",
    )
    measure_cmd.add_argument(
        "--bgnbd",
        action="store_true",
        help="Also fit BG/NBD: the chance customers are still active, purchases next 12 months.",
    )
    measure_cmd.add_argument("--json", action="store_true", help="Machine-readable output.")
    measure_cmd.add_argument(
        "--canvas", metavar="IN.json", help="A canvas to write the measured figures into."
    )
    measure_cmd.add_argument(
        "-o", "--output", metavar="OUT.json", help="Where to write that canvas (with --canvas)."
    )
    measure_cmd.set_defaults(func=cmd_measure)


# --- store: what the canvas store holds (read only; for support staff and tests) -------------


def _store_path(option: str | None) -> Path:
    """The store file `open_store` would use: --store, else $CANVAS_STORE, else data/canvas.db."""
    return Path(option or os.environ.get("CANVAS_STORE") or DEFAULT_PATH).expanduser()


def _open_existing_store(option: str | None) -> CanvasStore:
    """Open a store that is already there, without adding anything to it (no samples): the
    PostgreSQL database at a postgresql:// URL, else an SQLite file.

    Refuses a missing file, and a file that is not an SQLite database at all, so that opening
    it does not create a store or set a file that was never a store aside as damaged."""
    url = option or os.environ.get("CANVAS_STORE")
    if is_database_url(url):
        return open_store(url)
    path = _store_path(option)
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise CommandError(f"There is no canvas store at '{path}'.") from None
    except OSError as exc:
        raise CommandError(
            f"Could not read the canvas store '{path}': {(exc.strerror or 'error').lower()}."
        ) from None
    if header != SQLITE_HEADER:
        raise CommandError(f"'{path}' is not a canvas store.")
    store = open_store(path)
    if store.recovery_note:
        store.close()
        raise CommandError(store.recovery_note)
    return store


def _saved_at(moment: datetime) -> str:
    """UTC, ISO 8601 to the second, as in canvas files (2024-05-01T09:30:00Z)."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def _summary_dict(summary: CanvasSummary) -> dict[str, str | int]:
    return {
        "id": summary.id,
        "name": summary.business_name,
        "revision": summary.revision,
        "saved_at": _saved_at(summary.updated_at),
    }


def _one_line(name: str) -> str:
    return " ".join(name.split()) or "Untitled canvas"


def _print_summaries(summaries: list[CanvasSummary]) -> None:
    if not summaries:
        print("No canvases in this store.", file=sys.stderr)
        return
    id_width = max(len(s.id) for s in summaries)
    name_width = max(len(_one_line(s.business_name)) for s in summaries)
    for s in summaries:
        print(
            f"{s.id:{id_width}}  {_one_line(s.business_name):{name_width}}  "
            f"{s.revision:>5}  {_saved_at(s.updated_at)}"
        )


def cmd_store_list(args: argparse.Namespace) -> int:
    store = _open_existing_store(args.store)
    try:
        summaries = store.list_canvases()
    finally:
        store.close()
    if args.json:
        print(json.dumps([_summary_dict(s) for s in summaries], indent=2, ensure_ascii=False))
    else:
        _print_summaries(summaries)
    return EXIT_OK


def _stored_canvas(store: CanvasStore, canvas_id: str, revision: int | None) -> Canvas:
    """The latest revision of the canvas, or revision `revision`; CommandError if there is none.
    (A canvas id is a bearer secret: messages never repeat it.)"""
    if revision is None:
        stored = store.load(canvas_id)
        if stored is None:
            raise CommandError("No canvas with that id in this store.")
        return stored.canvas
    if not store.revisions(canvas_id):
        raise CommandError("No canvas with that id in this store.")
    canvas = store.load_revision(canvas_id, revision)
    if canvas is None:
        raise CommandError(f"This store does not keep revision {revision} of that canvas.")
    return canvas


def cmd_store_export(args: argparse.Namespace) -> int:
    store = _open_existing_store(args.store)
    try:
        canvas = _stored_canvas(store, args.id, args.revision)
    finally:
        store.close()
    text = canvas_to_json(canvas)
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            f"Could not write '{args.output}': {(exc.strerror or 'error').lower()}."
        ) from None
    print(f"Wrote {args.output}")
    return EXIT_OK


def _add_store_parser(sub: argparse._SubParsersAction) -> None:
    store = sub.add_parser("store", help="What the canvas store holds (read only).")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    where = "The store file or postgresql:// URL (default: $CANVAS_STORE, else data/canvas.db)."
    listing = store_sub.add_parser(
        "list", help="One line per canvas: id, name, revision, saved at (UTC)."
    )
    listing.add_argument("--store", metavar="PATH", help=where)
    listing.add_argument("--json", action="store_true", help="Machine-readable output.")
    listing.set_defaults(func=cmd_store_list)
    export = store_sub.add_parser("export", help="Write a stored canvas as a canvas JSON file.")
    export.add_argument("id", metavar="ID", help="The canvas id (see `store list`).")
    export.add_argument(
        "-o", "--output", required=True, help="The canvas JSON file to write ('-': stdout)."
    )
    export.add_argument("--store", metavar="PATH", help=where)
    export.add_argument(
        "--revision", type=int, metavar="N", help="A kept revision instead of the latest."
    )
    export.set_defaults(func=cmd_store_export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m canvas",
        description="Customer strategy canvas: figures, checks and files from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    metrics = sub.add_parser(
        "metrics", help="Lifetime value, shares, quadrants and tiers per group."
    )
    metrics.add_argument("file", help="A canvas JSON file.")
    metrics.add_argument("--json", action="store_true", help="Machine-readable output.")
    metrics.set_defaults(func=cmd_metrics)
    check = sub.add_parser(
        "check", help="The expert checks. Exit status 1 when any finding is an error (E)."
    )
    check.add_argument("file", help="A canvas JSON file.")
    check.add_argument("--json", action="store_true", help="Machine-readable output.")
    check.set_defaults(func=cmd_check)
    export = sub.add_parser("export", help="Write the canvas as an Excel workbook.")
    export.add_argument("file", help="A canvas JSON file.")
    export.add_argument("-o", "--output", required=True, help="The workbook to write (.xlsx).")
    export.add_argument(
        "--customer-safe",
        action="store_true",
        help="Leave out internal labels and notes, for sharing outside the business.",
    )
    export.set_defaults(func=cmd_export)
    onepager = sub.add_parser(
        "onepager", help="Write the one-page strategy picture (PDF or PNG), landscape."
    )
    onepager.add_argument("file", help="A canvas JSON file.")
    onepager.add_argument("-o", "--output", required=True, help="The file to write (.pdf, .png).")
    onepager.add_argument(
        "--customer-safe",
        action="store_true",
        help="Leave out group names, internal labels and the map, for sharing outside.",
    )
    onepager.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="Paper size (default: US Letter for a canvas in USD, CAD, MXN and a few more; else A4).",
    )
    onepager.set_defaults(func=cmd_onepager)
    imp = sub.add_parser("import", help="Read an exported (and perhaps edited) workbook back.")
    imp.add_argument("file", help="A workbook exported by this app (.xlsx).")
    imp.add_argument("-o", "--output", required=True, help="The canvas JSON file to write.")
    imp.set_defaults(func=cmd_import)
    _add_measure_parser(sub)
    _add_store_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CanvasFileError, StoreUnavailable, CommandError) as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_BAD_FILE
