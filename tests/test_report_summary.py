"""The report's summary: what the outlets agree on, dispute and say alone, shown first.

Through the real path (``crosswire compare`` writing JSON, HTML and Markdown) on
the bundled demo pair and on a story of three short articles written for this
test (one fact all three tell, one number that differs), through the REST API,
and on hand-written report dicts for what the comparison does not decide.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app
from crosswire.report import validate
from crosswire.report.html import render_html
from crosswire.report.markdown import render_markdown
from crosswire.report.summary import summarise
from crosswire.report.view import build_view
from report_factory import make_report

runner = CliRunner()

#: Three outlets on one made-up event: the fire is told by all three; the number of
#: residents evacuated differs (40 against 120).
STORY = {
    "herald.txt": (
        "Coastal Herald",
        "Fire destroys warehouse in Port Ellis\n\n"
        "A fire destroyed a timber warehouse on Harbour Street in Port Ellis on Tuesday night, "
        "the fire service said.\n"
        "Firefighters evacuated 40 residents from nearby homes as the flames spread.\n"
        "The mayor, Jane Okafor, said the cause of the fire was under investigation.\n",
    ),
    "times.txt": (
        "Valley Times",
        "Port Ellis warehouse burns down\n\n"
        "A fire destroyed a timber warehouse on Harbour Street in Port Ellis on Tuesday night.\n"
        "Police said 120 residents were evacuated from nearby homes.\n"
        "Local traders said the warehouse had stood empty since the spring.\n",
    ),
    "gazette.txt": (
        "Port Gazette",
        "Night blaze on Harbour Street\n\n"
        "A fire destroyed a timber warehouse on Harbour Street in Port Ellis late on Tuesday.\n"
        "Firefighters evacuated 40 residents from nearby homes, according to the fire service.\n"
        "The warehouse belonged to a shipping firm that moved out last year.\n",
    ),
}

Outputs = tuple[dict[str, Any], str, str]


def _compare(folder: Path, inputs: list[str]) -> Outputs:
    paths = {kind: folder / f"r.{kind}" for kind in ("json", "html", "md")}
    args = ["compare", *inputs]
    for kind, path in paths.items():
        args += [f"--{kind}", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitStatus.OK, result.output
    report = json.loads(paths["json"].read_text("utf-8"))
    return report, paths["html"].read_text("utf-8"), paths["md"].read_text("utf-8")


def write_story(folder: Path) -> list[Path]:
    paths = []
    for name, (_, text) in STORY.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _compare(tmp_path_factory.mktemp("demo"), ["--demo"])


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    folder = tmp_path_factory.mktemp("story")
    paths = write_story(folder)
    outlets = [arg for outlet, _ in STORY.values() for arg in ("--outlet", outlet)]
    return _compare(folder, [*map(str, paths), *outlets])


@pytest.fixture(scope="module", params=["demo", "story"])
def outputs(request: pytest.FixtureRequest) -> Outputs:
    result: Outputs = request.getfixturevalue(request.param)
    return result


def _claim_ids(summary: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for item in summary["agreed"]:
        ids += [*item["claims"], item["claim"]]
    for item in summary["disputes"]:
        for side in item["sides"]:
            ids += [*side["claims"], side["claim"]]
        ids += [end for link in item["links"] for end in (link["a"], link["b"])]
    for entry in summary["only"]:
        ids += [c["claim"] for c in entry["claims"]]
    return ids


def _outlet_names(entry: dict[str, Any]) -> set[str]:
    return {o["outlet"] for o in entry["outlets"]}


def test_report_summary_json_valid_with_its_lists(outputs: Outputs) -> None:
    report, _, _ = outputs
    validate(report)
    summary = report["summary"]
    assert {"agreed", "disputes", "only"} <= set(summary)
    assert summary["claims"] == len(report["claims"])  # the counts stay beside the lists


def test_report_summary_names_only_claims_of_the_report(outputs: Outputs) -> None:
    report, _, _ = outputs
    ids = _claim_ids(report["summary"])
    assert ids
    assert set(ids) <= {c["id"] for c in report["claims"]}


def test_report_summary_agreed_stated_by_several_outlets_in_order(outputs: Outputs) -> None:
    report, _, _ = outputs
    agreed = report["summary"]["agreed"]
    assert agreed
    articles = {c["id"]: c["article"] for c in report["claims"]}
    rank = {"corroborated": 0, "contested": 1, "single_source": 2}
    for item in agreed:
        assert len(item["outlets"]) >= 2
        assert {o["article"] for o in item["outlets"]} == {articles[c] for c in item["claims"]}
        assert item["claim"] in item["claims"]
        assert item["basis"].startswith(f"{len(item['outlets'])} outlets, ")
    keys = [(rank[i["status"]], -len(i["outlets"]), -i["checkworthiness"]) for i in agreed]
    assert keys == sorted(keys)


def test_report_summary_only_lists_single_outlet_claims(outputs: Outputs) -> None:
    report, _, _ = outputs
    articles = {c["id"]: c["article"] for c in report["claims"]}
    alone: dict[str, int] = {}
    for group in report["groups"]:
        if len({articles[c] for c in group["claims"]}) == 1:
            alone[articles[group["claims"][0]]] = alone.get(articles[group["claims"][0]], 0) + len(
                group["claims"]
            )
    only = report["summary"]["only"]
    assert {e["article"]: len(e["claims"]) + e["more"] for e in only} == alone
    for entry in only:
        assert len(entry["claims"]) <= 5
        worth = [c["checkworthiness"] for c in entry["claims"]]
        assert worth == sorted(worth, reverse=True)
        assert {articles[c["claim"]] for c in entry["claims"]} == {entry["article"]}


def test_report_summary_markdown_starts_with_it(outputs: Outputs) -> None:
    report, _, markdown = outputs
    sections = re.findall(r"^## (.+)$", markdown, re.M)
    assert sections[0] == "Summary"
    first = markdown[markdown.index("## Summary") : markdown.index("## " + sections[1])]
    assert first.index("### Agreed") < first.index("### Disputed") < first.index("### Only")
    for claim_id in _claim_ids(report["summary"]):
        assert f"`{claim_id}`" in first


def test_report_summary_html_before_the_claims(outputs: Outputs) -> None:
    report, html, _ = outputs
    sections = re.findall(r'<section id="([\w-]+)" class="cw-section"', html)
    assert sections[0] == "cw-summary"
    summary = html.index('<section id="cw-summary"')
    assert summary < html.index('id="cw-agreed-h"') < html.index('<section id="cw-articles"')
    assert html.index('id="cw-only-h"') < html.index('<section id="cw-matrix"')
    first = report["summary"]["agreed"][0]
    button = f'class="claim-ref cw-sum-ref" data-claim="{first["claim"]}"'
    assert summary < html.index(button) < html.index('<section id="cw-articles"')


def test_report_summary_demo_corroborated_facts_agreed(demo: Outputs) -> None:
    report, _, _ = demo
    texts = {c["id"]: c["text"] for c in report["claims"]}
    agreed = [i for i in report["summary"]["agreed"] if i["status"] == "corroborated"]
    said = [" ".join(texts[c] for c in i["claims"]) for i in agreed]
    assert any("visibly emotional" in s and "deeply emotional" in s for s in said)
    assert any(s.count("first anniversary") == 2 for s in said)
    for item in agreed:
        assert item["independent_sources"] >= 2 and len(item["roots"]) >= 2


@pytest.mark.xfail(strict=True, reason="settings make no finding: outside the demo pair they "
                   "were right in none of their 2 firings (docs/comparison.md)")
def test_report_summary_demo_coffin_and_grave_disputed(demo: Outputs) -> None:
    report, _, _ = demo
    disputes = report["summary"]["disputes"]
    found = [
        d for d in disputes
        if "beside a coffin" in d["sides"][0]["text"] and "over a grave" in d["sides"][1]["text"]
    ]
    assert len(found) == 1
    assert found[0]["kind"] == "tension" and found[0]["slot"]
    assert "coffin" in found[0]["reason"] and "grave" in found[0]["reason"]
    worth = [d["checkworthiness"] for d in disputes]
    assert worth == sorted(worth, reverse=True)


def test_report_summary_story_fire_agreed_by_all_three(story: Outputs) -> None:
    report, _, _ = story
    first = report["summary"]["agreed"][0]
    assert _outlet_names(first) == {"Coastal Herald", "Valley Times", "Port Gazette"}
    assert first["status"] == "corroborated"
    assert "warehouse" in first["text"] or "Fire" in first["text"]


def test_report_summary_story_number_disputed(story: Outputs) -> None:
    report, _, _ = story
    (dispute,) = [d for d in report["summary"]["disputes"] if d["slot"] == "numbers"]
    assert dispute["kind"] == "contradiction"
    assert "40" in dispute["reason"] and "120" in dispute["reason"]
    sides = [_outlet_names(side) for side in dispute["sides"]]
    assert {"Valley Times"} in sides
    assert any(side and side <= {"Coastal Herald", "Port Gazette"} for side in sides)
    said = {n: s["text"] for s in dispute["sides"] for n in _outlet_names(s)}
    assert "120" in said["Valley Times"]


def test_report_summary_story_only_says_who_alone(story: Outputs) -> None:
    report, html, markdown = story
    only = {e["outlet"]: [c["text"] for c in e["claims"]] for e in report["summary"]["only"]}
    assert any("stood empty" in text for text in only["Valley Times"])
    assert any("shipping firm" in text for text in only["Port Gazette"])
    assert "<h4>Valley Times</h4>" in html
    assert "**Valley Times**" in markdown


@pytest.mark.anyio
@pytest.mark.slow
async def test_report_summary_api_compare_and_stored_page(tmp_path: Path) -> None:
    from crosswire.store import open_store
    from crosswire.web import create_app
    from web_support import client

    store = open_store(tmp_path / "web.db")
    try:
        web = create_app(store=store)  # crosswire.compare itself
        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in write_story(tmp_path)]
        async with client(web, timeout=600) as http:
            response = await http.post("/compare.json", files=files)
            assert response.status_code == 201, response.text
            report = response.json()["report"]
            stored = (await http.get(response.json()["url"] + ".json")).json()
            page = (await http.get(response.json()["url"])).text
    finally:
        store.close()
    validate(report)
    assert stored["summary"] == report["summary"]
    assert len(report["summary"]["agreed"][0]["outlets"]) == 3
    assert page.index('<section id="cw-summary"') < page.index('id="cw-agreed-h"')
    assert page.index('id="cw-agreed-h"') < page.index('<section id="cw-articles"')


# --- hand-written reports ------------------------------------------------------------------------


def test_report_summary_old_report_without_it_still_renders() -> None:
    report = make_report()
    assert "summary" not in report
    view = build_view(report)
    assert view.digest == summarise(report)
    html, markdown = render_html(report), render_markdown(report)
    assert 'data-claims="c1 c5"' in html  # the corroborated group, highlighted together
    assert "### Agreed: stated by two or more outlets" in markdown
    assert html == render_html(json.loads(json.dumps(report)))


def test_report_summary_stored_lists_are_used_as_they_are() -> None:
    report = make_report()
    report["summary"] = {"agreed": [], "disputes": [], "only": []}
    assert build_view(report).digest == {"agreed": [], "disputes": [], "only": []}
    assert "No fact is stated by two or more outlets." in render_html(report)


def test_report_summary_contradiction_inside_an_old_group_is_a_dispute() -> None:
    (dispute,) = summarise(make_report())["disputes"]
    assert dispute["kind"] == "contradiction"
    assert [s["claims"] for s in dispute["sides"]] == [["c2"], ["c6"]]
    assert dispute["reason"] == 'place differs: "coffin" vs "grave"'


@pytest.mark.parametrize(("per_outlet", "shown"), [(0, 0), (1, 1), (5, 3)])
def test_report_summary_only_capped_per_outlet(per_outlet: int, shown: int) -> None:
    (_, other) = summarise(make_report(), per_outlet=per_outlet)["only"]
    assert len(other["claims"]) == shown
    assert other["more"] == 3 - shown


def _repeated_report() -> dict[str, Any]:
    """Three outlets repeating one Reuters report, and a fact two outlets tell independently."""
    articles = [
        {"id": f"a{n}", "source": f"{n}.txt", "outlet": name, "text": text, "removed": []}
        for n, (name, text) in enumerate(
            [("Alpha", "Reuters said the port closed. Ships waited."),
             ("Beta", "The port closed, Reuters said. Ships waited."),
             ("Gamma", "According to Reuters, the port closed.")]
        )
    ]
    claims = []
    for article in articles:
        for n, sentence in enumerate(article["text"].split(". ")):
            sentence = sentence.rstrip(".")
            start = article["text"].index(sentence)
            claims.append({
                "id": f"{article['id']}:c{n}", "article": article["id"], "text": sentence,
                "start": start, "end": start + len(sentence), "attribution": None,
                "certainty": "reported", "checkworthiness": 0.9 - n / 10,
            })
    reuters = {"roots": ["source:reuters"], "how": ["rests on Reuters"]}
    groups = [
        {"id": "g-port", "claims": ["a0:c0", "a1:c0", "a2:c0"], "status": "single_source",
         "independent_sources": 1,
         "sources": [{"claim": c, **reuters} for c in ("a0:c0", "a1:c0", "a2:c0")],
         "root_classes": [["source:reuters"]]},
        {"id": "g-ships", "claims": ["a0:c1", "a1:c1"], "status": "corroborated",
         "independent_sources": 2,
         "sources": [{"claim": "a0:c1", "roots": ["outlet:alpha"],
                      "how": ["the article's own reporting (Alpha)"]},
                     {"claim": "a1:c1", "roots": ["outlet:beta"],
                      "how": ["the article's own reporting (Beta)"]}],
         "root_classes": [["outlet:alpha"], ["outlet:beta"]]},
    ]
    links = [{"a": "a0:c0", "b": "a1:c0", "relation": "corroborates", "score": 0.9, "reasons": []},
             {"a": "a0:c0", "b": "a2:c0", "relation": "corroborates", "score": 0.8, "reasons": []},
             {"a": "a1:c0", "b": "a2:c0", "relation": "corroborates", "score": 0.95, "reasons": []},
             {"a": "a0:c1", "b": "a1:c1", "relation": "corroborates", "score": 0.9, "reasons": []}]
    return {"schema_version": "1", "articles": articles, "claims": claims, "links": links,
            "groups": groups, "framing": []}


def test_report_summary_repeated_source_agreed_after_corroborated_saying_so() -> None:
    corroborated, repeated = summarise(_repeated_report())["agreed"]
    assert corroborated["group"] == "g-ships"
    assert corroborated["basis"] == (
        "2 outlets, 2 independent sources: Alpha (own reporting); Beta (own reporting)"
    )
    assert repeated["status"] == "single_source"
    assert repeated["basis"] == "3 outlets, 1 underlying source: Reuters"
    assert repeated["claim"] == "a1:c0"  # bound most strongly to the other two
    assert [o["outlet"] for o in repeated["outlets"]] == ["Alpha", "Beta", "Gamma"]


def test_report_summary_tension_names_the_slot_in_conflict() -> None:
    report = _repeated_report()
    report["links"].append({
        "a": "a2:c0", "b": "a0:c1", "relation": "related", "score": 0.5, "tension": True,
        "reasons": ["About the same thing, with differences."],
        "checks": [{"check": "places", "verdict": "agree", "reason": "same place"},
                   {"check": "dates", "verdict": "conflict", "reason": "'Monday' vs 'Friday'"}],
    })
    (dispute,) = summarise(report)["disputes"]
    assert (dispute["kind"], dispute["slot"], dispute["reason"]) == (
        "tension", "dates", "'Monday' vs 'Friday'"
    )
    assert [s["claims"] for s in dispute["sides"]] == [["a2:c0"], ["a0:c1"]]
    report["links"][-1]["checks"] = []
    (dispute,) = summarise(report)["disputes"]
    assert (dispute["slot"], dispute["reason"]) == (None, "About the same thing, with differences.")


def test_report_summary_basis_counts_an_outlet_once() -> None:
    report = _repeated_report()
    report["articles"][1]["outlet"] = "Alpha"  # two of the three articles are Alpha's
    agreed = {item["group"]: item for item in summarise(report)["agreed"]}
    assert agreed["g-port"]["basis"] == "3 articles of 2 outlets, 1 underlying source: Reuters"
    assert agreed["g-ships"]["basis"].startswith("2 articles of 1 outlet, ")
