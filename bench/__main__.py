"""``python -m bench`` (``make bench``): every benchmark, one table, JSON and growth fits.

    python -m bench                  # --quick on machines with 2 cores or fewer, full sizes otherwise
    python -m bench --quick          # sizes for CI-like machines
    python -m bench --full --only recommend,training

Every ``bench/bench_*.py`` with a ``run(quick) -> Report`` is picked up (see
`bench.common`) and run in its own child process, so peak memory and module state
belong to one benchmark. The table puts each figure beside its baseline from the same
run; curves get a growth fit (`bench.growth`). Results go to ``bench/out/bench-<time>.json``
and ``bench/out/latest.json``. Load averages are recorded before and after each module:
on a shared machine, read the ratios rather than the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Report, machine
from bench.growth import describe, fit_growth, readable

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def discover() -> list[str]:
    """Module names of every benchmark, in file-name order."""
    return [p.stem for p in sorted(HERE.glob("bench_*.py"))]


def run_one(module: str, quick: bool, timeout: float) -> Report:
    """Run one benchmark module in a child process and read its report."""
    code = (
        "import json, sys; from importlib import import_module; "
        f"r = import_module('bench.{module}').run({quick}); "
        "print('@@report ' + json.dumps(r.as_dict()), flush=True)"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    before = machine()
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=HERE.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@report ")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-15:])
        report = Report(bench=module, details={"error": f"exit {proc.returncode}", "log": tail})
    else:
        report = Report.from_dict(json.loads(lines[-1][len("@@report ") :]))
    report.machine = {
        "before": before,
        "after": machine(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return report


def _num(x: float | None) -> str:
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def table(reports: list[Report]) -> str:
    """One table of figures beside baselines, then the growth fits."""
    lines = [
        f"{'bench':<16} {'figure':<40} {'size':<14} {'value':>10} {'unit':<9} {'baseline':<30} "
        f"{'base value':>10} {'ratio':>7}",
    ]
    for r in reports:
        if "error" in r.details:
            lines.append(f"{r.bench:<16} FAILED: {r.details['error']}\n{r.details.get('log', '')}")
        for f in r.figures:
            ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
            lines.append(
                f"{r.bench:<16} {f.name[:40]:<40} {f.size[:14]:<14} {_num(f.value):>10} {f.unit[:9]:<9} "
                f"{f.baseline_name[:30]:<30} {_num(f.baseline):>10} {ratio:>7}"
            )
    curves = [(r.bench, c) for r in reports for c in r.curves]
    if curves:
        lines += ["", f"{'bench':<16} {'cost curve':<40} {'sizes':<26} {'values':<30} growth"]
        for bench, c in curves:
            sizes = ",".join(readable(s) for s in c.sizes)
            values = ",".join(_num(v) for v in c.values)
            lines.append(
                f"{bench:<16} {c.name[:40]:<40} {(c.size_name + ' ' + sizes)[:26]:<26} "
                f"{(values + ' ' + c.unit)[:30]:<30} {describe(fit_growth(c.sizes, c.values))}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks, print the table, write the JSON."""
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = p.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sizes (default on <= 2 cores)")
    size.add_argument("--full", action="store_true", help="full sizes (default on > 2 cores)")
    p.add_argument("--only", default="", help="comma-separated names, e.g. recommend,training")
    p.add_argument("--timeout", type=float, default=4 * 3600.0, help="seconds per benchmark module")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    quick = args.quick or (not args.full and len(os.sched_getaffinity(0)) <= 2)
    wanted = {w if w.startswith("bench_") else f"bench_{w}" for w in args.only.split(",") if w}
    modules = [m for m in discover() if not wanted or m in wanted]
    print(f"benchmarks: {', '.join(modules)} ({'quick' if quick else 'full'} sizes); machine {machine()}")
    reports = []
    for module in modules:
        print(f"== {module} ...", flush=True)
        reports.append(run_one(module, quick, args.timeout))
        m = reports[-1].machine
        print(f"   {m['seconds']} s, load {m['before']['load_average']} -> {m['after']['load_average']}")
    print()
    print(table(reports))
    args.out.mkdir(parents=True, exist_ok=True)
    doc = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "machine": machine(),
        "reports": [r.as_dict() for r in reports],
        "growth": {
            f"{r.bench}/{c.name}": (lambda f: None if f is None else f.__dict__)(
                fit_growth(c.sizes, c.values)
            )
            for r in reports
            for c in r.curves
        },
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (args.out / name).write_text(json.dumps(doc, indent=1))
    print(f"\nJSON: {args.out / f'bench-{stamp}.json'}")
    return 1 if any("error" in r.details for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
