"""Word lists the analysis stages share: attribution cues, certainty cues, source kinds.

The cue-verb list is hand-written and extended with the lemmas that mark an
attribution cue most of the time in the PolNeAR training split (see
``training/polnear_cue_lexicon.py`` and :mod:`crosswire.analyse.cue_lexicon`).
"""

from __future__ import annotations

from .cue_lexicon import LEARNED_CUE_LEMMAS

__all__ = [
    "ALLEGED_LEMMAS",
    "ALLEGED_PHRASES",
    "CUE_LEMMAS",
    "DOCUMENT_WORDS",
    "HEDGE_LEMMAS",
    "HEDGE_MODALS",
    "HEDGE_WORDS",
    "NEWS_OUTLET_WORDS",
    "OFFICIAL_WORDS",
    "NON_CUE_LEMMAS",
    "OPINION_WORDS",
    "REPORTING_LEMMAS",
    "ROLE_WORDS",
    "SPECULATIVE_LEMMAS",
    "SPECULATIVE_WORDS",
    "STATE_MEDIA",
    "UNNAMED_HEADS",
]

#: Verbs that introduce what someone says, writes, reports, estimates or believes.
SPEECH_LEMMAS: frozenset[str] = frozenset(
    """
    say tell add note state declare announce report write claim allege assert insist argue
    explain estimate suggest speculate confirm deny acknowledge admit reveal disclose warn
    predict believe think reckon contend maintain complain urge stress emphasise emphasize
    observe remark comment mention indicate signal describe call label brand dub testify
    concede caution recall point promise pledge vow threaten boast accuse charge suspect
    fear hope assess conclude find show cite quote agree disagree dispute reject question
    doubt argue hint imply recount recommend ask demand propose told tweet post publish
    broadcast announce characterize characterise
    """.split()
)

#: Verbs that report speech whatever their context: always attribution cues. The
#: other cue verbs ("think", "show", "call", "find", the learned ones) are cues only
#: where the cue classifier accepts them in context (see :mod:`.cue_model`).
REPORTING_LEMMAS: frozenset[str] = frozenset(
    """
    say tell add note state declare announce report write claim allege assert insist argue
    explain estimate suggest speculate confirm deny acknowledge admit reveal disclose warn
    predict testify concede tweet quote recount reiterate contend maintain
    """.split()
)

#: Verbs never taken as cues: appearance ("appeared to weep" hedges, the certainty
#: stage marks it) and perception ("viewed footage", "watched the parade").
NON_CUE_LEMMAS: frozenset[str] = frozenset(
    "appear seem look sound view watch see position weep hear feel".split()
)

CUE_LEMMAS: frozenset[str] = SPEECH_LEMMAS | LEARNED_CUE_LEMMAS | REPORTING_LEMMAS

#: Nouns that frame a content as someone's statement ("his claim that ...").
REPORT_NOUNS: frozenset[str] = frozenset(
    """
    claim claims allegation allegations report reports statement statements assertion
    comment comments remark remarks estimate estimates assessment belief suggestion
    speculation warning warnings testimony announcement accusation accusations rumour rumor
    rumours rumors view argument
    """.split()
)

# --- certainty -------------------------------------------------------------------------------

#: Cue verbs whose content the source alleges rather than reports.
ALLEGED_LEMMAS: frozenset[str] = frozenset({"allege", "accuse", "claim", "charge", "purport"})
#: Phrases that mark a content as alleged wherever they appear (lower case).
ALLEGED_PHRASES: tuple[str, ...] = (
    "if true",
    "unconfirmed report",
    "unconfirmed reports",
    "unverified report",
    "unverified reports",
    "unverified claim",
    "unverified claims",
    "unconfirmed claim",
    "unconfirmed claims",
    "allegedly",
    "purportedly",
    "a claim that",
    "the claim that",
    "alleged",
)

#: Cue verbs and words of speculation.
SPECULATIVE_LEMMAS: frozenset[str] = frozenset({"speculate", "predict", "forecast", "guess"})
SPECULATIVE_WORDS: tuple[str, ...] = (
    "could soon",
    "may soon",
    "might soon",
    "could eventually",
    "would mark",
    "potentially",
    "the prospect of",
    "speculation",
    "in the coming months",
    "in the coming weeks",
    "could shift",
)

#: Modal verbs that hedge a claim.
HEDGE_MODALS: frozenset[str] = frozenset({"may", "might", "could"})
#: Cue verbs that hedge the content they introduce.
HEDGE_LEMMAS: frozenset[str] = frozenset(
    {"suggest", "believe", "think", "suspect", "reckon", "hint", "imply", "indicate", "fear"}
)
#: Hedging words and phrases (lower case, matched on word boundaries).
HEDGE_WORDS: tuple[str, ...] = (
    "likely",
    "unlikely",
    "possibly",
    "possible",
    "perhaps",
    "probably",
    "apparently",
    "apparent",
    "appeared to",
    "appears to",
    "appear to",
    "seemed to",
    "seems to",
    "seem to",
    "reportedly",
    "presumably",
    "it is thought",
    "is believed to",
    "are believed to",
    "is thought to",
    "are thought to",
    "i think",
    "may have",
    "might have",
    "could have",
    "suggesting",
)

# --- opinion ---------------------------------------------------------------------------------

#: Words that mark an evaluative or opinion statement (lower case).
OPINION_WORDS: frozenset[str] = frozenset(
    """
    should ought must shameful disgraceful outrageous terrible horrible awful wonderful
    brilliant excellent great greatest worst best stark dangerous dramatic reckless
    ridiculous absurd pathetic heroic cowardly evil disastrous catastrophic tragic
    unacceptable deplorable stupid incompetent corrupt crooked dishonest shocking
    """.split()
)

# --- source kinds ----------------------------------------------------------------------------

#: Names (lower case) of state-run media.
STATE_MEDIA: frozenset[str] = frozenset(
    {
        "kcna",
        "tass",
        "ria novosti",
        "xinhua",
        "rt",
        "sputnik",
        "cctv",
        "irna",
        "press tv",
        "global times",
        "rodong sinmun",
        "korean central news agency",
        "korean central television",
        "state media",
        "state television",
        "state tv",
        "state-run media",
        "state broadcaster",
        "state news agency",
    }
)

#: Words in a name that mark a news outlet (lower case).
NEWS_OUTLET_WORDS: frozenset[str] = frozenset(
    """
    reuters ap afp bloomberg bbc cnn nbc abc cbs fox msnbc npr guardian times post
    journal telegraph herald tribune independent economist politico axios yonhap kyodo
    news newspaper daily gazette chronicle observer mail express mirror sun agency
    broadcaster magazine outlet wire press media tv radio television podcast
    """.split()
)

#: Words in a name that mark a government or official body (lower case).
OFFICIAL_WORDS: frozenset[str] = frozenset(
    """
    ministry department service agency government council office commission police army
    navy military pentagon kremlin parliament senate congress committee court embassy
    administration bureau authority authorities intelligence defence defense forces
    cabinet presidency president minister secretary spokesman spokeswoman spokesperson
    nis cia fbi nsa mod un nato
    """.split()
)

#: Common-noun heads of unnamed sources ("officials said", "analysts suggest").
UNNAMED_HEADS: frozenset[str] = frozenset(
    """
    official officials analyst analysts expert experts source sources observer observers
    diplomat diplomats people person witness witnesses resident residents media critics
    critic insider insiders aide aides someone many some others researcher researchers
    commentator commentators report reports study studies survey poll polls
    """.split()
)

#: Heads of sources that are documents a reader can ask for ("the indictment says",
#: "according to court documents").
DOCUMENT_WORDS: frozenset[str] = frozenset(
    """
    indictment indictments document documents filing filings complaint lawsuit report reports
    statement statements letter letters memo memos transcript transcripts records papers
    ruling order affidavit warrant study survey poll data
    """.split()
)

#: Heads of sources that name a person or body by role ("Stone's attorney", "the special
#: counsel", "a federal grand jury").
ROLE_WORDS: frozenset[str] = frozenset(
    """
    attorney attorneys lawyer lawyers counsel jury prosecutor prosecutors judge spokesman
    spokeswoman spokesperson adviser advisers secretary director chief president governor
    senator representative minister ambassador chairman chairwoman leader sheriff mayor
    lawmaker lawmakers investigators agents campaign
    """.split()
)
