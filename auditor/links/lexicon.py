"""The word lists that judge a linked page, read from `lexicon.toml` and a county's own file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError

# a word list file as read: [section] key = [words] or a number, checked by _section_problems
Sections = dict[str, dict[str, Any]]

BUILTIN = Path(__file__).with_name("lexicon.toml")
LIST_KEYS = {
    "gambling": ("words", "not_within"), "adult": ("words", "not_within"), "parked": ("phrases",), "soft404": ("phrases",),
    "challenge": ("phrases",), "titles": ("generic_link_texts", "generic_titles", "noise_words"),
    "domains": ("trusted_suffixes",),
}
NUMBER_KEYS = {"gambling": ("min_score",), "adult": ("min_score",), "soft404": ("short_page_chars",)}


@dataclass(frozen=True)
class WordList:
    """Words found in a text with one scan; `min_score` weighs title hits 3, text hits 1."""

    words: tuple[str, ...]
    min_score: int = 1
    not_within: tuple[str, ...] = ()  # ordinary phrases holding a word: a word inside one is not found

    @property
    def pattern(self) -> re.Pattern[str]:
        return _alternation(self.words)

    def found(self, text: str) -> set[str]:
        return set(self.pattern.findall(without_phrases(text.lower(), self.not_within))) if self.words else set()

    def score(self, title: str, text: str) -> int:
        in_title = self.found(title)
        return 3 * len(in_title) + len(self.found(text) - in_title)

    def matches(self, title: str, text: str) -> bool:
        return self.score(title, text) >= self.min_score


@dataclass(frozen=True)
class Lexicon:
    gambling: WordList
    adult: WordList
    parked: WordList
    soft404: WordList
    challenge: WordList
    short_page_chars: int
    generic_link_texts: frozenset[str]
    generic_titles: frozenset[str]
    noise_words: tuple[str, ...]
    trusted_suffixes: tuple[str, ...]


def without_phrases(text: str, phrases: tuple[str, ...]) -> str:
    """`text` with each of `phrases` blanked out (a space keeps the words on either side apart)."""
    return _alternation(phrases).sub(" ", text) if phrases and text else text


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    # longest first, so "澳门葡京" is found whole rather than as "葡京"
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@cache
def load_lexicon(extra: Path | None = None) -> Lexicon:
    """The built-in lists, with a county's own lists (if named) added to them."""
    data = _read(BUILTIN)
    if extra is not None:
        for section, values in _read(extra).items():
            for key, value in values.items():
                merged = data.setdefault(section, {})
                merged[key] = merged.get(key, []) + value if isinstance(value, list) else value
    return _build(data)


def _read(path: Path) -> Sections:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(path), [f"词表文件无法读取 (cannot read the word list): {exc.strerror}"]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"词表文件格式错误 (not valid TOML): {exc}"]) from exc
    problems = [problem for section, values in data.items() for problem in _section_problems(section, values)]
    if problems:
        raise ConfigError(str(path), problems)
    return data  # every section a table, checked above


def _section_problems(section: str, values: object) -> list[str]:
    allowed = LIST_KEYS.get(section, ()) + NUMBER_KEYS.get(section, ())
    if not isinstance(values, dict) or not allowed:
        known = ", ".join(f"[{s}]" for s in LIST_KEYS)
        return [f"[{section}] 无法识别 (unknown section; the sections are {known}, as in auditor/links/lexicon.toml)"]
    problems = []
    for key, value in values.items():
        if key not in allowed:
            problems.append(f"[{section}] {key} 无法识别 (unknown key; [{section}] takes {', '.join(allowed)})")
        elif key in LIST_KEYS[section] and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(f"[{section}] {key} 应为字符串列表 (must be a list of strings)")
        elif key in NUMBER_KEYS.get(section, ()) and not (isinstance(value, int) and value >= 1):
            problems.append(f"[{section}] {key} 应为正整数 (must be a positive integer)")
    return problems


def _words(data: Sections, section: str, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.strip().lower() for w in data.get(section, {}).get(key, []) if w.strip()))


def _build(data: Sections) -> Lexicon:
    def word_list(section: str, key: str) -> WordList:
        return WordList(_words(data, section, key), data.get(section, {}).get("min_score", 1),
                        _words(data, section, "not_within"))

    return Lexicon(
        gambling=word_list("gambling", "words"),
        adult=word_list("adult", "words"),
        parked=word_list("parked", "phrases"),
        soft404=word_list("soft404", "phrases"),
        challenge=word_list("challenge", "phrases"),
        short_page_chars=data.get("soft404", {}).get("short_page_chars", 3000),
        generic_link_texts=frozenset(_words(data, "titles", "generic_link_texts")),
        generic_titles=frozenset(_words(data, "titles", "generic_titles")),
        noise_words=_words(data, "titles", "noise_words"),
        trusted_suffixes=_words(data, "domains", "trusted_suffixes"),
    )
