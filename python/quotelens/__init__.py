"""quotelens: who said what in news text.

The quotelens Rust core as a Python package. :func:`analyze` returns the JSON contract that the
``quotelens analyze`` command line prints (without its ``"path"``), as plain dicts and lists:
quotations with their speakers and cues, and the article's entities. Offsets are Unicode code
points, end-exclusive, so they index a Python ``str`` directly::

    import quotelens
    a = quotelens.analyze(text)
    for q in a["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]

:func:`analyze_many` analyses a batch on several threads with the GIL released;
:func:`quotations_frame` and :func:`entities_frame` turn analyses into pandas DataFrames, one
row per quotation or entity (:func:`quotation_rows` and :func:`entity_rows` give the same rows
as dicts, without pandas).
"""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Optional, Sequence

from . import _quotelens
from ._quotelens import CONTRACT_VERSION, MAX_INPUT_BYTES, QUOTATION_COLUMNS, __version__

__all__ = [
    "CONTRACT_VERSION",
    "ENTITY_COLUMNS",
    "MAX_INPUT_BYTES",
    "QUOTATION_COLUMNS",
    "__version__",
    "analyze",
    "analyze_many",
    "entities_frame",
    "entity_rows",
    "quotation_rows",
    "quotations_csv",
    "quotations_frame",
]

#: The columns of :func:`entities_frame`: which analysis (``article``), then the contract's
#: entity fields, with ``mention_count`` for the number of mentions.
ENTITY_COLUMNS = (
    "article",
    "id",
    "name",
    "type",
    "aliases",
    "mention_count",
    "descriptors",
    "quote_count",
    "first_mention",
    "salience",
    "value",
    "qualifier",
    "counts",
    "unit",
    "gender",
)


def analyze(text: str) -> dict:
    """Analyse one text and return the contract (docs/contract.md) as a dict.

    The result equals ``json.loads`` of what ``quotelens analyze`` prints for the same text,
    without the CLI's ``"path"``. Raises :class:`ValueError` when ``text`` is not a ``str`` or
    is over :data:`MAX_INPUT_BYTES` bytes of UTF-8.
    """
    return json.loads(_quotelens.analyze_json(text))


def analyze_many(texts: Iterable[str], jobs: Optional[int] = None) -> List[dict]:
    """Analyse every text of ``texts`` and return their analyses in the same order.

    The texts are analysed on ``jobs`` threads (default: one per core) with the GIL released,
    by the machinery of ``quotelens analyze --jsonl --jobs N``; the result is the same as
    ``[analyze(t) for t in texts]``. Raises :class:`ValueError`, naming the item, when one is
    not a ``str`` or is too long, and when ``jobs`` is less than 1.
    """
    return [json.loads(s) for s in _quotelens.analyze_many_json(texts, jobs)]


def _names(analyses: Sequence[dict], names: Optional[Sequence[Any]]) -> List[Any]:
    if names is None:
        return [a.get("path", i) for i, a in enumerate(analyses)]
    names = list(names)
    if len(names) != len(analyses):
        raise ValueError(f"{len(names)} names for {len(analyses)} analyses")
    return names


def _speaker_gender(analysis: dict, quote: dict) -> Optional[str]:
    # As the sourcing audit and the CSV export read it (src/audit.rs, speaker_gender).
    speaker = quote.get("speaker")
    if not speaker or speaker.get("anonymous") or speaker.get("entity") is None:
        return None
    entities = analysis.get("entities", [])
    index = speaker["entity"]
    if index >= len(entities) or entities[index].get("type") != "PERSON":
        return None
    gender = entities[index].get("gender")
    return gender if gender in ("female", "male") else "not stated"


def quotation_rows(
    analyses: Iterable[dict], names: Optional[Sequence[Any]] = None
) -> List[dict]:
    """One dict per quotation of ``analyses``, keyed by :data:`QUOTATION_COLUMNS`.

    The columns of the web app's CSV export (``quotations_csv``): ``article`` is ``names[i]``
    for the i-th analysis, else its ``"path"`` when it has one, else ``i``. Where the CSV has
    an empty field the row has ``None``; ``anonymous`` is a bool and the two confidences are
    floats, unrounded.
    """
    analyses = list(analyses)
    rows = []
    for article, a in zip(_names(analyses, names), analyses):
        for q in a["quotes"]:
            speaker = q.get("speaker") or {}
            cue = q.get("cue") or {}
            reason = speaker.get("anonymity_reason") or {}
            rows.append(
                {
                    "article": article,
                    "speaker": speaker.get("name"),
                    "anonymous": speaker.get("anonymous"),
                    "cue": cue.get("lemma"),
                    "kind": q["kind"],
                    "text": q["text"],
                    "start": q["start"],
                    "end": q["end"],
                    "resolved_by": speaker.get("resolved_by"),
                    "confidence": speaker.get("confidence"),
                    "quote_confidence": q.get("confidence", 1.0),
                    "cue_loaded": cue.get("loaded"),
                    "anonymity_reason": reason.get("text"),
                    "speaker_gender": _speaker_gender(a, q),
                    "title": a.get("title"),
                    "source_url": a.get("source_url"),
                }
            )
    return rows


def entity_rows(analyses: Iterable[dict], names: Optional[Sequence[Any]] = None) -> List[dict]:
    """One dict per entity of ``analyses``, keyed by :data:`ENTITY_COLUMNS`.

    ``article`` as in :func:`quotation_rows`; ``aliases`` and ``descriptors`` are lists of str;
    fields the contract leaves out (``value``, ``qualifier``, ``counts``, ``unit``,
    ``gender``) are ``None``.
    """
    analyses = list(analyses)
    rows = []
    for article, a in zip(_names(analyses, names), analyses):
        for e in a["entities"]:
            rows.append(
                {
                    "article": article,
                    "id": e["id"],
                    "name": e["name"],
                    "type": e["type"],
                    "aliases": list(e.get("aliases", [])),
                    "mention_count": len(e.get("mentions", [])),
                    "descriptors": list(e.get("descriptors", [])),
                    "quote_count": e.get("quote_count", 0),
                    "first_mention": e.get("first_mention", 0),
                    "salience": e.get("salience", 0.0),
                    "value": e.get("value"),
                    "qualifier": e.get("qualifier"),
                    "counts": e.get("counts"),
                    "unit": e.get("unit"),
                    "gender": e.get("gender"),
                }
            )
    return rows


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "quotelens frames need pandas: pip install pandas (or quotelens[pandas])"
        ) from e
    return pandas


def quotations_frame(analyses: Iterable[dict], names: Optional[Sequence[Any]] = None):
    """A pandas DataFrame with one row per quotation: :func:`quotation_rows` with the columns
    :data:`QUOTATION_COLUMNS` (those of the CSV export), in that order. Needs pandas."""
    pd = _pandas()
    return pd.DataFrame(quotation_rows(analyses, names), columns=list(QUOTATION_COLUMNS))


def entities_frame(analyses: Iterable[dict], names: Optional[Sequence[Any]] = None):
    """A pandas DataFrame with one row per entity: :func:`entity_rows` with the columns
    :data:`ENTITY_COLUMNS`, in that order. Needs pandas."""
    pd = _pandas()
    return pd.DataFrame(entity_rows(analyses, names), columns=list(ENTITY_COLUMNS))


def quotations_csv(analyses: Iterable[dict], names: Optional[Sequence[Any]] = None) -> str:
    """The web app's CSV export of ``analyses``: one row per quotation, the header
    :data:`QUOTATION_COLUMNS`, RFC 4180 quoting, CRLF line ends, confidences to two decimals.
    ``article`` as in :func:`quotation_rows`."""
    analyses = list(analyses)
    return _quotelens.quotations_csv(
        [json.dumps(a) for a in analyses], [str(n) for n in _names(analyses, names)]
    )
