"""Differences only within the same fact, agreement as evidence: short articles of our own with
the shapes that misled the comparison on real coverage, through the real path (read, clean,
analyse with spaCy, compare with the bundled models)."""

from __future__ import annotations

from datetime import datetime

import pytest

import crosswire
from crosswire.api import Options
from crosswire.comparison import CompareOptions
from crosswire.report import Report


def compare(*texts: str, published: str = "2018-12-20", **compare_options: int) -> Report:
    articles = [crosswire.read_text(t, outlet=f"Outlet {n}", title=f"Story {n}",
                                    published=datetime.fromisoformat(published))
                for n, t in enumerate(texts, start=1)]
    options = Options(comparison=CompareOptions(keep_related=True, **compare_options))
    return crosswire.compare(articles, options=options)


def claim(report: Report, index: int, words: str) -> str:
    for c in report.articles[index].claims:
        if words in c.text:
            return c.id
    raise AssertionError(f"no claim of article {index} holds {words!r}")


def checks_of(report: Report, a: str, b: str, check: str) -> list[dict]:
    """The ``check`` results of the links between claims ``a`` and ``b``."""
    return [c for link in report.links if {link.a, link.b} == {a, b}
            for c in link.details["checks"] if c["check"] == check]


def relations(report: Report, a: str, b: str) -> set[str]:
    found = set()
    for link in report.links:
        if {link.a, link.b} == {a, b}:
            found.add(link.relation)
            if link.details.get("tension"):
                found.add("tension")
    return found


NO_FINDING = [
    # numbers of different things
    ("The United States has about 2,000 troops in Syria, officials said.",
     "The administration plans to withdraw 7,000 troops from Afghanistan by the summer.",
     "2,000 troops", "7,000 troops"),
    ("The government imposed a 25 percent tariff on imported steel.",
     "The government imposed a 10 percent tariff on imported aluminum.",
     "25 percent", "10 percent"),
    # a background year against the event
    ("In October 2016, Stone exchanged emails with Steve Bannon about the campaign.",
     "Stone left the Trump campaign in August 2015 after a dispute with its manager.",
     "October 2016", "August 2015"),
    # a country named in the claim is no time zone
    ("Mattis resigned on Thursday after the president rejected his advice on Syria.",
     "On Thursday the president announced that all troops would leave Syria within weeks.",
     "resigned on Thursday", "troops would leave Syria"),
    # number words read whole, and verbs are not numbers
    ("Several hundred protesters gathered outside the courthouse on Monday.",
     "Investigators began to zero in on a van parked outside the courthouse on Monday.",
     "Several hundred", "zero in on"),
    ("Nearly three dozen people were injured when the bridge collapsed.",
     "The bridge that collapsed had been inspected 36 times since it opened in 1970.",
     "three dozen", "36 times"),
    # a time of day written as split words is no count: "7 a. m." is not seven of "m."
    ("The fire at the warehouse was extinguished by 7 a. m., after crews attacked it from all "
     "sides.",
     "The warehouse fire was extinguished by 6: 40 a. m., the fire department said.",
     "7 a. m.", "6: 40 a. m."),
    # two occasions of one act: two meetings of the same men, on two days
    ("The president and the speaker met for nearly an hour at the White House on Thursday to "
     "discuss the budget.",
     "The president and the speaker met on Sunday afternoon at the White House for the first "
     "time in weeks.",
     "Thursday", "Sunday"),
]


@pytest.mark.parametrize(("text_a", "text_b", "words_a", "words_b"), NO_FINDING)
def test_comparison_same_fact_different_facts_make_no_finding(
        text_a: str, text_b: str, words_a: str, words_b: str) -> None:
    report = compare(text_a, text_b)
    found = relations(report, claim(report, 0, words_a), claim(report, 1, words_b))
    assert not found & {"contradicts", "tension"}, found


def test_comparison_same_fact_shared_name_is_no_shared_statement() -> None:
    """Ten words in a row that are one organisation's name are not one statement: one claim
    says its president resigned, the other that someone spoke at its meeting."""
    report = compare("The president of the National Association for the Advancement of Colored "
                     "People resigned on Monday. The board will meet next week.",
                     "She spoke at a meeting of the National Association for the Advancement of "
                     "Colored People in Baltimore. Hundreds attended.")
    found = relations(report, claim(report, 0, "resigned"), claim(report, 1, "spoke"))
    assert "corroborates" not in found, found


@pytest.mark.parametrize(("text_a", "text_b", "words"), [
    ("Senator Warren praised the bill as a victory for working families on Tuesday.",
     "Senator Sanders praised the bill as a victory for working families on Tuesday.",
     "'Senator Warren' / 'Senator Sanders'"),
    ("The New York Yankees offered Mark Teixeira an eight-year contract worth $160 million.",
     "The Boston Red Sox offered Mark Teixeira an eight-year contract worth $160 million.",
     "'The New York Yankees' / 'The Boston Red Sox'"),
])
def test_comparison_same_fact_same_act_by_different_actors_is_two_facts(
        text_a: str, text_b: str, words: str) -> None:
    """The same act in the same words, done by two different named actors, is two facts: no
    corroboration (the same words alone made one before), and the reason names both actors."""
    report = compare(text_a, text_b)
    a, b = report.articles[0].claims[0].id, report.articles[1].claims[0].id
    assert "corroborates" not in relations(report, a, b)
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert any("by different actors" in r and words in r for r in link.reasons), link.reasons


def test_comparison_same_fact_same_actor_named_two_ways_is_not_apart() -> None:
    """One actor named two ways ("F.B.I." / "FBI"; "Mr. Stone" / "Roger Stone") is one actor:
    the two accounts of the arrest still corroborate."""
    report = compare("F.B.I. agents arrested Mr. Stone at his home in Fort Lauderdale before dawn "
                     "on Friday.",
                     "FBI agents arrested Roger Stone at his home in Fort Lauderdale early Friday.")
    a, b = claim(report, 0, "arrested"), claim(report, 1, "arrested")
    assert "corroborates" in relations(report, a, b)
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert not any("different actors" in r for r in link.reasons), link.reasons


def test_comparison_same_fact_headline_plan_does_not_corroborate_a_past_act() -> None:
    """A headline's plan ("Ellen DeGeneres to host the Oscars") and the act done years before
    ("DeGeneres hosted the Oscars in 2007") are two occasions: no corroboration, and the
    reason names the two time frames."""
    report = compare("Ellen DeGeneres to host the Oscars\n\nThe comedian will present the "
                     "ceremony in March, the Academy said.",
                     "DeGeneres hosted the Oscars in 2007 and won praise for the show.")
    a, b = claim(report, 0, "to host"), claim(report, 1, "hosted")
    assert "corroborates" not in relations(report, a, b)
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert any("different time frames" in r and "'to host'" in r for r in link.reasons), \
        link.reasons


def test_comparison_same_fact_a_fraction_is_part_of_its_figure() -> None:
    """"2 1/2 years" is not "2 years": two sentences that differ in it are not one statement in
    the same words (the model may still read one as entailing the other)."""
    from crosswire.comparison.facts import figures_differ

    a_text = "The former treasurer was sentenced to 2 years, with 9 months to serve in that case."
    b_text = ("The former treasurer was sentenced to 2 1/2 years, with 9 months to serve in "
              "that case.")
    assert figures_differ(a_text, b_text)
    assert figures_differ("It lasted 3 hours.", "It lasted 3½ hours.")
    assert not figures_differ("the 19 hijackers of 9/11", "the 19 Sept. 11 hijackers")
    report = compare(a_text, b_text)
    a, b = claim(report, 0, "sentenced"), claim(report, 1, "sentenced")
    for link in report.links:
        if {link.a, link.b} == {a, b}:
            assert not any("same words" in r for r in link.reasons), link.reasons


def test_comparison_same_fact_identical_quote_corroborates() -> None:
    quote = ("\"We cannot agree to prioritize any matters above the critical issues of funding "
             "the government and preventing the tax increase,\" the senators wrote.")
    report = compare("All 42 Senate Republicans signed the letter. " + quote,
                     quote.replace("the senators wrote", "the letter said") +
                     " Democrats called it cynical.")
    a, b = claim(report, 0, "cannot agree"), claim(report, 1, "cannot agree")
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates"
    assert any("the same words" in r for r in link.reasons)


def test_comparison_same_fact_negated_core_is_no_corroboration() -> None:
    report = compare("The indictment does not charge Stone with conspiring with WikiLeaks.",
                     "The indictment charges Stone with conspiring with WikiLeaks.")
    found = relations(report, claim(report, 0, "does not charge"), claim(report, 1, "charges"))
    assert "corroborates" not in found


def test_comparison_same_fact_future_date_in_december() -> None:
    report = compare("Mattis will leave the Pentagon on Feb. 28, officials said.",
                     "Mattis is expected to step down at the end of February.")
    found = relations(report, claim(report, 0, "Feb. 28"), claim(report, 1, "end of February"))
    assert not found & {"contradicts", "tension"}, found
    times = [t for t in report.articles[0].times if "Feb. 28" in t.span.text]
    assert times and times[0].start is not None and times[0].start.year == 2019


AGREE = [
    ("FBI agents arrested Roger Stone at his home in Fort Lauderdale early Friday.",
     "Roger Stone was arrested by the FBI on Friday at his Florida home.",
     "arrested Roger Stone", "was arrested"),
    ("The senators will vote on the bill on Tuesday, party leaders said.",
     "Party leaders said the Senate would vote on the bill Tuesday.",
     "vote on the bill", "vote on the bill"),
    ("The storm killed 12 people in the coastal town, police said.",
     "Police said 12 people were killed by the storm in the coastal town.",
     "killed 12 people", "12 people were killed"),
]


@pytest.mark.parametrize(("text_a", "text_b", "words_a", "words_b"), AGREE)
def test_comparison_same_fact_told_two_ways_corroborates(
        text_a: str, text_b: str, words_a: str, words_b: str) -> None:
    report = compare(text_a, text_b)
    a, b = claim(report, 0, words_a), claim(report, 1, words_b)
    group = next(g for g in report.groups if a in g.claims)
    assert b in group.claims and group.status == "corroborated"
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates" and link.reasons


def test_comparison_same_fact_related_links_left_out_by_default() -> None:
    texts = ("The storm killed 12 people in the coastal town, police said.",
             "The mayor of the coastal town asked the state for help after the storm.")
    articles = [crosswire.read_text(t, outlet=f"Outlet {n}", title=f"Story {n}")
                for n, t in enumerate(texts)]
    report = crosswire.compare(articles)
    assert all(x.relation != "related" or x.details.get("tension") for x in report.links)


def test_comparison_same_fact_near_copy_corroborates() -> None:
    report = compare("\"Tom Brady, George Clooney, James Bond, the president have nothing on Mo "
                     "Cowan,\" Patrick said.",
                     "\"Tom Brady, George Clooney, James Bond and the president have nothing on "
                     "Mo Cowan,\" Patrick said on Wednesday.")
    a, b = claim(report, 0, "Tom Brady"), claim(report, 1, "Tom Brady")
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates"
    assert any("nearly the same words" in r or "the same words" in r for r in link.reasons)


@pytest.mark.parametrize(("text_a", "text_b", "words_a", "words_b", "differ"), [
    ("Jones has chaired the committee since 2009.",
     "Jones has chaired the committee since 2010, and critics say that is too long.",
     "2009", "2010", "(different years)"),
    ("The governor signed the bill on Tuesday.",
     "The governor signed the bill on Friday, aides said.", "Tuesday", "Friday", "days apart"),
])
def test_comparison_same_fact_same_act_dated_apart_contradicts(
        text_a: str, text_b: str, words_a: str, words_b: str, differ: str) -> None:
    """One act of one actor, dated in two ways: a contradiction whose first reason names both
    dates (the finding before what the claims share)."""
    report = compare(text_a, text_b)
    a, b = claim(report, 0, words_a), claim(report, 1, words_b)
    assert "contradicts" in relations(report, a, b)
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.reasons[0].startswith("dates differ") and differ in link.reasons[0], link.reasons


@pytest.mark.parametrize(("text_b", "differ"), [
    ("The late senator, a Republican, held the seat in the Senate from 1966 to 1978, the first "
     "black senator elected by popular vote.",
     "begins 1967 against 1966; ends 1979 against 1978"),
    ("The late senator, a Republican, held the seat in the Senate between 1967 and 1978, the "
     "first black senator elected by popular vote.", "ends 1979 against 1978"),
])
def test_comparison_same_fact_ranges_of_years_compared_end_to_end(text_b: str,
                                                                  differ: str) -> None:
    """Two ranges of years for one act differ where either end differs, though the periods
    overlap and one end may be the same year; the reason names the ends that differ."""
    report = compare("The late senator held the seat in the Senate from 1967 to 1979, the first "
                     "black senator elected by popular vote.", text_b)
    a, b = claim(report, 0, "1967 to 1979"), claim(report, 1, "held the seat")
    assert "contradicts" in relations(report, a, b)
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.reasons[0].startswith("dates differ") and differ in link.reasons[0], link.reasons


def test_comparison_same_fact_one_range_of_years_written_two_ways_agrees() -> None:
    """"1967-79" and "from 1967 to 1979" are one range: no finding of different dates."""
    report = compare("The late senator held the seat in the Senate from 1967 to 1979, the first "
                     "black senator elected by popular vote.",
                     "The late senator held the seat in the Senate in 1967-79, the first black "
                     "senator elected by popular vote.")
    a, b = claim(report, 0, "1967 to 1979"), claim(report, 1, "1967-79")
    assert not relations(report, a, b) & {"contradicts", "tension"}
    dates = checks_of(report, a, b, "dates")
    assert dates and all(c["verdict"] == "agree" for c in dates), dates


def test_comparison_same_fact_same_count_of_the_same_thing_corroborates() -> None:
    """The same count of the same thing for an act both name corroborates, and the reason
    names the number, though the two claims are worded far apart."""
    report = compare("The former mayor was charged with nine counts, including fraud and bribery.",
                     "A federal grand jury charged the former mayor in a nine-count indictment on "
                     "Thursday.")
    a, b = claim(report, 0, "nine counts"), claim(report, 1, "nine-count")
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates"
    assert link.reasons[0] == ("Both give the same number of 'count' for the same act (charge): "
                               "nine.")


def test_comparison_same_fact_same_quote_in_longer_claims_corroborates() -> None:
    """With ``quoted_words`` set, two outlets that quote the same words, each inside a longer
    claim of its own, report one statement: corroborated, and the reason quotes the words."""
    texts = (
        "At a crowded rally in the capital on Saturday, the senator, who faces a close race next "
        "year, said he would \"never vote for a bill that raises taxes on working families\" as "
        "long as he holds office.",
        "\"I will never vote for a bill that raises taxes on working families, not this year and "
        "not in any year while I still serve the people of this state,\" the senator told "
        "supporters.")
    report = compare(*texts, quoted_words=5)
    a, b = claim(report, 0, "never vote"), claim(report, 1, "never vote")
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates"
    assert link.reasons[0] == ("Both quote the same words: 'never vote for a bill that raises "
                               "taxes on working families'.")
    off = compare(*texts)  # off by default (docs/comparison.md)
    a, b = claim(off, 0, "never vote"), claim(off, 1, "never vote")
    assert not any(x.reasons[0].startswith("Both quote") for x in off.links
                   if {x.a, x.b} == {a, b})


def test_comparison_same_fact_shared_quote_needs_quotation_marks_in_both() -> None:
    from crosswire.comparison.facts import shared_quote

    quoted = "\"We will never give up on this city,\" the mayor said."
    plain = "The mayor said the city would never give up on this city and its people."
    assert shared_quote(quoted, plain, 5) is None
    assert shared_quote(quoted, "She repeated: \"we will never give up on this city.\"", 5) \
        == "We will never give up on this city"


@pytest.mark.data
def test_comparison_same_fact_core_held_in_close_words(shared_data) -> None:  # type: ignore[no-untyped-def]
    """One claim entails the other's core and holds most of its words: one fact, told by two
    outlets, though the same-fact head (0.64 one fact) and the parse do not say so (an event of
    the gold's dev half; ``core_held`` 0 leaves the pair related)."""
    from crosswire.api import analyse_articles, read_inputs
    from crosswire.comparison import compare_articles
    from crosswire.eval.crossdoc_data import read_event

    event = read_event(shared_data, "basil:d3a1ce0a-fc48-4827-a278-8f0ce8c7a519")
    articles, _ = read_inputs(list(event.articles.values()))
    analysed = analyse_articles(articles, options=Options())

    def relation(core_held: float) -> set[str]:
        found = compare_articles(analysed, options=CompareOptions(core_held=core_held))
        text = {v.id: v.text for v in found.views}
        first, second = "former chief of staff and former legal counsel", "usually wears a bow tie"
        return {link.relation for link in found.links
                if {first in text[link.a], first in text[link.b]} == {True, False}
                and {second in text[link.a], second in text[link.b]} == {True, False}
                and (first in text[link.a]) != (second in text[link.a])}

    assert relation(0.95) == {"corroborates"}
    assert relation(0.0) == set()


def test_comparison_same_fact_two_counts_in_one_frame_do_not_corroborate() -> None:
    # two updates of a live blog: the same sentence frame around the counts of two moments
    report = compare("Clinton now has a total of at least 1,410, while Sanders has at least 653.",
                     "Clinton now has a total of at least 1,353, while Sanders has at least 625.")
    found = relations(report, claim(report, 0, "1,410"), claim(report, 1, "1,353"))
    assert "corroborates" not in found, found


def test_comparison_same_fact_one_figure_added_still_corroborates() -> None:
    report = compare("Fifteen of the 19 hijackers on 9/11 were Saudi citizens, officials said.",
                     "Fifteen of the 19 Sept. 11 hijackers were Saudi citizens, officials said.")
    found = relations(report, claim(report, 0, "hijackers"), claim(report, 1, "hijackers"))
    assert "corroborates" in found, found


def test_comparison_same_fact_two_polls_of_one_race_do_not_corroborate() -> None:
    report = compare(
        "A new poll by the state's public policy institute showed Hillary Clinton leading Bernie "
        "Sanders among likely voters in California, 46 percent to 44 percent.",
        "Hillary Clinton leads Bernie Sanders among likely voters in California by about 6 "
        "points, according to an average of recent polls.",
    )
    found = relations(report, claim(report, 0, "46 percent"), claim(report, 1, "6"))
    assert "corroborates" not in found, found


def test_comparison_same_fact_one_share_told_twice_still_corroborates() -> None:
    report = compare(
        "A new poll showed Hillary Clinton leading Bernie Sanders among likely voters in "
        "California, 46 percent to 44 percent.",
        "Clinton leads Sanders 46 percent to 44 percent among likely voters in California, "
        "according to a new poll.",
    )
    found = relations(report, claim(report, 0, "46 percent"), claim(report, 1, "46 percent"))
    assert "corroborates" in found, found


def test_comparison_same_fact_different_counts_of_the_same_things_do_not_corroborate() -> None:
    """Two seizures told in close words with other counts of the same things are not one
    statement (on real reports: one navy's five operations against one operation); a claim
    that lists the other's count among more still corroborates it."""
    report = compare("Coast guard officers seized 14 rifles, 31 magazines and 923 rounds of "
                     "ammunition from the smugglers' boat, the navy said.",
                     "The navy said coast guard officers seized six rifles, 12 magazines and "
                     "about 300 rounds of ammunition from the smugglers' boat.")
    a, b = claim(report, 0, "seized"), claim(report, 1, "seized")
    assert "corroborates" not in relations(report, a, b)
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert "different numbers of rifles ('14' / 'six')" in link.reasons[0]
    report = compare("The storm killed 5 people and injured 20 people in the valley on Sunday, "
                     "officials said.",
                     "The storm injured 20 people in the valley on Sunday, officials said.")
    a, b = claim(report, 0, "injured"), claim(report, 1, "injured")
    assert "corroborates" in relations(report, a, b)


def test_comparison_counts_differ_reads_counts_of_things_not_measures() -> None:
    from crosswire.comparison.numbers import counted, counts_differ

    def quantities(text: str) -> list:
        (article,) = crosswire.analyse_articles([crosswire.read_text(text)])
        return article.quantities

    assert counts_differ(quantities("He spent $750,000 of campaign money."),
                         quantities("He bought a $43,000 watch.")) is None
    differ = counts_differ(quantities("They seized 14 rifles."),
                           quantities("They seized six rifles."))
    assert differ is not None and (differ.a.span.text, differ.b.span.text) == ("14", "six")
    assert counted("rifles") and not counted("miles") and not counted("USD") and not counted("")


def test_comparison_small_counts_of_things_are_not_specific() -> None:
    """The same count corroborates by itself only where it is specific: "two women" or "four
    games" in two claims of one story coincide by chance; "nine counts", "23 pirates" and a
    measure such as "3.6%" do not."""
    from crosswire.comparison.numbers import specific

    assert not specific("two", "woman") and not specific("at least three", "people")
    assert specific("nine", "count") and specific("23", "pirate")
    assert specific("more than 22 , 000", "refugee") and specific("3.6", "%")


def test_comparison_same_fact_two_polls_are_no_contradiction() -> None:
    """Two shares of one race are read from two measurements far more often than from two
    accounts of one (on real reports: one poll against an average of polls): a note in the
    link's checks, never a contradiction or a tension."""
    report = compare("Sanders trails Clinton in California by 2 percentage points, a new poll "
                     "of likely Democratic voters found on Tuesday.",
                     "Sanders trails Clinton in California by 7 percentage points among likely "
                     "Democratic voters, according to a polling average on Tuesday.")
    a, b = claim(report, 0, "trails"), claim(report, 1, "trails")
    found = relations(report, a, b)
    assert not found & {"contradicts", "tension"}, found
    for link in report.links:
        if {link.a, link.b} == {a, b}:
            notes = [c for c in link.details["checks"] if c["check"] == "numbers"]
            assert notes and all(c["verdict"] == "note" for c in notes), notes


def test_comparison_same_fact_dates_years_apart_are_two_occasions() -> None:
    """One act dated years apart by two outlets is two occasions (a clinic destroyed by one
    hurricane and rebuilt, then destroyed by another), not one date told two ways."""
    report = compare("When a hurricane destroyed the clinic in 1998, the doctor made house calls "
                     "to all her patients while it was rebuilt.",
                     "The doctor became known for rebuilding her clinic, destroyed by a hurricane "
                     "in 2005.")
    a, b = claim(report, 0, "destroyed"), claim(report, 1, "destroyed")
    assert not relations(report, a, b) & {"contradicts", "tension"}
    dates = checks_of(report, a, b, "dates")
    assert all(c["verdict"] != "conflict" for c in dates), dates


def test_comparison_same_fact_time_zone_conflict_is_said_in_the_reasons() -> None:
    """A contradiction found by the time-zone check names the two days in its plain reasons,
    not only in the link's technical evidence: a finding always says what differs."""
    report = compare("VANCOUVER - The mayor of Vancouver signed the housing bill on Saturday "
                     "at city hall.",
                     "VANCOUVER - The mayor of Vancouver signed the housing bill at city hall "
                     "on Friday.")
    a, b = claim(report, 0, "signed"), claim(report, 1, "signed")
    links = [x for x in report.links if {x.a, x.b} == {a, b} and x.relation == "contradicts"]
    assert links
    for link in links:
        assert "Saturday" in link.reasons[0] and "Friday" in link.reasons[0], link.reasons
        # the dates check lets two dates side by side agree (time zones), and says why
        said = [r for r in link.reasons if r.startswith("dates agree")]
        assert all("within a day" in r for r in said), said


def test_comparison_same_fact_same_tally_corroborates() -> None:
    """The same tally of a vote, told with other verbs ("won" / "defeated"), is one vote; a
    tally is no range, so a count that falls between its two sides agrees with nothing."""
    report = compare("Nancy Pelosi was elected leader of House Democrats on Wednesday. She won "
                     "by a 134-to-63 vote, with one blank ballot.",
                     "Pelosi defeated her lone challenger, Rep. Tim Ryan of Ohio, by a vote of "
                     "134 to 63. About 150 members had voted for her in the last leadership "
                     "race.")
    a, b = claim(report, 0, "134-to-63"), claim(report, 1, "134 to 63")
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates"
    assert link.reasons[0] == ("Both give the same tally, '134-to-63' and '134 to 63': one vote "
                               "or one score.")
    assert not any("numbers agree" in r for x in report.links for r in x.reasons
                   if {x.a, x.b} == {a, claim(report, 1, "About 150")})


def test_comparison_same_fact_small_tallies_are_not_one_vote() -> None:
    """A small tally ("5-4") recurs across votes of one story: by itself it joins nothing."""
    report = compare("The Supreme Court upheld the Texas map in a 5-4 ruling on Monday.",
                     "The justices struck down an Ohio voting rule 5-4 last year.")
    found = relations(report, claim(report, 0, "5-4 ruling"), claim(report, 1, "5-4 last"))
    assert "corroborates" not in found, found


def test_comparison_same_fact_a_lead_is_not_the_final_score() -> None:
    """A score that was a lead for a while ("a 31-24 lead") is no result of the game, even
    where the game ended with the same score."""
    report = compare("Harlan picked off the pass and ran it back to give the Hawks a 31-24 lead "
                     "with five minutes left.",
                     "Reyes threw for 364 yards in the Hawks' 31-24 victory over the Storm on "
                     "Thursday.")
    found = relations(report, claim(report, 0, "31-24 lead"), claim(report, 1, "31-24 victory"))
    assert not any("same tally" in r for x in report.links for r in x.reasons), found


def test_comparison_same_fact_different_tolls_do_not_corroborate() -> None:
    """Two tolls of one disaster counted as "N dead" (no noun for the people) are counts of the
    same thing: two tellings that differ in them are not one statement."""
    report = compare("Four dead, dozens hurt as storm hits the coastal town of Kela.",
                     "Storm hits the coastal town of Kela: 19 dead and more than 150 injured.")
    found = relations(report, claim(report, 0, "Four dead"), claim(report, 1, "19 dead"))
    assert "corroborates" not in found, found


@pytest.mark.parametrize("published", [None, "2008-06-05"])
def test_comparison_same_fact_act_dated_two_days_not_corroborated(published: str | None) -> None:
    """The model reads "all that the other says" in two accounts of one arrest on two days;
    the act they share, dated by weekdays that differ, keeps them from corroborating."""
    texts = ("RCMP officers arrested Winston Blackmore and James Oler on Wednesday, the "
             "attorney general confirmed.",
             "Winston Blackmore and James Oler were arrested by RCMP on Tuesday, the attorney "
             "general said.")
    articles = [crosswire.read_text(t, outlet=f"Outlet {n}", title=f"Story {n}",
                                    published=datetime.fromisoformat(published)
                                    if published else None)
                for n, t in enumerate(texts, start=1)]
    report = crosswire.compare(articles, options=Options(
        comparison=CompareOptions(keep_related=True)))
    a, b = claim(report, 0, "Wednesday"), claim(report, 1, "Tuesday")
    assert "corroborates" not in relations(report, a, b)
    # a day written two ways ("Nov. 12" / "November 12") dates the act alike
    report = compare("Police arrested the mayor at his home on Nov. 12, officials said.",
                     "The mayor was arrested by police at his home on November 12.")
    a, b = claim(report, 0, "Nov. 12"), claim(report, 1, "November 12")
    assert "corroborates" in relations(report, a, b)


def test_comparison_same_fact_arrest_in_other_words_names_the_fact() -> None:
    """The issue's own pair: "arrested" and "taken into custody", one fact; the reason says
    which fact both state, in the words of the claim the other holds."""
    report = compare("FBI agents arrested Roger Stone at his home in Fort Lauderdale early Friday.",
                     "Roger Stone was taken into custody early Friday at his Florida home.")
    a, b = claim(report, 0, "arrested"), claim(report, 1, "custody")
    link = next(x for x in report.links if {x.a, x.b} == {a, b})
    assert link.relation == "corroborates"
    assert "Roger Stone was taken into custody early Friday at his Florida home" in link.reasons[0]
    group = next(g for g in report.groups if a in g.claims)
    assert b in group.claims and group.status == "corroborated"
