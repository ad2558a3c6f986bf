"""Type stubs of quotelens: the JSON contract (docs/contract.md) as TypedDicts."""

from typing import Any, Iterable, List, Literal, Optional, Sequence, Tuple, TypedDict

import pandas

MAX_INPUT_BYTES: int
CONTRACT_VERSION: int
QUOTATION_COLUMNS: Tuple[str, ...]
ENTITY_COLUMNS: Tuple[str, ...]
__version__: str

class Range(TypedDict):
    start: int
    end: int

class Snippet(TypedDict):
    start: int
    end: int
    text: str

class Speaker(TypedDict):
    name: str
    start: int
    end: int
    entity: Optional[int]
    anonymous: bool
    resolved_by: Literal["name", "pronoun", "description", "continuation", "none"]
    confidence: float
    anonymity_reason: Optional[Snippet]

class Cue(TypedDict):
    text: str
    lemma: str
    start: int
    end: int
    loaded: Optional[Literal["doubt", "admission", "endorsement", "emotion"]]

class Quote(TypedDict):
    id: int
    start: int
    end: int
    text: str
    kind: Literal["direct", "partial", "scare", "indirect"]
    parts: List[Range]
    closed: bool
    speaker: Optional[Speaker]
    cue: Optional[Cue]
    confidence: float

class _EntityRequired(TypedDict):
    id: int
    name: str
    type: str
    aliases: List[str]
    mentions: List[Range]
    descriptors: List[str]
    quote_count: int
    first_mention: int
    salience: float

class Entity(_EntityRequired, total=False):
    value: str
    qualifier: str
    counts: str
    unit: str
    gender: Literal["female", "male"]
    gender_evidence: Snippet

class _AnalysisRequired(TypedDict):
    version: int
    text_length: int
    quotes: List[Quote]
    entities: List[Entity]

class Analysis(_AnalysisRequired, total=False):
    path: str
    date: str
    title: str
    source_url: str

def analyze(text: str) -> Analysis: ...
def analyze_many(texts: Iterable[str], jobs: Optional[int] = None) -> List[Analysis]: ...
def quotation_rows(
    analyses: Iterable[Analysis], names: Optional[Sequence[Any]] = None
) -> List[dict[str, Any]]: ...
def entity_rows(
    analyses: Iterable[Analysis], names: Optional[Sequence[Any]] = None
) -> List[dict[str, Any]]: ...
def quotations_frame(
    analyses: Iterable[Analysis], names: Optional[Sequence[Any]] = None
) -> pandas.DataFrame: ...
def entities_frame(
    analyses: Iterable[Analysis], names: Optional[Sequence[Any]] = None
) -> pandas.DataFrame: ...
def quotations_csv(analyses: Iterable[Analysis], names: Optional[Sequence[Any]] = None) -> str: ...
