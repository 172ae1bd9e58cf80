"""The language stage: the language an article is written in, and a warning if it is not English.

Every later stage (the spaCy pipeline, the cue lexicons, the claim rules, the
models) is written for English. An article in another language goes through
them without an error and comes out with few or no claims, so this stage says so.

Assigned layers:

============  ====================================================================
``language``  ``meta["language"]``: ``{"code", "name", "confidence"}`` as detected
              (ISO 639 code, English name, 0-1); ``article.language`` when the
              input did not declare one; and, for a language the analysis does
              not support, an entry in ``meta["warnings"]`` naming it
============  ====================================================================

Detection uses py3langid (a maintained fork of langid.py, BSD-3-Clause, 97
languages, bundled model, no network) on at most :data:`SAMPLE_CHARS` of the
text. A detection below :data:`MIN_CONFIDENCE` decides nothing: short or
language-less texts (a headline, a list of numbers) get no warning.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..document import Article
from ..errors import ModelError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = ["Detected", "detect_language", "set_language"]

logger = logging.getLogger(__name__)

#: The languages the analysis is written for.
SUPPORTED = frozenset({"en"})
#: How much of the text detection reads (the start and the middle of a long text).
SAMPLE_CHARS = 20_000
#: Below this probability a detection decides nothing.
MIN_CONFIDENCE = 0.75
#: The stage name warnings carry.
STAGE = "language"

_IDENTIFIER: LanguageIdentifier | None = None
_LOCK = threading.Lock()

_NAMES = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "arz": "Egyptian Arabic",
    "ary": "Moroccan Arabic", "as": "Assamese", "az": "Azerbaijani", "ba": "Bashkir",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fo": "Faroese", "fr": "French", "fy": "Frisian",
    "ga": "Irish", "gd": "Scottish Gaelic", "gl": "Galician", "gu": "Gujarati", "ha": "Hausa",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer",
    "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lg": "Ganda", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian",
    "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali",
    "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "om": "Oromo",
    "or": "Odia", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese",
    "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "so": "Somali", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
    "xh": "Xhosa", "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
}  # fmt: skip
#: Labels that name no language (text without linguistic content).
_NO_LANGUAGE = frozenset({"zxx", "und"})


@dataclass(frozen=True, slots=True)
class Detected:
    """A detected language: ISO 639 code, English name, probability (0-1)."""

    code: str
    name: str
    confidence: float

    @property
    def supported(self) -> bool:
        return self.code in SUPPORTED

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "confidence": round(self.confidence, 3)}


def language_name(code: str) -> str:
    """The English name of a language code (the code itself when unknown)."""
    return _NAMES.get(code, code)


def _identifier() -> LanguageIdentifier:
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            try:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
            except ImportError as exc:
                raise ModelError(
                    f"language detection needs py3langid (pip install py3langid): {exc}"
                ) from exc
            _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _IDENTIFIER


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    half = SAMPLE_CHARS // 2
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle : middle + half]


def detect_language(text: str) -> Detected | None:
    """The language ``text`` is written in, or ``None`` when detection is not confident."""
    sample = _sample(text)
    if not any(ch.isalpha() for ch in sample):
        return None
    code, confidence = _identifier().classify(sample)
    if code in _NO_LANGUAGE or confidence < MIN_CONFIDENCE:
        return None
    return Detected(code, language_name(code), float(confidence))


def set_language(article: Article) -> Article:
    """The ``language`` stage (see the module docstring)."""
    # Run again (on a stored article, say), the stage replaces what it wrote before.
    warnings = [w for w in article.meta.get("warnings", []) if w.get("stage") != STAGE]
    article.meta.pop("language", None)
    found = detect_language(article.text)
    if found is not None:
        article.meta["language"] = found.to_dict()
        if article.language is None:
            article.language = found.code
        if not found.supported:
            reason = (
                f"written in {found.name} ({found.code}, detected with confidence "
                f"{found.confidence:.2f}); the analysis supports English only, so its claims, "
                "quotes and attributions are missing or unreliable"
            )
            warnings.append({"stage": STAGE, "reason": reason})
            logger.info("%s: %s", article.source, reason)
    if warnings:
        article.meta["warnings"] = warnings
    else:
        article.meta.pop("warnings", None)
    return article
