"""Small hand-made collaboration histories for the partner-suggestion tests."""

from __future__ import annotations

from sme2go.collaboration.history import History, Participation, build_history

# organisation -> (country, type)
ORGS = {
    "100": ("EE", "PRC"),
    "200": ("FI", "PRC"),
    "300": ("SE", "PRC"),
    "400": ("DE", "REC"),
    "500": ("FI", "HES"),
    "600": ("EE", "PRC"),
    "700": ("SE", "PRC"),
    "800": ("FI", "PRC"),
}
# project -> (start year, programme parts, members; the first member coordinates)
PROJECTS = {
    "p1": (2015, ("SC4",), ("400", "100", "200")),
    "p2": (2016, ("SC4", "LEIT"), ("400", "500", "300")),
    "p3": (2016, ("SC3",), ("500", "600")),
    "p4": (2017, ("LEIT",), ("200", "700", "400", "500")),
    "p5": (2017, ("SC4",), ("800",)),
    "p6": (2019, ("SC4",), ("400", "100", "300", "600")),
}


def history(projects: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] | None = None,
            orgs: dict[str, tuple[str, str]] | None = None) -> History:
    projects = PROJECTS if projects is None else projects
    orgs = ORGS if orgs is None else orgs
    rows = [
        Participation(rcn=rcn, pic=pic, role="coordinator" if i == 0 else "participant",
                      type=orgs[pic][1], country=orgs[pic][0], start_year=year)
        for rcn, (year, _, members) in projects.items()
        for i, pic in enumerate(members)
    ]
    parts = [(rcn, part) for rcn, (_, ps, _) in projects.items() for part in ps]
    return build_history(rows, parts)
