"""`python -m canvas`: metrics, checks and files from the command line. A stable contract."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from canvas.checks import has_errors, run_checks
from canvas.io import CanvasFileError, load_canvas
from canvas.labels import QUADRANTS, TIERS, money, number
from canvas.report import metrics_report

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_FILE = 0, 1, 2


def _print_metrics_table(report: dict) -> None:
    currency = report["canvas"]["currency"]
    header = f"{'Group':32} {'Cust.':>7} {'Margin/yr':>11} {'CLV':>11} {'NPS':>9} {'Now %':>6} {'Target %':>8}  Quadrant / tier"
    print(report["canvas"]["name"] or "Untitled canvas")
    print(header)
    print("-" * len(header))
    for g in report["groups"]:
        nps = "—" if g["nps"] is None else f"{g['nps']:+.0f}"
        if g["nps_margin"] is not None:
            nps += f" ±{g['nps_margin']:.0f}"
        quadrant = QUADRANTS.get(g["quadrant"], "not scored")
        print(
            f"{g['name'][:32]:32} {g['customers']:>7,} {money(g['margin_per_customer'], currency):>11} "
            f"{money(g['clv'], currency):>11} {nps:>9} {number(g['share_now_pct'], 1):>6} "
            f"{number(g['target_share_pct'], 1):>8}  {quadrant} / {TIERS[g['tier']]}"
        )
    p = report["portfolio"]
    print("-" * len(header))
    print(
        f"{p['customers']:,} customers · annual margin {money(p['annual_margin'], currency)} · "
        f"average lifetime value {money(p['average_clv'], currency)} · portfolio value "
        f"{money(p['portfolio_value'], currency)}"
    )
    if p["mix_margin_target"] is not None:
        print(
            f"Average margin per customer {money(p['mix_margin_now'], currency, 1)} now → "
            f"{money(p['mix_margin_target'], currency, 1)} at the target mix "
            "(today's per-customer economics)"
        )


def cmd_metrics(args: argparse.Namespace) -> int:
    report = metrics_report(load_canvas(args.file))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_metrics_table(report)
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
    from canvas.excel import export_workbook

    data = export_workbook(load_canvas(args.file), customer_safe=args.customer_safe)
    Path(args.output).write_bytes(data)
    print(f"Wrote {args.output}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from canvas.excel import import_workbook
    from canvas.io import canvas_to_json

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
    imp = sub.add_parser("import", help="Read an exported (and perhaps edited) workbook back.")
    imp.add_argument("file", help="A workbook exported by this app (.xlsx).")
    imp.add_argument("-o", "--output", required=True, help="The canvas JSON file to write.")
    imp.set_defaults(func=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CanvasFileError as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_BAD_FILE
