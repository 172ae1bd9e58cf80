"""Dates and relative times, resolved against the publication date when it is known."""

from __future__ import annotations

from datetime import datetime

import pytest

from analysis_fixtures import analysed
from crosswire.comparison.timecheck import compare_times

PUBLISHED = datetime(2025, 6, 24)  # a Tuesday

CASES = [
    # (text, span text, start, granularity)
    ("The attack happened last year.", "last year", datetime(2024, 1, 1), "year"),
    ("The ceremony was held on Sunday.", "Sunday", datetime(2025, 6, 22), "day"),
    ("Troops may be sent in July or August this year.", "July", datetime(2025, 7, 1), "month"),
    ("Troops may be sent in July or August this year.", "August", datetime(2025, 8, 1), "month"),
    ("He approved operations on October 22, December 12, and December 22 last year.",
     "December 12", datetime(2024, 12, 12), "day"),
    ("The treaty was signed on 19 June 2024.", "19 June 2024", datetime(2024, 6, 19), "day"),
    ("The talks ended yesterday.", "yesterday", datetime(2025, 6, 23), "day"),
    ("The army moved in three weeks ago.", "three weeks ago", datetime(2025, 6, 2), "week"),
    ("Troops were deployed late last year.", "late last year", datetime(2024, 9, 1), "month"),
    ("She has led the party since 2003, and critics say so.", "2003", datetime(2003, 1, 1),
     "year"),
    ("He spoke at the conference a couple days ago.", "a couple days ago", datetime(2025, 6, 22),
     "day"),
    ("They met a couple of weeks ago.", "a couple of weeks ago", datetime(2025, 6, 9), "week"),
    # a day a verb in the present points to is the nearest one; a month stays the past one
    ("He is pulling out of the July 2 debate.", "July 2", datetime(2025, 7, 2), "day"),
    ("He pulled out of the July 2 debate.", "July 2", datetime(2024, 7, 2), "day"),
    ("He has pulled out of the July 2 debate.", "July 2", datetime(2024, 7, 2), "day"),
    ("The dispute dates back to July.", "July", datetime(2024, 7, 1), "month"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "start", "granularity"), CASES)
def test_analyse_time_resolved(text: str, span: str, start: datetime, granularity: str) -> None:
    times = analysed(text, PUBLISHED).times
    found = [t for t in times if t.span.text == span]
    assert found, [(t.span.text, t.start) for t in times]
    assert found[0].start == start
    assert found[0].granularity == granularity


def test_analyse_time_unresolved_without_publication_date() -> None:
    times = analysed("The attack happened last year.").times
    assert [(t.span.text, t.start, t.granularity) for t in times] == [("last year", None, "year")]


@pytest.mark.parametrize("text", ["Troops may advance soon.", "They march on the capital."])
def test_analyse_time_ignores_modal_may_and_verb_march(text: str) -> None:
    assert analysed(text, PUBLISHED).times == []


@pytest.mark.parametrize(("text", "span", "start"), [
    ("Both parties will hold primaries in mid May.", "mid May", datetime(2026, 5, 11)),
    ("Talks could resume by March, officials said.", "March", datetime(2025, 3, 1)),
    ("The primary would be held on July 30.", "July 30", datetime(2025, 7, 30)),
    ("The next debate is scheduled for Feb. 15 on CNN.", "Feb. 15", datetime(2026, 2, 15)),
    ("The vote is set for March 3.", "March 3", datetime(2026, 3, 3)),
])
def test_analyse_time_bare_may_and_march_after_a_lead_and_would_ahead(
        text: str, span: str, start: datetime) -> None:
    """"in mid May" and "by March" are dates; a date that a "would" verb hangs on lies ahead."""
    found = [t for t in analysed(text, PUBLISHED).times if t.span.text == span]
    assert found and found[0].start == start, [(t.span.text, t.start) for t in found]


def test_analyse_time_plan_in_the_past_dates_the_past() -> None:
    """Only a plan told in the present looks ahead: "they planned it for March 3" did not."""
    (found,) = analysed("They planned the attack for March 3.", PUBLISHED).times
    assert found.start == datetime(2025, 3, 3)


def test_analyse_time_may_the_modal_is_no_date() -> None:
    assert analysed("May I ask one more question?", PUBLISHED).times == []
    past = analysed("He would have turned 50 on April 3.", PUBLISHED).times
    assert [t.start for t in past] == [datetime(2025, 4, 3)]


@pytest.mark.parametrize(("text", "span", "start", "end"), [
    ("Both parties will hold primaries in mid May.", "mid May",
     datetime(2026, 5, 11), datetime(2026, 5, 21)),
    ("The talks began in early March.", "early March", datetime(2025, 3, 1), datetime(2025, 3, 11)),
    ("The strike ended in late-January.", "late-January",
     datetime(2025, 1, 21), datetime(2025, 2, 1)),
    ("Voting closes in mid-February 2025.", "mid-February 2025",
     datetime(2025, 2, 11), datetime(2025, 2, 21)),
])
def test_analyse_time_part_of_a_month(text: str, span: str, start: datetime,
                                      end: datetime) -> None:
    """"mid May" is not the whole of May: its middle ten days, so that "mid May" and "April 30"
    are different dates and "mid May" and "May 15" the same."""
    (found,) = analysed(text, PUBLISHED).times
    assert (found.span.text, found.start, found.end, found.granularity) == (
        span, start, end, "month")


@pytest.mark.parametrize(("other", "agree"), [
    ("The primary would be held on April 30.", False),
    ("The primary would be held on May 15.", True),
    ("The primary would be held in May.", True),
])
def test_analyse_time_part_of_a_month_compared(other: str, agree: bool) -> None:
    """The comparison reads the part of a month: "mid May" against "April 30" differ by ten
    days, where "May" and "April 30" are within its tolerance."""
    (mid,) = analysed("Both parties will hold primaries in mid May.", PUBLISHED).times
    (day,) = analysed(other, PUBLISHED).times
    findings = compare_times([mid], [day], published_a=PUBLISHED, published_b=PUBLISHED)
    assert [f.agree for f in findings] == [agree], findings


@pytest.mark.parametrize(("text", "span", "start", "end"), [
    # published on Tuesday 2025-06-24
    ("Obama will meet with Sanders on Thursday.", "Thursday",
     datetime(2025, 6, 26), datetime(2025, 6, 27)),
    ("Democrats, poised to assume control of the House on Thursday, refused.", "Thursday",
     datetime(2025, 6, 26), datetime(2025, 6, 27)),
    ("Obama met with Sanders on Thursday.", "Thursday",
     datetime(2025, 6, 19), datetime(2025, 6, 20)),
    ("The claims go back to late 1998.", "late 1998", datetime(1998, 9, 1), datetime(1999, 1, 1)),
    ("Benefits run out at the end of this month.", "end of this month",
     datetime(2025, 6, 21), datetime(2025, 7, 1)),
    ("Talks resume at the beginning of next year.", "beginning of next year",
     datetime(2026, 1, 1), datetime(2026, 5, 1)),
])
def test_analyse_time_ahead_and_parts(text: str, span: str, start: datetime,
                                      end: datetime) -> None:
    """A weekday a future verb hangs on lies ahead, as a date does; "the end of this month" and
    "late 1998" are parts of their period."""
    found = [t for t in analysed(text, PUBLISHED).times if t.span.text == span]
    assert found and (found[0].start, found[0].end) == (start, end), [
        (t.span.text, t.start, t.end) for t in analysed(text, PUBLISHED).times]


def test_analyse_time_years_naming_a_thing() -> None:
    """"Zinke's 2014 and 2016 campaigns" names two years."""
    times = analysed("The group gave $24,500 to Zinke's 2014 and 2016 congressional campaigns.",
                     PUBLISHED).times
    assert [(t.span.text, t.start) for t in times] == [
        ("2014", datetime(2014, 1, 1)), ("2016", datetime(2016, 1, 1))]


@pytest.mark.parametrize(("text", "span", "start", "end", "granularity"), [
    ("He served in the Senate from 1967 to 1979.", "1967 to 1979", datetime(1967, 1, 1),
     datetime(1980, 1, 1), "year"),
    ("She held the seat between 2001 and 2005.", "2001 and 2005", datetime(2001, 1, 1),
     datetime(2006, 1, 1), "year"),
    ("He was mayor in 2008-2012.", "2008-2012", datetime(2008, 1, 1), datetime(2013, 1, 1),
     "year"),
    ("He was mayor in 1990-94.", "1990-94", datetime(1990, 1, 1), datetime(1995, 1, 1), "year"),
    ("She was governor from January 2003 to March 2007.", "January 2003 to March 2007",
     datetime(2003, 1, 1), datetime(2007, 4, 1), "month"),
])  # fmt: skip
def test_analyse_time_range_is_one_expression(text: str, span: str, start: datetime,
                                              end: datetime, granularity: str) -> None:
    """A range of dates is one expression from the start of its first end to the end of its
    last, and no count: "from 1967 to 1979" is no quantity of 1,967 to 1,979."""
    article = analysed(text, PUBLISHED)
    assert [(t.span.text, t.start, t.end, t.granularity) for t in article.times] == [
        (span, start, end, granularity)]
    assert article.quantities == []


def test_analyse_time_change_of_date_is_no_range() -> None:
    """"moved the vote from 2019 to 2020" tells a change of date, two dates, not a period."""
    times = analysed("The council moved the vote from 2019 to 2020.", PUBLISHED).times
    assert [t.span.text for t in times] == ["2019", "2020"]


@pytest.mark.parametrize(("a", "b", "agree", "reason"), [
    ("He served from 1967 to 1979.", "He served from 1966 to 1978.", False,
     "begins 1967 against 1966; ends 1979 against 1978"),
    ("He served from 1967 to 1979.", "He served in 1967-79.", True, "the same first and last"),
    ("He served from 1967 to 1979.", "He served in 1970.", True, "1967 to 1979"),
])
def test_analyse_time_ranges_compared_end_to_end(a: str, b: str, agree: bool,
                                                 reason: str) -> None:
    found = compare_times(analysed(a, PUBLISHED).times, analysed(b, PUBLISHED).times,
                          published_a=PUBLISHED, published_b=PUBLISHED)
    assert [f.agree for f in found] == [agree]
    assert reason in found[0].reason
