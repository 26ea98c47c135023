"""Import time of lrdecay_lit over numpy alone, in fresh interpreters, and what it imports.

Run from anywhere: ``python benchmarks/bench_import.py``. Each round starts three fresh
``python -c`` processes (rotating their order): ``import numpy``, ``import lrdecay_lit``
and one that times both imports from the inside with ``time.perf_counter``. The claim is
the median over rounds of the extra cost of lrdecay_lit (target: under 0.15 s) and the
list of heavy modules it pulled in (must be none of sympy, matplotlib, ipywidgets).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import REPO, fmt_time, table  # noqa: E402

FORBIDDEN = ("sympy", "matplotlib", "ipywidgets")
WATCHED = FORBIDDEN + ("scipy", "pandas", "IPython", "mpmath", "PIL", "jinja2")
TARGET = 0.15

INSIDE = (
    "import sys, time, json\n"
    "t0 = time.perf_counter(); import numpy; t1 = time.perf_counter()\n"
    "import lrdecay_lit; t2 = time.perf_counter()\n"
    f"watched = {WATCHED!r}\n"
    "print(json.dumps({'numpy': t1 - t0, 'lit': t2 - t1, 'modules': len(sys.modules),"
    " 'heavy': [m for m in watched if m in sys.modules]}))\n"
)


def _wall(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
    return time.perf_counter() - t0


def measure(repeats: int = 15) -> dict:
    """Median wall and in-process import times; see the module docstring."""
    walls = {"python -c 'import numpy'": [], "python -c 'import lrdecay_lit'": []}
    codes = {
        "python -c 'import numpy'": "import numpy",
        "python -c 'import lrdecay_lit'": "import lrdecay_lit",
    }
    inside, heavy, nmods = [], set(), 0
    _wall("import lrdecay_lit")  # warm the file cache and __pycache__
    for r in range(repeats):
        order = list(codes) if r % 2 == 0 else list(reversed(codes))
        for name in order:
            walls[name].append(_wall(codes[name]))
        out = subprocess.run(
            [sys.executable, "-c", INSIDE], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout
        d = json.loads(out.strip().splitlines()[-1])
        inside.append(d)
        heavy.update(d["heavy"])
        nmods = d["modules"]
    a, b = walls["python -c 'import numpy'"], walls["python -c 'import lrdecay_lit'"]
    delta = statistics.median(y - x for x, y in zip(a, b, strict=True))
    res = {
        "repeats": repeats,
        "wall_numpy": statistics.median(a),
        "wall_lit": statistics.median(b),
        "delta": delta,
        "wall_ratio": statistics.median(y / x for x, y in zip(a, b, strict=True)),
        "inside_numpy": statistics.median(d["numpy"] for d in inside),
        "inside_lit": statistics.median(d["lit"] for d in inside),
        "heavy": sorted(heavy),
        "forbidden": sorted(heavy & set(FORBIDDEN)),
        "modules": nmods,
    }
    return res


def markdown(res: dict) -> str:
    """The measurement of :func:`measure` as a markdown table and one verdict sentence."""
    rows = [
        ["fresh `python -c 'import numpy'` (wall)", fmt_time(res["wall_numpy"])],
        ["fresh `python -c 'import lrdecay_lit'` (wall)", fmt_time(res["wall_lit"])],
        [
            "lrdecay_lit over numpy, wall (median of per-round differences)",
            f"{fmt_time(res['delta'])} ({res['wall_ratio']:.2f}× the numpy process)",
        ],
        ["in-process: `import numpy`", fmt_time(res["inside_numpy"])],
        ["in-process: `import lrdecay_lit` after numpy", fmt_time(res["inside_lit"])],
    ]
    verdict = "under" if res["delta"] < TARGET else "OVER"
    return (
        table(["measurement", f"median of {res['repeats']}"], rows)
        + f"\n\nlrdecay_lit adds {fmt_time(res['delta'])} to a fresh interpreter that imports "
        f"numpy ({verdict} the {TARGET} s target). Watched heavy modules present after "
        f"`import lrdecay_lit`: {', '.join(res['heavy']) or 'none'} "
        f"(checked: {', '.join(WATCHED)}); {res['modules']} modules in sys.modules."
    )


def main() -> int:
    res = measure()
    print(markdown(res))
    if res["forbidden"]:
        print(f"FAIL: import lrdecay_lit imported {', '.join(res['forbidden'])}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
