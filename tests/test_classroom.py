"""The classroom kit: student edition transform, its built site, the slides, the print route.

The transform tests (tools/student_edition.py on synthetic notebooks and on every notebook of
the toc) always run. The checks of built output (``make student``, ``make slides``, the one
chapter ``make test-classroom`` prints) run only with ``LRDECAY_REQUIRE_CLASSROOM=1``, which
``make test-classroom`` sets after building them (output left from an earlier run may be
stale); then missing output is a failure.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lrdecay_lit.book.exercises import check, exercise_ids, expected
from lrdecay_lit.book.teaching import lectures

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
STUDENT_SRC = BUILD / "student" / "src"
STUDENT_HTML = BUILD / "student" / "html"
SLIDES = BUILD / "slides"
SMOKE = BUILD / "pdf" / "smoke"
REQUIRE = os.environ.get("LRDECAY_REQUIRE_CLASSROOM") == "1"


def _load(name: str):  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


se = _load("student_edition")


def _need(path: Path, what: str) -> None:
    if not REQUIRE:  # a build left from an earlier run may be stale
        pytest.skip(f"checks of built output run in `make test-classroom` ({what})")
    if not path.exists():
        if REQUIRE:
            pytest.fail(f"{path} is missing ({what})")
        pytest.skip(f"{path} not built ({what})")


# ------------------------------------------------------------------------------ the transform


def _nb(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for kind, src in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(src))
    return nb


def test_strip_solutions_backtick_fences_and_text_around() -> None:
    nb = _nb(
        ("code", "from lrdecay_lit.book.exercises import check"),
        (
            "markdown",
            "```{exercise} Sum\n:label: demo-ex-sum\n\nTwo and two?\n```\n\n"
            "````{solution-start} demo-ex-sum\n:class: dropdown\n````\n\nSECRET PROSE",
        ),
        ("code", 'x = 2 + 2  # SECRET CODE\ncheck("_demo.sum", x)'),
        ("markdown", "more SECRET\n\n````{solution-end}\n````\n\nText after the solution."),
    )
    sols = se.strip_solutions(nb)
    assert [(s.label, s.ids) for s in sols] == [("demo-ex-sum", ["_demo.sum"])]
    text = "\n".join(c.source for c in nb.cells)
    assert "SECRET" not in text and "solution-" not in text
    assert "Two and two?" in text and "Text after the solution." in text
    answer = nb.cells[2]
    assert answer.cell_type == "code"
    assert 'check("_demo.sum", sum)' in answer.source and "sum = ..." in answer.source
    assert "from lrdecay_lit.book.exercises import" not in answer.source  # imported above
    assert answer.outputs[0]["text"].startswith("✘ Not yet: _demo.sum. Hint: two and two.")
    assert nb.cells[3].source == "Text after the solution."


def test_strip_solutions_colon_fences_several_ids_and_import() -> None:
    nb = _nb(
        ("markdown", ":::{exercise} Two\n:label: ex-two\nQ\n:::"),
        ("markdown", "::::{solution-start} ex-two\n::::\nA"),
        ("code", 'check("_demo.sum", 4)\ncheck("_demo.sum", 4.0)\ncheck("x.if", 1)'),
        ("markdown", "::::{solution-end}\n::::"),
    )
    (sol,) = se.strip_solutions(nb)
    assert sol.ids == ["_demo.sum", "x.if"]
    (answer,) = [c for c in nb.cells if c.cell_type == "code"]
    assert "from lrdecay_lit.book.exercises import check" in answer.source
    assert "answer_if = ..." in answer.source  # a keyword is not a variable name
    assert 'Exercise "Two"' in answer.source


def test_unclosed_solution_is_an_error() -> None:
    nb = _nb(("markdown", "````{solution-start} a\n````\nA"), ("code", "1"))
    with pytest.raises(ValueError, match="no {solution-end}"):
        se.strip_solutions(nb)


@pytest.fixture(scope="module")
def transformed() -> dict[str, tuple[nbformat.NotebookNode, nbformat.NotebookNode, list]]:
    out = {}
    for rel in se.toc_notebooks(ROOT):
        original = nbformat.read(ROOT / rel, as_version=4)
        student = nbformat.read(ROOT / rel, as_version=4)
        out[rel.as_posix()] = (original, student, se.strip_solutions(student))
    return out


def test_every_solution_removed_and_every_id_still_checkable(transformed) -> None:  # noqa: ANN001
    assert transformed, "no notebooks in the toc"
    n = 0
    for rel, (original, student, sols) in transformed.items():
        starts = sum(
            1
            for c in original.cells
            if c.cell_type == "markdown"
            for line in c.source.split("\n")
            if (m := se._FENCE.match(line)) and m["name"] == "solution-start"
        )
        assert len(sols) == starts, rel
        src = "\n".join(c.source for c in student.cells)
        fences = [m["name"] for line in src.split("\n") if (m := se._FENCE.match(line))]
        assert "solution-start" not in fences and "solution-end" not in fences, rel
        chapter = Path(rel).stem
        in_original = set(
            re.findall(
                r'check\(\s*"([\w.]+)"',
                "\n".join(c.source for c in original.cells if c.cell_type == "code"),
            )
        )
        for sol in sols:
            for ex_id in sol.ids:
                n += 1
                assert f'check("{ex_id}", ' in src, (rel, ex_id)
                assert check(ex_id, expected(ex_id)) is True
        if any(s.ids for s in sols):
            assert set(exercise_ids(chapter)) <= in_original | {i for s in sols for i in s.ids}, rel
    assert n > 0


def test_exercise_intro_speaks_of_answer_cells(transformed) -> None:  # noqa: ANN001
    rewritten = 0
    for rel, (original, student, sols) in transformed.items():
        said = "\n".join(c.source for c in original.cells if c.cell_type == "markdown")
        text = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
        assert "Each solution ends with" not in text, rel
        if sols and "Each solution ends with `check(...)`" in said:
            assert se.STUDENT_INTRO in text, rel
            rewritten += 1
    assert rewritten >= 8  # the schedule chapters at least


# -------------------------------------------------------------------------- built output


def _solution_lines(transformed) -> set[str]:  # noqa: ANN001
    """Distinctive lines of the removed solutions (not found anywhere else in the notebook)."""
    lines = set()
    for _rel, (_orig, student, sols) in transformed.items():
        kept = "\n".join(c.source for c in student.cells)
        for sol in sols:
            for chunk in sol.removed:
                for line in chunk.split("\n"):
                    s = line.strip()
                    if len(s) >= 30 and s not in kept and "{solution" not in s:
                        lines.add(s)
    return lines


def test_student_site_has_no_solution_text(transformed) -> None:  # noqa: ANN001
    _need(STUDENT_HTML / "book" / "exponential_decay.html", "make student")
    secret = _solution_lines(transformed)
    assert len(secret) > 50
    pages = sorted(STUDENT_HTML.rglob("*.html"))
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert not re.search(r'class="[^"]*\bsolution\b', raw), page
        text = html.unescape(re.sub(r"<[^>]+>", "", raw))
        text = re.sub(r"\s+", " ", text)
        leaked = [s for s in secret if re.sub(r"\s+", " ", s) in text]
        assert not leaked, (page, leaked[:3])
    # the instructor site does have them (the check can fail)
    inst = (BUILD / "html" / "book" / "exponential_decay.html").read_text(encoding="utf-8")
    assert re.search(r'class="[^"]*\bsolution\b', inst)


def test_student_notebooks_written() -> None:
    _need(STUDENT_SRC / "solutions-removed.json", "make student-src")
    for rel in se.toc_notebooks(ROOT):
        assert (STUDENT_SRC / rel).is_file(), rel


_URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#]+)""")


def test_slide_decks_offline_and_complete() -> None:
    _need(SLIDES / "index.html", "make slides")
    decks = sorted(SLIDES.glob("lecture-*/index.html"))
    assert len(decks) == len(lectures(ROOT / "_toc.yml")) >= 3
    for deck in decks:
        text = deck.read_text(encoding="utf-8")
        urls = _URL.findall(text)
        assert urls
        for url in urls:
            assert "://" not in url and not url.startswith("//"), (deck, url)
            assert (deck.parent / url).is_file(), (deck, url)
        for need in ("reveal.js", "tex-mml-chtml.js", "lrplot.js", 'class="lrplot"', ".svg"):
            assert need in text, (deck, need)
        assert text.count("Questions for the room") >= 2


def _pdftotext(pdf: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    return subprocess.run([exe, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_printed_chapter_instructor_and_student() -> None:
    inst = sorted((SMOKE / "instructor" / "chapters").glob("*.pdf"))
    stud = sorted((SMOKE / "student" / "chapters").glob("*.pdf"))
    _need(SMOKE / "instructor" / "chapters", "make test-classroom prints one chapter")
    assert inst and stud
    t_inst, t_stud = _pdftotext(inst[0]), _pdftotext(stud[0])
    for t in (t_inst, t_stud):
        assert "VBox(children" not in t and "HBox(children" not in t
        assert "Exercise" in t
    # instructor: the solutions after the last exercise, at the end
    assert "Solutions" in t_inst
    assert t_inst.rfind("Solution to Exercise") > t_inst.rfind("Summary")
    assert "Solution to Exercise" not in t_stud and "Not yet" in t_stud
    fonts = subprocess.run(
        ["pdffonts", str(inst[0])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column


@pytest.mark.browser
def test_slide_deck_in_browser_offline() -> None:
    sb = _load("site_browser")
    _need(SLIDES / "lecture-1" / "index.html", "make slides")
    if sb.find_chromium() is None:
        pytest.skip("no chromium/chromedriver")
    driver = sb.make_driver(1280, 800)
    try:
        sb.open_page(driver, SLIDES / "lecture-1" / "index.html")
        state = driver.execute_script(
            "return {reveal: !!(window.Reveal && Reveal.isReady()),"
            " math: document.querySelectorAll('mjx-container').length,"
            " plots: [...document.querySelectorAll('div.lrplot')].map(p => !!p.dataset.ready)}"
        )
        urls = [u for u in sb.network_requests(driver) if not u.startswith(("file:", "data:"))]
    finally:
        sb.close_driver(driver)
    assert state["reveal"] and state["math"] > 0
    assert state["plots"] and all(state["plots"])
    assert not [u for u in urls if not u.startswith("chrome")], urls
