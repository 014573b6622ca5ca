"""Fuzzy pickers for the command palette: codes (by id, English or Indonesian label, keyword)
and sources."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import Hit, Hits, Provider

from qualcode.model import Code


class CodeProvider(Provider):
    """Searches `app.code_choices`; calls `app.code_chosen(code_id)` with the pick.

    When the picker may create codes (`app.code_create`: where a new code may go), a name
    that matches no code offers "create code 'NAME' …" for each place, the likeliest first;
    so does a name typed after `+` (even one that matches codes), and any name when
    `app.create_only`. The pick calls `app.code_created(name, codebook, parent)`."""

    async def search(self, query: str) -> Hits:
        app = self.app
        only = app.create_only or query.lstrip().startswith("+")
        found = 0
        if not only:
            async for hit in self._codes(query):
                found += 1
                yield hit
        name = " ".join(query.strip().lstrip("+").split())
        if app.code_create and name and not found:
            for i, (book, parent, where) in enumerate(app.code_create):
                yield Hit(1000 - i, Text(f"+ create code '{name}' {where}"),
                          partial(app.code_created, name, book, parent),
                          help=("" if i else "a new code of your own, made now" + (
                              "; the selection is coded with it" if not app.create_only
                              else "")))

    async def _codes(self, query: str) -> Hits:
        matcher = self.matcher(query)
        words = [self.matcher(w) for w in query.split()]
        for order, code in enumerate(self.app.code_choices):
            fields = [code.id, code.label.get("en", ""), code.label.get("id", "")]
            keywords = [k for ks in code.keywords.values() for k in ks]
            best = max(matcher.match(f) for f in fields)
            via = ""
            if best <= 0 and len(words) > 1:
                # words in any order: "data sinkron" finds "Sinkronisasi data"
                per_word = [max(w.match(f) for f in fields) for w in words]
                best = min(per_word) * 0.8 if min(per_word) > 0 else 0
            if best <= 0:
                keyword_scores = [(matcher.match(k), k) for k in keywords]
                score, keyword = max(keyword_scores, default=(0, ""))
                best, via = score * 0.5, keyword
            if best > 0:  # ties keep codebook order, so the list is stable
                yield Hit(best - order * 1e-6, matcher.highlight(_name(code)),
                          partial(self.app.code_chosen, code.id),
                          help=_help(code) + (f" · keyword: {via}" if via else ""))

    async def discover(self) -> Hits:
        if self.app.create_only:
            return
        for code in self.app.code_choices:
            yield Hit(1, _name(code), partial(self.app.code_chosen, code.id), help=_help(code))


class ChoiceProvider(Provider):
    """Searches `app.choices`: (label, help, callback) triples (sources, frameworks)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self.app.choices:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)

    async def discover(self) -> Hits:
        for label, help_text, callback in self.app.choices:
            yield Hit(1, label, callback, help=help_text)


def _name(code: Code) -> str:
    return f"{code.id} — {code.label.get('en') or code.label.get('id', '')}"


def _help(code: Code) -> str:
    return code.label.get("id", "") if code.label.get("en") else ""


Choice = tuple[str, str, Callable[[], object]]
