"""A variant of the entropy method: the choices the study's formulas leave open.

One class for the NumPy reference, the benchmark, the validation cases and the tests; it
names its dbt vars (dbt_project.yml, scripts.project.METHOD_VARS) in one place. It imports
nothing heavy, so the benchmark's NumPy process can use it without pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = ("panel", "year")
ZERO_HANDLINGS = ("zero", "shift", "rescale", "none")
WEIGHT_SOURCES = ("entropy", "published")


@dataclass(frozen=True)
class Variant:
    scope: str = "panel"  # "panel" | "year": what min, max, P and E are taken over
    zero_handling: str = "zero"  # "zero" | "shift" | "rescale" | "none"
    epsilon: float = 1e-4
    weights_source: str = "entropy"  # "entropy" | "published"

    def __post_init__(self) -> None:
        for name, allowed in (
            ("scope", SCOPES),
            ("zero_handling", ZERO_HANDLINGS),
            ("weights_source", WEIGHT_SOURCES),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name}={getattr(self, name)!r}: expected one of {allowed}")

    def dbt_vars(self) -> dict[str, object]:
        """The dbt vars that select this variant in the warehouse."""
        return {
            "normalization_scope": self.scope,
            "zero_handling": self.zero_handling,
            "epsilon": self.epsilon,
            "weights_source": self.weights_source,
        }

    def label(self) -> str:
        eps = f", epsilon={self.epsilon:g}" if self.zero_handling in ("shift", "rescale") else ""
        return (
            f"scope={self.scope}, zero_handling={self.zero_handling}{eps}, "
            f"weights_source={self.weights_source}"
        )
