"""`onrecord evaluate` agrees with ../shared/gold/score.py, and the extraction figures hold."""
import copy
import json
import random
import subprocess
import sys

import pytest
from click.testing import CliRunner

from onrecord.cli import cli
from onrecord.evaluate import load_jsonl
from onrecord.nlp.score import score


def perturbed(gold: dict, seed: int) -> dict:
    """A prediction set with dropped, duplicated, re-owned and re-dated items."""
    rng = random.Random(seed)
    pred = {}
    for file, doc in gold.items():
        items = []
        for item in copy.deepcopy(doc["items"]):
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.3:
                item["owners"] = ["Someone Else"] + item["owners"][1:]
            elif roll < 0.4:
                item["due_date"] = "2099-01"
            elif roll < 0.5:
                item["text"] = " ".join(item["text"].split()[: max(1, len(item["text"].split()) // 2)])
            elif roll < 0.55:
                item["kind"] = "action"
            items.append(item)
            if roll > 0.95:
                items.append(dict(item))
        pred[file] = {"file": file, "items": items}
    return pred


@pytest.mark.parametrize("seed", [1, 2])
def test_score_agrees_with_gold_score_py(shared, tmp_path, seed):
    gold_path = shared / "gold" / "dev.jsonl"
    pred = perturbed(load_jsonl(gold_path), seed)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(d) + "\n" for d in pred.values()))
    out = subprocess.run(
        [sys.executable, str(shared / "gold" / "score.py"), str(gold_path), str(pred_path), "--json"],
        capture_output=True, text=True, check=True,
    )
    expected = json.loads(out.stdout.strip().splitlines()[-1])
    assert score(load_jsonl(gold_path), pred)[0] == expected
    assert expected["item_f1"] < 1.0  # the perturbation really costs something


def test_evaluate_texts(shared):
    result = CliRunner().invoke(cli, ["evaluate", str(shared / "gold" / "texts.jsonl"), "--root", str(shared), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["item_f1"] == 1.0
    assert summary["owner_f1"] >= 0.9
    assert summary["due_date_accuracy"] == 1.0


# The dev figures reached so far; raise them as extraction improves. (In-sample figures are not
# evidence of quality: the learned decision, fitted on dev and dev2, once traded owner F1 0.937 ->
# 0.925 here, and item F1 0.937 -> 0.924 when bold fonts, restated sub-recommendations and resolution
# parts raised the cross-validated item F1 0.818 -> 0.848: see CV_FLOOR; the owners branch gave
# 0.934 here alone and 0.931 merged with the sibling entries and theme rows, which raised the
# cross-validated item F1 0.848 -> 0.868; the minutes' ", action Jon" markers and Word's symbol bullets
# gave 0.930 here, with the cross-validated item F1 0.868 -> 0.875 and owner F1 0.881 -> 0.884; a
# response's planned acts and numbered lines that ask, with the minutes' decisions to act ("The
# Councillors agreed to forward a note"), the response deadlines and the month "May" no longer read as
# a hedge, gave 0.925 here (0.929 before), with the cross-validated item F1 0.875 -> 0.880 and owner
# F1 0.884 -> 0.885; owners read from named lists, "The Agency" and "it is important that X" gave
# owner F1 0.944 here; a response's "is committed to <act>" and "looks forward to delivering" found
# more promises, item F1 0.926 -> 0.931 here and 0.882 -> 0.888 cross-validated, one of them paired
# with a date its next sentence gives: due-date accuracy 1.0 -> 0.988 here; the owners, minutes' decisions,
# response dates and financial-year spans of session 11 gave 0.940, owner 0.948, due 1.0 here; session 12's
# owners, minutes rules (speakers' passive promises, "APPROVED –" lines, "need to" tasks, bracketed carried
# actions) and a response's account of how a thing will work no longer a promise gave 0.946, owner 0.955,
# and kind accuracy 1.0 -> 0.997: "Updates will be submitted to the SSA Commission", newly paired, is a
# passive promise the rules call a commitment and annot-d an action, "borderline"; session 13's
# reported-form recommendations of a response and promises joined with the sentence they name again
# gave 0.947, owner 0.959; all of its work merged, 0.947 and 0.966. Session 14: a thing's effect no promise,
# "to encourage" no ask, 0.949; on main after its merges 0.953. Session 15 (s15a): owners of passive promises,
# plain-form asks, "when" clauses and "for it to", owner 0.970. Session 16, merged: 0.956; with s16b's side-by-side
# tables read cell by cell 0.954, owner 0.969 (a summary's copy of a promise now a candidate, unmerged; a borderline
# HoL item lost to the refit), while both cross-validations rose.) s16i, a promise by a party the sentence before
# names one with it: 0.956, owner 0.969; s16j's paragraphs carried past a page's footnotes: owner 0.970.
DEV_FLOOR = {"item_f1": 0.956, "owner_f1": 0.970, "due_date_accuracy": 1.0, "kind_accuracy": 0.997}


@pytest.mark.slow
def test_dev_figures_do_not_fall(shared):
    result = CliRunner().invoke(cli, ["evaluate", str(shared / "gold" / "dev.jsonl"), "--root", str(shared), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    for figure, floor in DEV_FLOOR.items():
        assert summary[figure] >= floor, (figure, summary)


def test_score_by_kind_splits_the_documents(shared):
    from onrecord.nlp.score import score_by_kind

    gold = load_jsonl(shared / "gold" / "dev.jsonl")
    pred = perturbed(gold, 3)
    kinds = score_by_kind(gold, pred)
    assert set(kinds) == {doc["doc_type"] for doc in gold.values()}
    assert sum(k["gold_items"] for k in kinds.values()) == score(gold, pred)[0]["gold_items"]
    assert sum(k["documents"] for k in kinds.values()) == len(gold)


def test_evaluate_finds_files_beside_the_gold_folder_by_default(shared):
    result = CliRunner().invoke(cli, ["evaluate", str(shared / "gold" / "texts.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["paired"] > 0


def test_evaluate_names_a_labelled_file_it_cannot_find(tmp_path):
    gold = tmp_path / "gold" / "g.jsonl"
    gold.parent.mkdir()
    gold.write_text(json.dumps({"file": "corpus/missing.pdf", "doc_type": "report", "items": []}) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(gold)])
    assert result.exit_code == 1
    assert "corpus/missing.pdf" in result.output and "--root" in result.output


# Cross-validated on dev + dev2, each paper decided by a model fitted without it: the figure for
# papers the tool has not seen. Raise these as extraction improves, never lower them. (Due-date
# accuracy, over paired items, fell 0.951 -> 0.946 when the minutes' action markers found 12 more items,
# one of them due "approx 28.11.12", a date the labels keep as printed though it is before the meeting;
# it rose 0.946 -> 0.980 when a response's restated recommendations counted "within 12 months of this
# Report" from the report's printed date, prose dropped past events' dates and minutes read a "Due:" line
# a blank line below its action; it fell 0.980 -> 0.976 when a response's "is committed to <act>"
# found more promises, item F1 0.882 -> 0.888, among them "The Government is also committed to
# funding ..." whose date the next sentence gives; item F1 rose 0.888 -> 0.894 and due-date accuracy
# fell 0.976 -> 0.971, owner F1 0.905 -> 0.904, when "include", "follow", "examine", "manage" and the
# like became acts a party or a paper's plan can promise; item F1 rose 0.894 -> 0.899 (minutes 0.842 ->
# 0.868) and owner F1 fell 0.904 -> 0.901, due-date accuracy 0.971 -> 0.967, kind accuracy 0.997 -> 0.998,
# when minutes' bulleted points, decisions not to act and reported promises whose promiser the parse
# cannot name ("She mentioned her intention to report ...") became items, most of them passive or by a
# pronoun whose owner the labels take from context, and a response's funding with its end in view; due-date
# accuracy rose 0.967 -> 0.972 when a financial year in two digits after "FY" ("to end of FY27/28") was read;
# item F1 0.899 -> 0.901 (minutes 0.872 -> 0.884) when commenting on proposals and endorsing a report stopped
# counting as decisions; owner F1 rose 0.901 -> 0.920 when owners were read from a subject's place in its
# clause (not after its modal), an action's later clauses, a thing's source, "there should be ... by",
# lead-ins that name the deciding body and "in conjunction with" partners, and "A & B" fields stayed one team;
# item F1 0.901 -> 0.903 (responses 0.850 -> 0.858) when a response's promise that goes on from the sentence
# before became one item with it, and owner F1 0.920 -> 0.919 and due-date accuracy 0.972 -> 0.967 with it:
# items paired for the first time, one whose date is printed in a third sentence, one whose owner is the
# sentence before's; item F1 0.903 -> 0.905 (responses 0.858 -> 0.861) and owner F1 0.919 -> 0.920 when a
# deliverable promised with no party named ("is due to be published", "to be set out", "his intention to")
# became the rules' item, its owner the sentence's subject or the responder; owner F1 0.920 -> 0.925 when a
# decision's "urges X in conjunction with Y to", "hospital trusts and boards" and "a matter of priority
# for X to" were read; item F1 0.905 -> 0.908 (minutes 0.884 -> 0.899) when a meeting's conclusion that a
# party should act ("it was agreed that Mags & Karen should come to the final decision") became a decision
# and a minuted sentence of a longer point stopped taking in the bullets after it; owner F1 0.925 -> 0.926
# when a passive promise outside minutes was its "by" agent's. Measured apart, from 0.905: item F1 0.905 -> 0.906
# (reports 0.887 -> 0.889, responses 0.864 -> 0.865) when a view reported as someone else's ("claimed that
# ... should") and a recommendation made before ("I recommended") became features; item F1 0.906 -> 0.908
# and due-date accuracy 0.967 -> 0.972 (responses 0.865 -> 0.867, due 0.865 -> 0.895) when a response's
# promise took the sentence after it that prints its deadline and promises nothing of its own; item F1
# 0.908 -> 0.910 (reports 0.892 -> 0.900) and owner F1 0.920 -> 0.921 when a numbered paragraph whose only
# asks are a view reported as another's or a recommendation made before stopped being a recommendation;
# item F1 0.910 -> 0.911 (reports 0.900 -> 0.905) when a recommendation told again in running text ("the
# Inquiry recommends that ...") merged with the listed one it is like at 0.5 rather than 0.6. The two
# together: item F1 0.912, owner F1 0.925, due-date accuracy 0.972; due-date accuracy 0.972 -> 0.977
# (responses 0.895 -> 0.921) when a span of financial years ("from 2011/12 to 2014/15") was due at its end
# where the text gives no other deadline. Session 12, measured apart from item F1 0.912, owner F1 0.925,
# due 0.977: owner F1 0.925 -> 0.931 (action logs 0.953 -> 0.988) when an action log's owner column was read
# on the line that holds the status, 0.931 -> 0.934 when every subject an asking sentence gives a task was an
# owner and a recommendation naming no one took the others' addressee only where it names that party as
# printed; item F1 0.912 -> 0.915 (responses 0.865 -> 0.879) and due 0.977 -> 0.981 when a response's account
# of how a thing will work ("The Scheme will offer ...", "Support will be available ..."), said of no party
# and by no date, stopped being a promise; item F1 0.912 -> 0.914 (minutes 0.899 -> 0.923) and owner F1
# 0.925 -> 0.931 (minutes 0.937 -> 0.977) when a passive promise was the speaker's who opens the point,
# "APPROVED –" lines and named people who "need to" act became items, a bullet with the point's own glyph
# stopped joining it, and an action carried forward in brackets was read. All merged: item F1 0.919, owner
# F1 0.940, due 0.981 (by body 0.909, 0.942, 0.976).) Session 13: due 0.981 -> 0.986 (responses 0.947 -> 0.974)
# and owner F1 0.940 -> 0.941 when a response's promise whose thing the next sentence takes up ("... the spring
# publication. The publication will ...") became one item with it, and "will be setting out" a promise; owner
# F1 0.940 -> 0.942 (by body 0.942 -> 0.944) when "NHS Trusts and Health Boards" was one party and an ask's
# "with ... being provided by X" X's, and by body item F1 0.909 -> 0.912 (reports 0.867 -> 0.881) when a list
# sub-item that asks became a feature; item F1 by body 0.909 -> 0.910 (minutes 0.919 -> 0.923) when a motion's
# part merged into the resolution part that restates it; owner F1 0.940 -> 0.941 (minutes 0.977 -> 0.982) when a
# bullet under "RESOLVED that Council:" added whom it empowers; item F1 0.919 -> 0.922
# (by body 0.915; responses 0.879 -> 0.888) when a response's reported-form recommendations ("the PHSO asked
# Parliament to ...") became items and a promise joined the sentence whose noun it names again; owner F1 0.940 ->
# 0.953 (reports 0.911 -> 0.938, responses 0.898 -> 0.922; by body 0.942 -> 0.955) when kinds of body named
# together were kept whole, agents hung on a subject, duties, those consulted, a response's unnamed promises the
# responder's and things led by a party were read; minutes 0.915 -> 0.920 when a resolution's words after "RESOLVED
# that:" became one decision (each measured apart). All merged: item F1 0.923, owner 0.955, due 0.986 (by body
# 0.919, 0.956, 0.986). Session 14 (s14d): item F1 0.923 -> 0.924 and due 0.986 -> 0.995 (minutes 0.920 -> 0.932,
# due 0.920 -> 1.0; by body 0.919 -> 0.922) when minutes carried by a later paper counted from the meeting they
# record, the date a period from an event comes to was the deadline, "will continue" in minutes and a view's
# lettered points stopped being items; 0.924 -> 0.925 (minutes 0.936; by body 0.923) when a point an Action
# line right after gives again to the same party stopped being a candidate. s14a: responses 0.888 -> 0.895 (by
# body 0.887 -> 0.894) when a thing's effect ("this work will support ...") stopped being a promise and "to
# encourage" an ask.
# s14c (reports): item F1 0.923 -> 0.927 (reports 0.904 -> 0.921) when inline
# letters joining clauses of one sentence stopped splitting a recommendation, 0.928 when the end of a quotation
# stopped being the paper's own item and a list read as an apposition named each party, and by body 0.923 ->
# 0.925 (reports 0.906 -> 0.915), owner 0.955 -> 0.956, when a paper numbering its recommendations became a feature.
# The three merged: item F1 0.932, owner 0.955, due 0.995 (by body 0.928, 0.956, 0.995); owner 0.957 (by body
# 0.957) when a promise's going-on added its party and "UKRI and Government departments" became two (s14b).
# Session 15 (s15a), each measured on top of the one before, items unchanged: owner 0.957 -> 0.958 (responses
# 0.926 -> 0.930) when a plain passive promise's subject stopped being its promiser and a later clause's named
# party won over the responder; 0.961 (reports 0.948 -> 0.954) when a recommendation's opening sentence in the
# plain form ("In England, X take steps to ...") gave its owners; 0.962 when an agentless asking passive took
# its "when" clause's party; 0.963 (responses 0.937, reports 0.960; by body the same) with "for it to".
# Session 16 (s16a, responses): item F1 0.932 -> 0.933 (responses 0.894 -> 0.898; by body 0.928 -> 0.930) when a
# number printed again stopped being restated twice (a title above its text, an answer below it); 0.937, owner
# 0.964, due 0.995 -> 1.0, kind 0.999 (responses 0.912, owner 0.940, due 1.0; by body 0.936) when a response's
# own account of a recommendation stopped being restated and "Recommendations 12) a-c) are accepted" answered
# its numbered recommendations; 0.938 (responses 0.914) when two reported asks of one paragraph became two.
# Session 16 (s16d, reports): item F1 0.932 -> 0.937 (P 0.933 -> 0.943; reports 0.924 -> 0.947, P 0.904 ->
# 0.950), by body 0.928 -> 0.933 (reports 0.915 -> 0.934), when a report's discussion stopped asking: views
# reported as another's, questions without their "?", inferences, recommendations weighed and not made, and a
# lower-case "resolved," going on with the sentence above.
# Merged (s16a + s16d + s16e, refitted): 0.943 (reports 0.942, responses 0.912, minutes 0.941), owner 0.964,
# due 1.0, kind 0.999; by body 0.941 (reports 0.936, responses 0.912, minutes 0.936).
# With s16b (side-by-side tables read cell by cell, a response's other sentences offered, names kept apart in
# merging): 0.946 (responses 0.917, reports 0.950), owner 0.964; by body 0.942.
# Session 16 (s16i, responses): 0.947 (responses 0.917 -> 0.920, reports 0.950 -> 0.947 by the refit), owner
# 0.964; by body 0.942 -> 0.943 (responses 0.920), when a promise by a party the sentence before names went on from it.
CV_FLOOR = {"item_f1": 0.947, "owner_f1": 0.964, "due_date_accuracy": 1.0, "kind_accuracy": 0.999}


@pytest.mark.slow
def test_cross_validated_figures_do_not_fall(shared):
    gold = [str(shared / "gold" / name) for name in ("dev.jsonl", "dev2.jsonl")]
    result = CliRunner().invoke(cli, ["evaluate", *gold, "--root", str(shared), "--cv", "paper", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["documents"] == 41
    for figure, floor in CV_FLOOR.items():
        assert summary[figure] >= floor, (figure, summary)
