"""Tests of lrdecay_lit.book.notation and of the package's lazy imports."""

import subprocess
import sys

from lrdecay_lit import symbolic as S
from lrdecay_lit.book.notation import NOTATION, show, tex


def test_every_schedule_parameter_has_a_book_symbol():
    for name in S.SCHEDULE_NAMES:
        if name == "piecewise_constant":  # b_i and v_i print as themselves
            continue
        for sym in S.parameters(name):
            assert sym.name in NOTATION, (name, sym.name)


def test_tex_uses_the_notation_and_overrides():
    assert tex(S.expression("cosine_decay")).count(r"\alpha") == 2
    assert "k" in tex(S.expression("inverse_time_decay"), names={"decay_rate": "k"})
    assert "decay" not in tex(S.expression("polynomial_decay", cycle=True))
    assert (
        show("\\eta_t", S.expression("fixed"))._repr_latex_()
        == "$\\displaystyle \\eta_t = \\eta_{0}$"
    )


def test_import_is_light_and_submodules_load_lazily():
    code = (
        "import sys, lrdecay_lit as lr\n"
        "heavy = ('sympy', 'matplotlib', 'ipywidgets', 'IPython')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert lr.tables.value_table is not None and 'sympy' not in sys.modules\n"
        "assert lr.symbolic.expression('fixed') is not None and 'sympy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_names_may_be_keyed_by_sympy_symbols():
    import sympy as sp

    rho = sp.Symbol("rho", positive=True)
    expr = rho * S.symbol("decay_rate")
    assert tex(expr, names={rho: r"\rho", "decay_rate": "k"}) == r"k \rho"
    assert tex(expr, names={rho: r"\rho", S.symbol("decay_rate"): "k"}) == r"k \rho"


def test_digamma_prints_as_psi():
    import sympy as sp

    x = sp.Symbol("x")
    assert tex(sp.polygamma(0, x)) == r"\psi{\left(x \right)}"
    assert "polygamma" in tex(sp.polygamma(1, x))  # trigamma and beyond: unchanged


def test_symbols_of_the_derivations_have_book_symbols():
    reach = S.step_to_reach("cosine_decay")
    assert r"\eta^{*}" in tex(reach.crossing)
    assert r"\alpha_{\cos}" in tex(S.linear_cosine_vs_cosine().general)


def test_notation_is_the_definitions_book_symbols():
    """Each parameter's book symbol is a fact of its definition; NOTATION collects them
    (a shared name takes the first schedule's symbol, in TF order)."""
    from lrdecay_lit.schedules import DEFINITIONS

    first: dict[str, str] = {}
    for d in DEFINITIONS.values():
        for p in d.symbol_params:
            assert p.symbol, (d.name, p.name)
            first.setdefault(p.name, p.symbol)
    assert {k: NOTATION[k] for k in first} == first
    assert DEFINITIONS["natural_exp_decay"].param("decay_rate").symbol == "k"  # its chapter's
