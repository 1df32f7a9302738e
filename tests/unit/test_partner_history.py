"""Reading CORDIS-format participation and programme-part files."""

from __future__ import annotations

import gzip
import io

import pytest

from sme2go.collaboration.history import HistoryError, load_history, read_participations

HEADER = "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost,start_year,end_year,duration,group,nunique\n"


def participations(*rows: str) -> io.StringIO:
    return io.StringIO(HEADER + "".join(r + "\n" for r in rows))


def row(rcn: str, pic: str, *, role: str = "participant", type_: str = "PRC", country: str = "FI", year: str = "2017.0") -> str:
    return f"{rcn},{role},{pic},{type_},1.0,{country},,,,,{year},,,eu15,3"


def test_it_reads_projects_members_parts_and_years(tmp_path):
    path = tmp_path / "p.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(HEADER + row("1", "0999", role="coordinator") + "\n" + row("1", "2", country="EE") + "\n"
                + row("2", "2", year="2018.0") + "\n")
    parts = io.StringIO("rcn,programme_part\n1,SC4\n1,Innovation in SMEs\n2,LEIT\n")
    h = load_history(path, parts)
    assert h.pics == ("0999", "2")
    assert h.countries == ("FI", "EE")
    assert h.project_parts == (("SC4", "Innovation in SMEs"), ("LEIT",))
    assert list(h.project_years) == [2017, 2018]
    assert [h.pics[o] for o in h.members(0)] == ["0999", "2"]
    assert list(h.projects_of(1)) == [0, 1]
    assert bool(h.project_coordinator[0]) and not bool(h.project_coordinator[1])


def test_it_keeps_only_projects_up_to_a_year():
    h = load_history(participations(row("1", "a"), row("1", "b"), row("2", "c", year="2018.0")))
    assert h.until(2017).project_ids == ("1",)
    assert h.until(2017).pics == ("a", "b")
    assert h.until(2016).project_count == 0


def test_it_names_the_line_and_field_of_a_bad_row():
    with pytest.raises(HistoryError, match="line 3: field start_year is not a year"):
        read_participations(participations(row("1", "a"), row("1", "b", year="soon")))
    with pytest.raises(HistoryError, match="line 2: field pic is empty"):
        read_participations(participations(row("1", "")))


def test_it_names_missing_columns():
    with pytest.raises(HistoryError, match="missing column.*start_year"):
        read_participations(io.StringIO("rcn,role,pic,type,country\n1,participant,2,PRC,FI\n"))
