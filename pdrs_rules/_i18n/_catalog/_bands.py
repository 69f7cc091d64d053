"""The Russian catalog: band sets of indicators and their checks (see the package for the format)."""

# The entries are long pattern/template pairs; cut to 100 columns they stop reading as pairs.
# ruff: noqa: E501

from __future__ import annotations

from ._common import _Q

__all__ = ["BANDS"]

BANDS: tuple[tuple[str, str], ...] = (
    # --- bands (_compile/_bands.py) ---
    (r"the value (?P<v>\S+) falls in no band", "значение {v:n} не попадает ни в одну полосу"),
    (
        r"the value (?P<v>\S+) is in no band \(below in band (?P<a>\d+), above in band (?P<b>\d+)\)",
        "значение {v:n} не попадает ни в одну полосу (ниже — полоса {a}, выше — полоса {b})",
    ),
    (
        (
            r"the value (?P<v>\S+) is in two bands \((?P<k1>\w+) in band (?P<a>\d+) and (?P<k2>\w+) in "
            r"band (?P<b>\d+)\)"
        ),
        "значение {v:n} попадает в две полосы ({k1} в полосе {a} и {k2} в полосе {b})",
    ),
    (rf"use (?P<v>{_Q})", "используйте {v}"),
    (
        r"band (?P<a>\d+) has no upper bound and band (?P<b>\d+) no lower bound",
        "у полосы {a} нет верхней границы, а у полосы {b} — нижней",
    ),
    (
        r"list bands in ascending order of value, lowest first",
        "перечислите полосы по возрастанию значений, начиная с наименьших",
    ),
    (
        r"no value can be in this band: (?P<k1>\w+) (?P<a>\S+) and (?P<k2>\w+) (?P<b>\S+)",
        "в эту полосу не может попасть ни одно значение: {k1} {a:n} и {k2} {b:n}",
    ),
    (
        (
            r"with better: (?P<dir>higher|lower), an? (?P=dir) value must not get a worse level, but "
            rf"band (?P<a>\d+) \((?P<la>{_Q})\) is worse than band (?P<b>\d+) \((?P<lb>{_Q})\)"
        ),
        (
            "при better: {dir} значение лучше не может получать худший уровень, но полоса {a} "
            "({la:q}) хуже полосы {b} ({lb:q})"
        ),
    ),
)
