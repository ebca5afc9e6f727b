"""The controlled vocabularies (content/vocabulary.yml) as a read-only object."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LifeStage:
    code: str
    label: str
    question: str
    age_min: float  # inclusive; -1 stands for "before birth"
    age_max: float  # exclusive

    def overlaps(self, lo: float, hi: float) -> bool:
        """Whether a child aged lo..hi (inclusive) falls into this stage at some point."""
        if self.age_max <= 0:  # pregnancy: offers for "age 0" start at birth
            return lo <= 0
        return lo < self.age_max and hi >= self.age_min


@dataclass(frozen=True)
class Vocabulary:
    life_stages: tuple[LifeStage, ...]
    life_stage_shortcuts: dict[str, tuple[str, ...]]
    categories: dict[str, str]
    audiences: dict[str, str]
    accessibility: dict[str, str]
    languages: dict[str, str]  # code -> German label
    language_native: dict[str, str] = field(default_factory=dict)
    barrierefrei: frozenset[str] = frozenset()  # accessibility codes that count as "barrierefrei"

    @property
    def life_stage_codes(self) -> list[str]:
        return [s.code for s in self.life_stages]

    @property
    def category_codes(self) -> list[str]:
        return list(self.categories)

    @property
    def audience_codes(self) -> list[str]:
        return list(self.audiences)

    @property
    def accessibility_codes(self) -> list[str]:
        return list(self.accessibility)

    @property
    def language_codes(self) -> list[str]:
        return list(self.languages)

    def stage(self, code: str) -> LifeStage:
        return next(s for s in self.life_stages if s.code == code)

    def expand_stages(self, codes: list[str]) -> list[str]:
        """Shortcuts replaced by their stages, in the vocabulary's order, without repeats."""
        wanted = set()
        for code in codes:
            wanted.update(self.life_stage_shortcuts.get(code, (code,)))
        return [s.code for s in self.life_stages if s.code in wanted]

    @classmethod
    def from_data(cls, data: dict) -> "Vocabulary":
        """From validated vocabulary.yml data."""
        def labels(key: str) -> dict[str, str]:
            return {t["code"]: t["label"] for t in data[key]}
        return cls(
            life_stages=tuple(LifeStage(t["code"], t["label"], t.get("question", t["label"]),
                                        float(t["age"]["min"]), float(t["age"]["max"]))
                              for t in data["life_stages"]),
            life_stage_shortcuts={k: tuple(v) for k, v in (data.get("life_stage_shortcuts") or {}).items()},
            categories=labels("categories"),
            audiences=labels("audiences"),
            accessibility=labels("accessibility"),
            languages=labels("languages"),
            language_native={t["code"]: t.get("native", t["label"]) for t in data["languages"]},
            barrierefrei=frozenset(t["code"] for t in data["accessibility"] if t.get("barrierefrei")),
        )
