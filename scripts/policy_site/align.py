"""Pairing the items of two sequences (sections, blocks): by hash, then by similarity in
order, then moves (the same text elsewhere) and lone items left at each other's place.

Cost stays near linear in the length of a policy: texts are compared through hashes and
shingles, and pair by pair only where few are left.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from .textdiff import CHARACTER_LANGUAGES, normalise

SIMILAR = 0.5  # below this, two blocks are a deletion and an insertion, not an edit
_GAP_LIMIT = 2500  # gaps bigger than this many pairs are paired by position
MOVED = 0.8  # an addition this similar to a removal elsewhere is that text, moved

T = TypeVar("T")


@functools.lru_cache(maxsize=1 << 14)
def shingles(text: str, lang: str) -> frozenset:
    """Character pairs or words; cached, as aligning scores one text against several."""
    if lang in CHARACTER_LANGUAGES:
        return frozenset({text[i : i + 2] for i in range(max(1, len(text) - 1))})
    return frozenset(text.lower().split())


@functools.lru_cache(maxsize=1 << 15)
def similarity(a: str, b: str, lang: str) -> float:
    """How alike two texts are, 0..1, cheaply: overlap of character pairs or of words."""
    sa, sb = shingles(a, lang), shingles(b, lang)
    if not sa and not sb:
        return 1.0
    shared = len(sa & sb)
    return shared / (len(sa) + len(sb) - shared)


def align(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    text: Callable[[T], str],
    lang: str,
    kin: Callable[[T, T], bool] | None = None,
    new_key: Callable[[T], str] | None = None,
    kin_key: Callable[[T], str | None] | None = None,
) -> list[tuple[T | None, T | None]]:
    """Pair items of two sequences: identical ones first, then similar ones, in order.

    `kin` says when two items belong together however much their text differs (an article
    whose title stayed the same). Whatever stays unpaired is an addition or a removal.
    `new_key`, when given, keys the new items (`key` then keys the old ones). `kin_key` (a
    title) aligns a stretch too long to weigh pair by pair, before pairing by position.
    """
    old_keys, new_keys = [key(x) for x in old], [(new_key or key)(x) for x in new]
    if old_keys == new_keys:  # nothing changed, as in most articles from one version to the next
        return list(zip(old, new, strict=True))
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    pairs: list[tuple[T | None, T | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=False))
        elif kin_key is not None and (i2 - i1) * (j2 - j1) > _GAP_LIMIT:
            pairs.extend(_pair_long_gap(old[i1:i2], new[j1:j2], text, lang, kin, kin_key))
        else:
            pairs.extend(_pair_gap(old[i1:i2], new[j1:j2], text, lang, kin))
    return pairs


def _pair_long_gap(old, new, text, lang, kin, kin_key):
    """A stretch where every section changed (a name replaced throughout, a heading inserted in
    each): aligned by title first, in order, so that one inserted section does not shift the
    pairing of all the others; what is left is paired as a short gap is."""
    no_title = object()

    def titles(items):
        return [kin_key(x) or (no_title, id(x)) for x in items]

    pairs = []
    matcher = SequenceMatcher(None, titles(old), titles(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            pairs.extend(_pair_gap(old[i1:i2], new[j1:j2], text, lang, kin))
    return pairs


def _pair_gap(old, new, text, lang, kin=None):
    """Best order-keeping pairing of two short runs by similarity (a small LCS by weight)."""
    m, n = len(old), len(new)
    if m == 0 or n == 0:
        return [(o, None) for o in old] + [(None, x) for x in new]
    if m * n > _GAP_LIMIT:
        score = lambda i, j: 1.0  # noqa: E731 - too big to weigh: pair by position
    else:
        cache: dict[tuple[int, int], float] = {}
        kins = {(i, j) for i in range(m) for j in range(n) if kin(old[i], new[j])} if kin else set()
        olds, news = Counter(i for i, _ in kins), Counter(j for _, j in kins)

        def score(i: int, j: int) -> float:
            if (i, j) not in cache:
                if (i, j) in kins and olds[i] == news[j] == 1:
                    s = 1.0  # the same article, however much it changed: no need to weigh it
                else:
                    s = similarity(normalise(text(old[i]), lang), normalise(text(new[j]), lang), lang)
                    if (i, j) in kins:
                        # Of two such (the same number, or the same title), the one with more
                        # of the same text: content first, then place.
                        s += 1.0
                cache[i, j] = s if s >= SIMILAR else 0.0
            return cache[i, j]

    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            take = score(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take + best[i + 1][j + 1] if take else 0.0)
    pairs = []
    i = j = 0
    while i < m and j < n:
        take = score(i, j)
        if take and best[i][j] == take + best[i + 1][j + 1]:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs += [(o, None) for o in old[i:]] + [(None, x) for x in new[j:]]
    return pairs


def partners(
    removed: list, added: list, old_key, new_key, text, lang: str, threshold: float, kin=None
) -> dict:
    """Which removed item each added item is, by id of the added one: the same text first
    (by hash), then the same `kin` value (an article's title), then the most similar one at or
    above `threshold`. Every pair is weighed only when few are left (_GAP_LIMIT); else each item
    is weighed against the few that share most of its rarer shingles, so the cost stays linear
    in the length of the texts."""
    partner: dict[int, object] = {}
    taken: set[int] = set()
    by_key: dict[str, list] = {}
    for candidate in reversed(removed):
        by_key.setdefault(old_key(candidate), []).append(candidate)
    for item in added:
        same = by_key.get(new_key(item))
        if same:
            best = same.pop()
            partner[id(item)] = best
            taken.add(id(best))
    if kin is not None:
        by_kin: dict[str, list] = {}
        for candidate in reversed(removed):
            value = kin(candidate)
            if value is not None and id(candidate) not in taken:
                by_kin.setdefault(value, []).append(candidate)
        for item in added:
            value = kin(item)
            if id(item) in partner or value is None or not by_kin.get(value):
                continue
            best = by_kin[value].pop()
            partner[id(item)] = best
            taken.add(id(best))
    left = [c for c in removed if id(c) not in taken]
    wanted = [x for x in added if id(x) not in partner]
    if not left or not wanted:
        return partner
    left_shingles = {id(c): shingles(normalise(text(c), lang), lang) for c in left}
    few = len(left) * len(wanted) <= _GAP_LIMIT
    index = None if few else _ShingleIndex(left, left_shingles)
    for item in wanted:
        mine = shingles(normalise(text(item), lang), lang)
        best, best_score = None, threshold
        for candidate in left if few else index.candidates(mine):
            if id(candidate) in taken:
                continue
            theirs = left_shingles[id(candidate)]
            score = len(mine & theirs) / len(mine | theirs) if mine or theirs else 1.0
            if score >= best_score:
                best, best_score = candidate, score
        if best is not None:
            partner[id(item)] = best
            taken.add(id(best))
    return partner


# Too many leftovers to weigh each pair: an item is weighed only against the few removed ones
# that share the most of its rarer shingles (words, or character pairs), found in an index.
_CANDIDATES = 8
_COMMON = 8  # a shingle in more removed items than this says nothing of which one it is


class _ShingleIndex:
    """The removed items by their shingles, leaving out the common ones; built in time linear in
    their length, and each lookup weighs at most _CANDIDATES items."""

    def __init__(self, items: list, shingles: dict[int, frozenset]):
        self.by_shingle: dict[str, list] = {}
        for item in items:
            for shingle in shingles[id(item)]:
                self.by_shingle.setdefault(shingle, []).append(item)

    def candidates(self, mine: frozenset) -> list:
        shared: dict[int, list] = {}
        for shingle in mine:
            holders = self.by_shingle.get(shingle)
            if holders and len(holders) <= _COMMON:
                for item in holders:
                    entry = shared.setdefault(id(item), [0, item])
                    entry[0] += 1
        ranked = sorted(shared.values(), key=lambda entry: -entry[0])[:_CANDIDATES]
        return [item for _, item in ranked]


def find_moves(
    pairs: list, key, text, lang: str, threshold: float = MOVED, kin=None, new_key=None
) -> list[tuple]:
    """Pair removals with additions of the same text elsewhere: (old, new, moved) triples.

    A moved item is shown where it now is; its old place is not shown as a removal. Identical
    texts are found by hash; near-identical ones are searched only among few candidates.
    """
    removed = [o for o, n in pairs if n is None]
    added = [n for o, n in pairs if o is None]
    if not removed or not added:
        return [(o, n, False) for o, n in pairs]
    partner = partners(removed, added, key, new_key or key, text, lang, threshold, kin)
    taken = {id(o) for o in partner.values()}
    triples = []
    for o, n in pairs:
        if n is None and id(o) in taken:
            continue
        if o is None and id(n) in partner:
            triples.append((partner[id(n)], n, True))
        else:
            triples.append((o, n, False))
    return triples


def pair_lone(entries: list[tuple], accept, many: bool = False) -> tuple[list[tuple], set[int]]:
    """Pair the one removal and the one addition left between two matched neighbours, when
    `accept` says they may be one item edited; entries are (old, new, moved). With `many`, a
    few removals and additions there are paired in order wherever `accept` allows (a date line
    edited beside a line removed). Returns the entries and the ids of the new items so paired."""
    out: list[tuple] = []
    paired: set[int] = set()
    run: list[tuple] = []

    def close() -> None:
        if not run:
            return
        olds = [e for e in run if e[1] is None]
        news = [e for e in run if e[0] is None]
        if len(olds) == 1 and len(news) == 1 and accept(olds[0][0], news[0][1]):
            out.append((olds[0][0], news[0][1], False))
            paired.add(id(news[0][1]))
        elif many and 1 <= len(olds) <= _MANY and 1 <= len(news) <= _MANY:
            partner = _in_order([e[0] for e in olds], [e[1] for e in news], accept)
            new_of = {id(o): n for n, o in ((x[1], partner.get(id(x[1]))) for x in news) if o is not None}
            for entry in run:
                if entry[1] is None and id(entry[0]) in new_of:
                    out.append((entry[0], new_of[id(entry[0])], False))  # in the old one's place
                    paired.add(id(new_of[id(entry[0])]))
                elif entry[0] is None and id(entry[1]) in partner:
                    continue
                else:
                    out.append(entry)
        else:
            out.extend(run)
        run.clear()

    for entry in entries:
        if entry[0] is None or entry[1] is None:
            run.append(entry)
        else:
            close()
            out.append(entry)
    close()
    return out, paired


_MANY = 8  # removals or additions between two matched neighbours that are weighed pair by pair


def _in_order(olds: list, news: list, accept) -> dict[int, object]:
    """The most pairs `accept` allows between two short runs, order kept: id(new) -> old."""
    m, n = len(olds), len(news)
    ok = [[accept(o, x) for x in news] for o in olds]
    best = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if ok[i][j] else 0)
    partner: dict[int, object] = {}
    i = j = 0
    while i < m and j < n:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            partner[id(news[j])] = olds[i]
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return partner
