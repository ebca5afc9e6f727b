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
class Translation:
    """One term of the vocabulary in one more language (content/vocabulary.<code>.yml)."""
    label: str
    question: str = ""
    synonyms: tuple[str, ...] = ()


SECTIONS = ("life_stages", "categories", "audiences", "accessibility")  # translated per language


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
    synonyms: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (section, code): German
    # language -> (section, code) -> the term in that language
    translations: dict[str, dict[tuple[str, str], Translation]] = field(default_factory=dict)

    def _german(self, section: str, code: str) -> str:
        if section == "life_stages":
            return self.stage(code).label
        return getattr(self, section).get(code, code)

    def label(self, section: str, code: str, lang: str = "de") -> str:
        """A term's label in a language; German where that language has none."""
        t = self.translations.get(lang, {}).get((section, code))
        return t.label if t else self._german(section, code)

    def question(self, code: str, lang: str = "de") -> str:
        t = self.translations.get(lang, {}).get(("life_stages", code))
        return t.question if t and t.question else (t.label if t else self.stage(code).question)

    def search_words(self, section: str, code: str, lang: str = "de") -> list[str]:
        """Label and everyday synonyms of a term, for the search in that language."""
        words = [self.label(section, code, lang)]
        if lang == "de":
            return words + list(self.synonyms.get((section, code), ()))
        t = self.translations.get(lang, {}).get((section, code))
        return words + list(t.synonyms if t else ())

    def codes_of(self, section: str) -> list[str]:
        return self.life_stage_codes if section == "life_stages" else list(getattr(self, section))

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
            synonyms={(key, t["code"]): tuple(t["synonyms"]) for key in SECTIONS for t in data[key]
                      if t.get("synonyms")},
        )

    @staticmethod
    def translation_from_data(data: dict) -> dict[tuple[str, str], Translation]:
        """From a validated vocabulary.<code>.yml."""
        return {(key, code): Translation(t["label"], t.get("question", ""), tuple(t.get("synonyms") or ()))
                for key in SECTIONS for code, t in (data.get(key) or {}).items()}
