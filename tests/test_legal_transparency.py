"""Lawyer review, round four: the AI Act Art. 50 duties of generated content as go-live conditions, e-mail
advertising 'to all members' said in its finding, and rule reasoning without examples the company does not have."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from fahrplan.agents.findings import finding_for, match_rules
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import t
from fahrplan.knowledge.catalog import Catalog

SAMPLES = Path(__file__).resolve().parents[1] / "evals" / "dataset" / "samples"
GENAI = "personalization.genai_marketing_content"


def _sample(name: str) -> Profile:
    data = yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return Profile.model_validate(data["profile"])


@pytest.mark.parametrize(
    ("text", "deepfake"),
    [
        ("KI-generierte Kampagnenmotive mit virtuellen Models für Social Media", True),
        ("AI-generated product images for the webshop", True),
        ("KI-generierte Produktbeschreibungen für den Onlineshop", False),
        # machine-learning models writing listing texts are no people in pictures (Pawsome Pets, lawyer round four)
        ("AI-generated listing texts: models recommend titles and bullet points per marketplace", False),
    ],
)
def test_generated_content_needs_the_marking_and_images_the_deepfake_disclosure(
    catalog: Catalog, text: str, deepfake: bool
) -> None:
    """Art. 50(2): the provider marks all synthetic content, secured in the vendor contract; Art. 50(4): the deployer
    discloses deepfakes, which texts are not — both are measures of the finding, not only words of its reasoning."""
    rules = match_rules(text, catalog.rules.values())
    assert "generative_content" in {r.id for r in rules}
    finding = finding_for(
        text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    assert "synthetic_marking" in finding.measure_ids
    assert ("deepfake_disclosure" in finding.measure_ids) is deepfake
    assert "aiact.art50" in finding.citations


def test_generative_marketing_chosen_for_a_goal_goes_live_after_its_art50_conditions(plan: Any) -> None:
    """Urban Threads plans generative campaign content for a goal, with no use case naming it: its pilot is released
    only after the marking is secured with the vendor (Art. 50(2)) and deepfakes are disclosed (Art. 50(4))."""
    roadmap: Roadmap = plan(_sample("urban-threads-online"))
    finding = next(f for f in roadmap.compliance_findings if f.initiative == GENAI and f.source == "initiative")
    assert {"synthetic_marking", "deepfake_disclosure"} <= set(finding.measure_ids)
    pilot = next(ms for m in roadmap.modules for ms in m.milestones if ms.id == f"{GENAI}.pilot")
    assert any("Art. 50 Abs. 2" in g for g in pilot.gated_by), pilot.gated_by
    assert any("Art. 50 Abs. 4" in g for g in pilot.gated_by), pilot.gated_by


def test_e_mail_to_all_members_is_permitted_only_with_the_consent_condition_said_in_its_finding(plan: Any) -> None:
    """UWG § 7(2) No. 2, § 7(3): the verdict 'permitted with conditions' of a campaign 'to all loyalty members' names
    its condition — only those who consented (or meet § 7(3)) are e-mailed — where the verdict stands."""
    roadmap: Roadmap = plan(_sample("urban-threads-online"))
    everyone = next(f for f in roadmap.compliance_findings if f.use_case.startswith("E-mail marketing campaigns"))
    assert everyone.verdict == "permitted_with_conditions" and "consent" in everyone.measure_ids
    assert t("legal_email_everyone", "de") in everyone.rationale
    assert t("legal_email_members", "de") in everyone.rationale  # the company has a loyalty programme
    others = [f for f in roadmap.compliance_findings if "email_marketing" in f.rules and f is not everyone]
    assert others  # the newsletter's scale steps advertise by e-mail too, to no "all"
    assert not [f.use_case for f in others if t("legal_email_everyone", "de") in f.rationale]


_NO_CARD = r"Kundenkarte(?!n\)“)|Kundenprogramm"
_ABSENT = {
    "biomarkt-gruenzeug": re.compile(_NO_CARD),  # its tills and cashiers are real (a Casio POS)
    "urban-threads-online": re.compile(_NO_CARD + r"|Kassierer|Kassendaten|Fahrzeugtelematik|Handscanner"),
}


def test_rule_reasoning_names_no_customer_card_till_or_scanner_the_company_lacks(plan: Any) -> None:
    """Biomarkt has no customer card and its constraint rules one out; Urban Threads has no store and no till: the
    reasoning of their findings names neither as the company's own (the DSK list item's title may be quoted)."""
    for name, absent in _ABSENT.items():
        profile = _sample(name)
        roadmap: Roadmap = plan(profile)
        for finding in roadmap.compliance_findings:
            text = finding.rationale
            if profile.customers.loyalty_program:  # the loyalty programme's own notes may name it
                text = text.replace(t("legal_email_members", "de"), "")
                text = text.replace(t("legal_one_basis", "de", why=t("legal_consent_loyalty", "de")), "")
                text = text.replace(t("legal_one_basis_email_members", "de"), "")
                text = text.replace(t("legal_dpia_why_loyalty", "de"), "")  # why its members' profiles need a DPIA
            assert not absent.search(text), (name, finding.use_case, absent.search(text))
