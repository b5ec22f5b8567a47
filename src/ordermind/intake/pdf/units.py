"""Units of measure as written (`kg`, `Stück`, `litros`, `Units`) to UN/ECE
Recommendation 20 codes. Measurement units take their names in every language from
CLDR (babel: short, long and narrow forms); counting units (piece, box, pallet), which
CLDR does not name, come from the list below."""

from __future__ import annotations

import functools
import re

from .vocab import LANGUAGES, fold

# CLDR unit id -> Rec 20 code
_MEASURES = {
    "mass-kilogram": "KGM",
    "mass-gram": "GRM",
    "mass-milligram": "MGM",
    "mass-tonne": "TNE",
    "mass-pound": "LBR",
    "mass-ounce": "ONZ",
    "volume-liter": "LTR",
    "volume-milliliter": "MLT",
    "volume-centiliter": "CLT",
    "volume-cubic-meter": "MTQ",
    "volume-gallon": "GLL",
    "length-meter": "MTR",
    "length-centimeter": "CMT",
    "length-millimeter": "MMT",
    "length-kilometer": "KMT",
    "length-foot": "FOT",
    "length-inch": "INH",
    "area-square-meter": "MTK",
    "duration-hour": "HUR",
    "duration-minute": "MIN",
    "duration-day": "DAY",
    "duration-week": "WEE",
    "duration-month": "MON",
    "duration-year": "ANN",
}

# Counting units by language: piece, box, carton, pallet, pack, set, pair, roll, dozen.
_COUNTS = {
    "H87": (
        "pc",
        "pcs",
        "pce",
        "piece",
        "pieces",
        "unit",
        "units",
        "ea",
        "each",
        "stuk",
        "stuks",
        "st",
        "st.",
        "stk",
        "stk.",
        "stuck",
        "piece(s)",
        "pieza",
        "piezas",
        "pz",
        "ud",
        "ud.",
        "uds",
        "unidad",
        "unidades",
        "un",
        "un.",
        "unid",
        "unidade",
        "unidades",
        "peca",
        "pecas",
        "pce.",
        "u",
        "x",
    ),
    "BX": ("box", "boxes", "doos", "dozen (doos)", "karton", "schachtel", "boite", "caja", "caixa"),
    "CT": ("carton", "cartons", "ctn", "krt", "kartons", "carton(s)", "caja de carton"),
    "PF": ("pallet", "pallets", "plt", "palet", "palette", "paletten", "palete", "palete(s)"),
    "PK": ("pack", "packs", "pak", "pakken", "packung", "paquet", "paquete", "pacote", "pkt"),
    "SET": ("set", "sets", "satz", "jeu", "juego", "conjunto"),
    "PR": ("pair", "pairs", "paar", "paire", "par", "pares"),
    "RO": ("roll", "rolls", "rol", "rollen", "rolle", "rouleau", "rollo", "rolo"),
    "DZN": ("dozen", "dz", "dzn", "dutzend", "douzaine", "docena", "duzia"),
}


@functools.cache
def unit_words() -> dict[str, str]:
    """Folded unit word -> Rec 20 code."""
    from babel.units import get_unit_name

    out: dict[str, str] = {}
    for code, words in _COUNTS.items():
        for w in words:
            out.setdefault(fold(w), code)
    for unit, code in _MEASURES.items():
        for lang in LANGUAGES:
            for length in ("short", "long", "narrow"):
                try:
                    name = get_unit_name(unit, length=length, locale=lang)
                except Exception:
                    continue
                if name:
                    out.setdefault(fold(name).rstrip("."), code)
    for sym, code in (("l", "LTR"), ("lt", "LTR"), ("ltr", "LTR"), ("kgs", "KGM"), ("h", "HUR")):
        out.setdefault(sym, code)
    return out


def rec20(word: str | None) -> str | None:
    """The Rec 20 code of a unit word (or of a code already given), else None."""
    if not word:
        return None
    w = fold(word).strip(".:/() ")
    if re.fullmatch(r"[a-z0-9]{2,3}", w) and w.upper() in _CODES:
        return w.upper()
    return unit_words().get(w)


_CODES = frozenset({*_MEASURES.values(), *_COUNTS.keys(), "C62"})
