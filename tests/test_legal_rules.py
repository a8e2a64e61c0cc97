"""Legal precision rules, each through the CLI on a profile written for it, and caught by the scorer when broken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from fahrplan.cli.main import main
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ComplianceFinding, Roadmap
from fahrplan.evals.schema import Expectations, ScoreContext
from fahrplan.evals.scorers import legal_correctness
from fahrplan.knowledge.catalog import Catalog

EMOTION_CAMERA = (
    "Kameras an den Kassen erkennen die Emotionen der Kundinnen und Kunden und spielen passende Werbung aus; "
    "das Kassenpersonal ist mit im Bild"
)
EMOTION_SHELF = "Kamera am Regal erkennt die Stimmung der Kundschaft und passt die Werbung auf dem Bildschirm an"
COUNTING = "Anonyme Zählsensoren an den Eingängen, die nur Ein- und Ausgänge zählen (keine Kameras)"


@pytest.fixture()
def run_cli(kb_dir: Path, store: Any, tmp_path: Path, minimal_profile_data: dict[str, Any]) -> Any:
    """Write a profile with ``use_cases``, run ``fahrplan run`` (md, json, html); return (roadmap, md, html)."""

    def run(use_cases: list[str]) -> tuple[Roadmap, str, str]:
        profile = tmp_path / "profil.yaml"
        profile.write_text(
            yaml.safe_dump({**minimal_profile_data, "planned_use_cases": use_cases}, allow_unicode=True),
            encoding="utf-8",
        )
        out = tmp_path / "out"
        code = main(
            ["run", str(profile), "-o", str(out), "--format", "md,json,html", "--force", "--kb-dir", str(kb_dir)]
        )
        assert code == 0
        roadmap = Roadmap.model_validate(json.loads((out / "roadmap.json").read_text(encoding="utf-8")))
        md = (out / "roadmap.md").read_text(encoding="utf-8")
        return roadmap, md, (out / "roadmap.html").read_text(encoding="utf-8")

    return run


def _finding(roadmap: Roadmap, start: str) -> ComplianceFinding:
    return next(f for f in roadmap.compliance_findings if f.use_case.startswith(start))


def _context(roadmap: Roadmap, catalog: Catalog) -> ScoreContext:
    profile = Profile.model_validate(roadmap.profile)
    return ScoreContext(profile, catalog, catalog.resolves, Expectations())


def test_customer_emotion_cameras_are_not_permitted_and_say_why(run_cli: Any, catalog: Catalog) -> None:
    roadmap, md, html = run_cli([EMOTION_CAMERA, EMOTION_SHELF])
    checkout, shelf = _finding(roadmap, "Kameras an den Kassen"), _finding(roadmap, "Kamera am Regal")
    # staff in the frame: an Art. 5(1)(f) prohibition for them; customers alone: high risk, no practicable basis
    assert (checkout.verdict, checkout.ai_act_risk) == ("not_permitted", "prohibited")
    assert (shelf.verdict, shelf.ai_act_risk) == ("not_permitted", "high")
    for f in (checkout, shelf):
        assert f.required_measures == [] and f.measure_ids == []  # why not, not a compliance path
        assert f.alternative and "Opt-in-Terminal" in f.alternative
        articles = {b.article for b in f.legal_basis}
        assert not any("26" in a for a in articles)  # no deployer duties of a system that may not run
    assert "Art. 5(1)(f)" in {b.article for b in checkout.legal_basis}
    assert "berechtigtes Interesse" in shelf.rationale and "Einwilligung" in shelf.rationale
    # the reasoning is in the report, not only in the JSON
    assert "Warum nicht: Eine Kamera im Laden" in md and "Warum nicht: Eine Kamera im Laden" in html
    assert legal_correctness(roadmap, _context(roadmap, catalog)).value == 1.0


def test_anonymous_counting_sensors_are_permitted_without_dpia(run_cli: Any, catalog: Catalog) -> None:
    roadmap, _, _ = run_cli([COUNTING])
    f = _finding(roadmap, "Anonyme Zählsensoren")
    assert (f.verdict, f.ai_act_risk) == ("permitted", "minimal")
    assert not {"dpia", "explicit_consent", "consent", "fria"} & set(f.measure_ids)


def test_the_scorer_catches_a_broken_emotion_verdict_and_measures_on_a_not_permitted_finding(
    run_cli: Any, catalog: Catalog
) -> None:
    roadmap, _, _ = run_cli([EMOTION_SHELF])
    ctx = _context(roadmap, catalog)
    shelf = _finding(roadmap, "Kamera am Regal")
    index = roadmap.compliance_findings.index(shelf)
    as_before = shelf.model_copy(
        update={"verdict": "permitted_with_conditions", "required_measures": ["DSFA"], "measure_ids": ["dpia"]}
    )
    broken = roadmap.model_copy(deep=True)
    broken.compliance_findings[index] = as_before
    score = legal_correctness(broken, ctx)
    assert score.value < 1.0 and "(in-store emotion camera)" in score.explanation
    padded = roadmap.model_copy(deep=True)
    padded.compliance_findings[index] = shelf.model_copy(update={"measure_ids": ["dpia", "explicit_consent"]})
    score = legal_correctness(padded, ctx)
    assert score.value < 1.0 and "(not permitted)" in score.explanation


def test_every_not_permitted_rule_names_its_alternative_and_no_measures(catalog: Catalog) -> None:
    blocked = [r for r in catalog.rules.values() if r.verdict == "not_permitted"]
    assert len(blocked) >= 6
    assert all(r.alternative is not None and not r.measures for r in blocked)
