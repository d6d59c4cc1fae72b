"""A resolution whose words follow "RESOLVED that:" in paragraphs of their own is one decision, of the body
that resolves (annot-d: "Decision text = the RESOLVED statement as printed"); bullets under "RESOLVED that
Council:" add whom they empower ("plus any officer given delegated authority or a direction")."""
from __future__ import annotations

from .test_minutes_prose import items


def test_the_paragraphs_after_resolved_that_are_one_decision_of_the_body_that_resolves():
    lines = ["301. Armed Forces Covenant (Item 10)",
             "4) Following the debate, the Chairman put the motion set out in paragraph 3.",
             "5) RESOLVED that:", "",
             "Members note the annual report and agree to the priorities for next year, including a new award.", "",
             "Members continue to support the Covenant across the county by engaging in local events.",
             "302. Devolution Update (Item 11)"]
    assert items(lines) == [("decision", ("that: Members note the annual report and agree to the priorities for next"
                             " year, including a new award. Members continue to support the Covenant across the"
                             " county by engaging in local events."), ["Members"])]


def test_a_lead_in_after_resolved_that_leads_its_own_parts():
    lines = ["6. RESOLVED that:", "", "This Council believes that:", "",
             "a) Urgent action is needed on disposable vapes.", "", "And;", "",
             "This Council agrees to call on the Cabinet Member for Public Health to:", "",
             "a) Write again to the government, urging swift action.", "",
             "b) Encourage proper disposal of vapes."]
    # "This Council believes that:" leads its own lettered points: it is not the resolution's words
    assert not any("This Council believes" in text for _, text, _ in items(lines))


def test_a_bullet_under_resolved_that_council_adds_whom_it_empowers():
    lines = ["304. Joint Committee Terms of Reference (Item 13)", "3) RESOLVED that Council:", "",
             "• Agrees the revised Terms of Reference as set out in Appendix A; and", "",
             "• Delegates to the Monitoring Officer to make the necessary changes to the Constitution.",
             "305. Pay Policy Statement (Item 14)"]
    ((kind, text, owners),) = items(lines)
    assert kind == "decision" and text.endswith("changes to the Constitution.")
    assert owners == ["Council", "Monitoring Officer"]


def test_the_points_a_council_believes_are_no_candidates_but_those_it_calls_for_are():
    from onrecord.nlp.blocks import blocks
    from onrecord.nlp.candidates import candidates
    from onrecord.nlp.prose import prose_items

    from .test_minutes_prose import MEETING
    from .test_nlp import document
    lines = ["6. RESOLVED that:", "", "This Council believes that:", "",
             "a) Any ban must be robust and comprehensive, preventing manufacturers exploiting loopholes.", "",
             "b) Stronger regulations on vape marketing should be introduced alongside the ban.", "",
             "This Council agrees to call on the Cabinet Member for Public Health to:", "",
             "a) Write again to the government, urging swift action on disposable vapes.", "",
             "b) Encourage proper disposal of vapes and promote recycling initiatives."]
    found = blocks(document(lines, kind="minutes"))
    texts = [c.text for c in candidates(found, prose_items(found, "minutes", MEETING), "minutes", 1)]
    assert not any("ban must be robust" in t or "Stronger regulations" in t for t in texts)
    assert any(t.startswith("Write again") for t in texts) and any(t.startswith("Encourage proper") for t in texts)
