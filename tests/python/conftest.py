from __future__ import annotations

from pathlib import Path

import pytest
from support import build_ok


@pytest.fixture(scope="session")
def shipped_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse built and published from the shipped seeds with the study's defaults."""
    return build_ok(tmp_path_factory.mktemp("shipped"), {})
