"""The native half of quotelens (Rust, PyO3). Use the functions of ``quotelens`` instead."""

from typing import Iterable, List, Optional, Tuple

MAX_INPUT_BYTES: int
CONTRACT_VERSION: int
QUOTATION_COLUMNS: Tuple[str, ...]
__version__: str

def analyze_json(text: str, /) -> str:
    """The contract of one analysis as JSON text (no ``"path"``)."""

def analyze_many_json(texts: Iterable[str], jobs: Optional[int] = None) -> List[str]:
    """The contract's JSON text of each text, analysed on ``jobs`` threads, in order."""

def quotations_csv(analyses: List[str], names: List[str], /) -> str:
    """The CSV export of analyses given as contract JSON texts."""
