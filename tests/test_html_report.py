"""The HTML report renders in headless Chromium with its charts and all six modules (screenshot kept)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import escape
from pathlib import Path
from typing import Any

import pytest

from fahrplan.report.render_html import render_html
from fahrplan.report.render_md import render_markdown
from fahrplan.report.render_pdf import HEADLESS_FLAGS, find_browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture()
def cli_run(kb_dir: Path, store: Any, example_path: Any, capsys: pytest.CaptureFixture[str]) -> Any:
    from fahrplan.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["run", str(example_path("modehaus-nord")), "--quiet", "--kb-dir", str(kb_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _chromium() -> str:
    found = find_browser()
    assert found, "Debian's chromium is required for this test (make test installs it)"
    return found


def test_report_renders_in_headless_chromium(plan: Any, example_profile: Any, tmp_path: Path) -> None:
    roadmap = plan(example_profile("modehaus-nord"))
    html = render_html(roadmap)
    assert "http://" not in html.split("<body>")[0] and "<script" not in html  # self-contained, no assets
    page = tmp_path / "roadmap.html"
    page.write_text(html, encoding="utf-8")
    browser = [_chromium(), *HEADLESS_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert dom.count('class="module"') == 6
    assert len(re.findall(r'<circle class="initiative"', dom)) == len(roadmap.initiatives)
    milestones = sum(len(m.milestones) for m in roadmap.modules)
    assert len(re.findall(r'<rect class="bar"', dom)) == milestones
    assert 'id="gantt"' in dom and 'id="matrix"' in dom and 'id="budget"' in dom and 'id="compliance"' in dom
    assert 'id="critical-path"' in dom and 'id="compliance-reasons"' in dom
    assert 'id="board"' in dom and 'id="board-recommendation"' in dom and 'id="board-decisions"' in dom
    assert 'id="goal-coverage"' in dom and 'id="backlog"' in dom
    assert 'class="dep"' in dom  # dependency arrows in the Gantt chart
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "roadmap-modehaus-nord.png"
    subprocess.run(
        [*browser, "--window-size=1200,2400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 50_000  # a real rendering, not a blank page


def test_html_has_the_content_of_the_markdown_report(plan: Any, example_profile: Any) -> None:
    profile = example_profile("modehaus-nord")
    tight = profile.model_copy(update={"budget": profile.budget.model_copy(update={"ai_budget_eur_24m": 150_000})})
    roadmap = plan(tight)
    assert roadmap.deferred and roadmap.critical_path is not None  # a plan with a backlog and a critical path
    html, md = render_html(roadmap), render_markdown(roadmap)
    headings = [re.sub(r"^#+ ", "", line) for line in md.splitlines() if re.match(r"#{1,3} ", line)]
    missing = [h for h in headings if escape(re.sub(r"^\d+\. ", "", h)) not in html]
    assert not missing  # every section of the Markdown report is in the HTML report, the board part's too
    backlog = html[html.index('id="backlog"') :]
    assert all(escape(d.title) in backlog and escape(d.reason) in backlog for d in roadmap.deferred)
    start = roadmap.critical_path.milestones[0]
    assert escape(start) not in html  # titles, not ids
    first = next(ms.title for m in roadmap.modules for ms in m.milestones if ms.id == start)
    assert escape(first) in html[html.index('id="critical-path"') :]
    board = roadmap.board_summary
    assert board is not None and board.decisions
    for text in [*board.recommendation, *board.money, *board.decisions, *(f.benefit for f in board.fund_now)]:
        assert escape(text) in html and text in md
    assert html.index('id="board"') < html.index('id="appendix"') < html.index('id="backlog"')
    full = plan(profile)  # with its budget the plan runs value initiatives, so it has a money case
    assert full.money_case is not None and full.money_case.cases
    money = render_html(full)[render_html(full).index('id="money-case"') :]
    assert all(escape(a) in money for c in full.money_case.cases for a in c.assumptions)


def test_pdf_format_prints_the_report(cli_run: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = cli_run("--format", "pdf", "-o", str(out))
    assert code == 0, err
    pdf = (out / "roadmap.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert oct((out / "roadmap.pdf").stat().st_mode & 0o777) != oct(0o600)


def test_pdf_without_a_browser_is_a_clear_error(cli_run: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    code, _, err = cli_run("--format", "md,pdf", "-o", str(tmp_path / "out"))
    assert code == 2 and "Chromium" in err
    assert not (tmp_path / "out").exists()  # nothing written half-way
