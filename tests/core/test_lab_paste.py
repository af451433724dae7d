"""Lab results pasted as text (issue 17): the pure parser of leukodesk.core.contract.lab_paste
with real-looking exports. Every row understood is checked against the text, every line
not read is named with its number and why, and nothing is guessed: an ambiguous date or a
number that could group thousands is refused until the user says how to read it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leukodesk.core import assess
from leukodesk.core.contract.lab_cells import read_clock, read_count, read_time, typed_time
from leukodesk.core.contract.lab_names import column_role, header_unit
from leukodesk.core.contract.lab_paste import (
    LineProblem,
    PastedRow,
    parse_lab_paste,
    split_duplicates,
)

# A cumulative report copied from a German lab system: tabs, a header with units,
# a time-of-day column, decimal commas, flags after values, a column not read.
LIS_TAB = (
    "Datum\tUhrzeit\tLeukozyten (/nl)\tNeutrophile abs. (/nl)\tThrombozyten (/nl)\tHb (g/dl)"
    "\tCRP (mg/l)\n"
    "09.03.2026\t08:15\t4,1\t2,6\t210\t12,1\t3\n"
    "10.03.2026\t07:50\t3,8\t2,2\t190\t11,9\t5\n"
    "11.03.2026\t08:05\t3,1\t1,6 L\t165\t11,4\t8\n"
    "12.03.2026\t\t2,6\t1,2 L\t120\t10,6\t12\n"
)
# A spreadsheet saved as German CSV: semicolons, decimal commas, dates with times in one
# column, an empty cell (not measured).
GERMAN_CSV = (
    "Abnahme;Leuko;Neutro abs;Thrombo;Hämoglobin\n"
    "01.03.2026 09:30;5,2;3,4;250;13,0\n"
    "03.03.2026 09:10;3,0;1,8;;12,4\n"
    "05.03.2026 08:45;1,1;0,35;88;11,2\n"
)
# An export in English: commas, ISO date-times, decimal points, a typo on line 4.
ENGLISH_CSV = (
    "Collected,WBC,ANC,PLT,Hb\n"
    "2026-03-10T08:00,3.9,2.1,180,11.2\n"
    "2026-03-12T08:30,2.6,1.2,120,10.6\n"
    "2026-03-13T07:45,2.0,0,8,1,101\n"
    "2026-03-13T19:00,1.7,0.6,90,10.1\n"
)


def rows(result) -> list[tuple[int, str, dict[str, str]]]:
    return [(r.line, r.time, dict(r.values)) for r in result.rows]


def whys(result) -> list[str]:
    return [str(p) for p in result.lines_not_read]


def test_a_tab_separated_lab_table_with_a_header():
    result = parse_lab_paste(LIS_TAB)
    assert result.separator == "tab" and result.header_line == 1
    assert result.columns == ("time", "clock", "wbc", "anc", "platelets", "hemoglobin_g_dl",
                              None)
    assert rows(result) == [
        (2, "2026-03-09T08:15", {"wbc": "4.1", "anc": "2.6", "platelets": "210",
                                 "hemoglobin_g_dl": "12.1"}),
        (3, "2026-03-10T07:50", {"wbc": "3.8", "anc": "2.2", "platelets": "190",
                                 "hemoglobin_g_dl": "11.9"}),
        (4, "2026-03-11T08:05", {"wbc": "3.1", "anc": "1.6", "platelets": "165",
                                 "hemoglobin_g_dl": "11.4"}),
        (5, "2026-03-12", {"wbc": "2.6", "anc": "1.2", "platelets": "120",
                           "hemoglobin_g_dl": "10.6"})]   # no time of day: the date alone
    assert result.lines_not_read == () and result.problems == ()
    assert "not read: CRP (mg/l)" in result.notes
    assert "decimal commas read as decimal points" in result.notes
    assert result.header_units == {"wbc": "10^9/L", "anc": "10^9/L", "platelets": "10^9/L",
                                   "hemoglobin_g_dl": "g/dL"}


def test_german_decimal_commas_with_semicolons():
    result = parse_lab_paste(GERMAN_CSV)
    assert result.separator == "semicolon"
    assert rows(result) == [
        (2, "2026-03-01T09:30", {"wbc": "5.2", "anc": "3.4", "platelets": "250",
                                 "hemoglobin_g_dl": "13.0"}),
        (3, "2026-03-03T09:10", {"wbc": "3.0", "anc": "1.8", "hemoglobin_g_dl": "12.4"}),
        (4, "2026-03-05T08:45", {"wbc": "1.1", "anc": "0.35", "platelets": "88",
                                 "hemoglobin_g_dl": "11.2"})]
    assert result.lines_not_read == ()


def test_a_csv_with_iso_date_times_and_a_row_with_a_typo():
    result = parse_lab_paste(ENGLISH_CSV)
    assert result.separator == "comma"
    assert [r.line for r in result.rows] == [2, 3, 5]
    assert whys(result) == ["line 4: '2.0,0,8,1,101' has 5 numbers for 4 columns (a "
                            "decimal comma in comma-separated text? use decimal points or "
                            "semicolons)"]


def test_the_line_with_a_typo_is_named_in_the_words_of_the_issue():
    result = parse_lab_paste("Date,WBC,ANC\n2026-03-12,3.1,1.5\n2026-03-13,0,8,1\n")
    assert whys(result) == ["line 3: '0,8,1' has 3 numbers for 2 columns (a decimal comma "
                            "in comma-separated text? use decimal points or semicolons)"]
    assert [r.line for r in result.rows] == [2]


@pytest.mark.parametrize("line, why", [
    ("yesterday\t2,1\t0,8", "'yesterday' is not a date (2026-03-14, 14.03.2026 or "
                            "14/03/2026, with an optional time 09:30)"),
    ("31.02.2026\t2,1\t0,8", "'31.02.2026' is not a date (there is no such day)"),
    ("12.03.2026 25:10\t2,1\t0,8", "'12.03.2026 25:10': 25:10 is not a time of day"),
    ("\t2,1\t0,8", "no date"),
    ("12.03.2026\t2,1x\t0,8", "WBC '2,1x' is not a number"),
    ("12.03.2026\t2,1\t<0,1", "ANC '<0,1' is not an exact value"),
    ("12.03.2026\t\t0,8", "2026-03-12: no WBC (every earlier count needs its WBC)"),
    ("12.03.2026\t1.500\t0,8", "WBC '1.500' could be 1500 or 1.500: write it without a "
                               "thousands separator"),
], ids=["words", "no-such-day", "no-such-hour", "no-date", "typo", "inexact", "no-wbc",
        "thousands"])
def test_each_line_not_read_says_why(line: str, why: str):
    result = parse_lab_paste(f"Datum\tLeukozyten\tNeutrophile abs.\n12.03.2026 08:00\t2,2\t1,1"
                             f"\n{line}\n")
    assert [r.line for r in result.rows] == [2]
    assert whys(result) == [f"line 3: {why}"]


def test_an_ambiguous_date_is_not_guessed():
    text = "Date;WBC;ANC\n03/04/2026;2,1;0,8\n14/03/2026;1,9;0,7\n"
    result = parse_lab_paste(text)
    assert whys(result) == ["line 2: '03/04/2026' could be 3 April or 4 March: choose the "
                            "date order"]
    assert result.date_order_needed and result.order_seen == "dmy"   # offered, not taken
    assert rows(result) == [(3, "2026-03-14", {"wbc": "1.9", "anc": "0.7"})]
    day_first = parse_lab_paste(text, date_order="dmy")
    assert [r.time for r in day_first.rows] == ["2026-04-03", "2026-03-14"]
    month_first = parse_lab_paste(text, date_order="mdy")
    assert [r.time for r in month_first.rows] == ["2026-03-04"]   # 14/03 is no month-first date
    assert whys(month_first) == ["line 3: '14/03/2026' is not a date in the order chosen "
                                 "(month 14)"]


def test_an_empty_paste_and_a_header_only_import_nothing_and_say_so():
    empty = parse_lab_paste(" \n\t\n")
    assert empty.rows == () and empty.problems == (
        "Nothing to read: paste the lab results (a line per date) into the box.",)
    header = parse_lab_paste("Datum\tLeukozyten\tNeutrophile abs.\n")
    assert header.rows == () and header.problems == (
        "Only a header: there are no lines of counts below it.",)
    assert header.columns == ("time", "wbc", "anc")


def test_without_a_header_the_user_assigns_the_columns():
    text = "2026-03-12;3,1;1,5;140\n2026-03-13;2,8;1,1;120\n"
    unassigned = parse_lab_paste(text)
    assert unassigned.rows == () and unassigned.columns[0] == "time"   # dates, by content
    assert unassigned.problems == ("No WBC column (every earlier count needs its WBC): name "
                                   "it in a header (WBC, Leukozyten …) or assign it above.",)
    assigned = parse_lab_paste(text, columns={1: "wbc", 2: "anc", 3: "platelets"})
    assert rows(assigned) == [(1, "2026-03-12", {"wbc": "3.1", "anc": "1.5", "platelets": "140"}),
                              (2, "2026-03-13", {"wbc": "2.8", "anc": "1.1", "platelets": "120"})]
    skipped = parse_lab_paste(text, columns={1: "wbc", 2: None})
    assert rows(skipped)[0][2] == {"wbc": "3.1"}
    assert "not read: column 3, column 4" in skipped.notes


def test_a_user_assignment_wins_over_the_header():
    text = "Datum\tLeuko\tNeutrophile\n12.03.2026\t3,1\t1,5\n"
    # "Neutrophile" alone does not say absolute or %: not read until the user says so
    assert parse_lab_paste(text).columns == ("time", "wbc", None)
    assert "not read: Neutrophile" in parse_lab_paste(text).notes
    assert rows(parse_lab_paste(text, columns={2: "anc"}))[0][2] == {"wbc": "3.1", "anc": "1.5"}


def test_a_differential_in_percent():
    text = "Date\tWBC\tSegs\tBands\n2026-03-12\t2.0\t40\t5\n"
    assert rows(parse_lab_paste(text)) == [(2, "2026-03-12", {
        "wbc": "2.0", "differential.segs_pct": "40", "differential.bands_pct": "5"})]
    both = parse_lab_paste("Date\tWBC\tANC\tSegs\n2026-03-12\t2.0\t0.8\t40\n")
    assert rows(both)[0][2] == {"wbc": "2.0", "anc": "0.8"}
    assert "segmented and band % not read: the ANC column gives the neutrophils" in both.notes


def test_two_lines_at_one_time_keep_the_first():
    result = parse_lab_paste("Date,WBC\n2026-03-12,3\n2026-03-12T00:00,2\n2026-03-12T08:00,1\n")
    assert [r.line for r in result.rows] == [2, 4]
    assert whys(result) == ["line 3: 2026-03-12T00:00 is the same time as line 2 (a date "
                            "alone counts as 00:00)"]


def test_lines_lined_up_by_spaces_and_slash_dates_with_am_pm():
    text = ("Date/Time             WBC    ANC\n"
            "03/14/2026 9:30 PM    2.1    0.9\n"
            "03/15/2026 6:05 AM    1.8    0.7\n")
    result = parse_lab_paste(text)
    assert result.separator == "spaces" and result.order_seen == "mdy"
    assert [r.time for r in result.rows] == ["2026-03-14T21:30", "2026-03-15T06:05"]


def test_decimal_points_and_a_thousands_group_beside_them():
    # With decimal points established, "1.500" is 1.5; a comma group "1,500" is refused.
    result = parse_lab_paste("Date;WBC;PLT\n2026-03-12;1.500;1,500\n2026-03-13;2.25;150\n")
    assert whys(result) == ["line 2: Platelets '1,500' could be 1500 or 1.500: write it "
                            "without a thousands separator"]
    assert rows(result) == [(3, "2026-03-13", {"wbc": "2.25", "platelets": "150"})]
    points = parse_lab_paste("Date;WBC\n2026-03-12;1.500\n2026-03-13;2.25\n")
    assert rows(points)[0][2] == {"wbc": "1.500"}


def test_a_cumulative_report_with_one_column_per_date_is_read_across():
    text = ("Parameter\t12.03.2026 08:00\t13.03.2026 07:30\t14.03.2026\t14.03.2026\n"
            "Leukozyten (/nl)\t3,1\t2,4\t1,9\t1,8\n"
            "Neutrophile abs. (/nl)\t1,6\tx\t1,0\t0,9\n"
            "Thrombozyten (/nl)\t140\t120\t101\t99\n"
            "CRP (mg/l)\t5\t8\t12\t13\n")
    result = parse_lab_paste(text)
    assert result.across and result.columns == ("time", "wbc", "anc", "platelets", None)
    assert rows(result) == [
        (2, "2026-03-12T08:00", {"wbc": "3.1", "anc": "1.6", "platelets": "140"}),
        (4, "2026-03-14", {"wbc": "1.9", "anc": "1.0", "platelets": "101"})]
    assert whys(result) == ["column 3: ANC 'x' is not a number",
                            "column 5: 2026-03-14 is the same time as column 4 (a date alone "
                            "counts as 00:00)"]
    assert "read across: one column per date, the names in the first column" in result.notes


def test_two_digit_years_are_read_and_said():
    result = parse_lab_paste("Datum;Leuko\n12.03.26;3,1\n")
    assert rows(result) == [(2, "2026-03-12", {"wbc": "3.1"})]
    assert "two-digit years read as 20yy (line 2)" in result.notes


@pytest.mark.parametrize("name, role", [
    ("WBC", "wbc"), ("Leukozyten", "wbc"), ("Leuko", "wbc"), ("Leukozyten [/nl]", "wbc"),
    ("ANC", "anc"), ("Neutrophile abs.", "anc"), ("Neutro abs", "anc"), ("NEUT#", "anc"),
    ("Neutrophile (/nl)", "anc"), ("Neutrophile %", None), ("Neutrophile", None),
    ("PLT", "platelets"), ("Thrombozyten", "platelets"), ("Thrombo", "platelets"),
    ("Hb", "hemoglobin_g_dl"), ("Hämoglobin", "hemoglobin_g_dl"), ("HGB", "hemoglobin_g_dl"),
    ("Segmentkernige", "differential.segs_pct"), ("Stabkernige %", "differential.bands_pct"),
    ("Datum", "time"), ("Entnahmezeit", "time"), ("CRP", None), ("MCV", None)])
def test_header_names(name: str, role: str | None):
    assert column_role(name) == role


@pytest.mark.parametrize("role, name, unit", [
    ("wbc", "Leukozyten (/nl)", "10^9/L"), ("wbc", "WBC x10^9/L", "10^9/L"),
    ("platelets", "PLT (/µl)", "cells/uL"), ("hemoglobin_g_dl", "Hb (g/l)", "g/L"),
    ("hemoglobin_g_dl", "Hb (mmol/l)", "mmol/L"), ("wbc", "WBC", None)])
def test_units_a_header_states(role: str, name: str, unit: str | None):
    assert header_unit(role, name) == unit


@pytest.mark.parametrize("text, order, iso", [
    ("2026-03-14", None, "2026-03-14"), ("2026-03-14 09:30", None, "2026-03-14T09:30"),
    ("2026-03-14T09:30:15", None, "2026-03-14T09:30:15"), ("14.03.2026", None, "2026-03-14"),
    ("4.3.2026 9:05", None, "2026-03-04T09:05"), ("14.03.2026, 09:30 Uhr", None,
                                                  "2026-03-14T09:30"),
    ("14/03/2026", None, "2026-03-14"), ("03/14/2026", None, "2026-03-14"),
    ("03/03/2026", None, "2026-03-03"), ("03/04/2026", "dmy", "2026-04-03"),
    ("03/04/2026", "mdy", "2026-03-04"), ("3/14/2026 12:15 am", None, "2026-03-14T00:15"),
    ("03/04/2026", None, None), ("2026-13-01", None, None), ("14.3.", None, None)])
def test_reading_a_time(text: str, order, iso: str | None):
    assert read_time(text, order).iso == iso


def test_times_of_day_and_typed_times():
    assert read_clock("9:30") == "09:30" and read_clock("21:05:09") == "21:05:09"
    assert read_clock("09:30 Uhr") == "09:30" and read_clock("24:00") is None
    assert read_clock("2026-03-14") is None
    # The window's typed times: ISO or dotted become ISO; a slash date stays for the core
    assert typed_time(" 14.03.2026 09:30 ") == "2026-03-14T09:30"
    assert typed_time("2026-03-14 9:30") == "2026-03-14T09:30"
    assert typed_time("03/04/2026") == "03/04/2026" and typed_time("12.03.26") == "12.03.26"
    assert typed_time("tomorrow") == "tomorrow"


@pytest.mark.parametrize("text, mark, value, refused", [
    ("2,1", ",", "2.1", False), ("2.1", ",", "2.1", False), ("0,875", None, "0.875", False),
    ("1,500", ",", "1.500", False), ("1,500", ".", None, True), ("1,500", None, None, True),
    ("1234,5", None, "1234.5", False), ("150", None, "150", False), ("2,1 L", ",", "2.1",
                                                                        False),
    ("12,4*", ",", "12.4", False), ("n.d.", None, None, False), ("-", None, None, False),
    ("", None, None, False), ("abc", None, None, True), (">1000", None, None, True)])
def test_reading_a_count(text: str, mark, value, refused: bool):
    got = read_count(text, mark)
    assert got.value == value and bool(got.why) == refused


def test_rows_whose_time_is_taken_are_left_out_and_named():
    pasted = (PastedRow(2, "2026-03-12", {"wbc": "3"}), PastedRow(3, "2026-03-13T08:00",
                                                                  {"wbc": "2"}),
              PastedRow(4, "2026-03-14T09:00", {"wbc": "1"}))
    kept, dropped = split_duplicates(pasted, {"2026-03-12T00:00": "row 1",
                                              "2026-03-14T09:00": "the current counts",
                                              "not a time": "row 2"})
    assert [r.line for r in kept] == [3]
    assert dropped == (
        LineProblem(2, "2026-03-12 is already in the table (row 1, 2026-03-12T00:00): not "
                       "imported"),
        LineProblem(4, "2026-03-14T09:00 is already in the table (the current counts, "
                       "2026-03-14T09:00): not imported"))


def test_rows_understood_are_history_rows_the_core_takes():
    result = parse_lab_paste(LIS_TAB)
    doc = {"wbc": 2.0, "anc": 0.9, "counts_time": "2026-03-13T08:00",
           "history": [{"time": r.time, **r.values} for r in result.rows]}
    trend = assess(doc).trend
    assert trend is not None and trend.direction == "falling"
    assert trend.anc_delta == pytest.approx(-0.3)


CELL = st.one_of(st.sampled_from(["2026-03-12", "12.03.2026 08:00", "03/04/2026", "2,1",
                                  "0.8", "1.500", "WBC", "ANC", "Datum", "", "x", "<1"]),
                 st.text(max_size=6))


@given(st.lists(st.lists(CELL, max_size=6), max_size=8), st.sampled_from(["\t", ";", ","]),
       st.sampled_from([None, "dmy", "mdy"]))
def test_every_line_is_read_or_named_and_nothing_crashes(grid, separator, order):
    text = "\n".join(separator.join(cells) for cells in grid)
    result = parse_lab_paste(text, date_order=order)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    accounted = [r.line for r in result.rows] + [p.line for p in result.lines_not_read]
    assert len(accounted) == len(set(accounted))
    if result.problems:   # nothing read at all, and the reason given
        assert result.rows == ()
    elif not result.across:   # (read across, the numbers count columns)
        assert sorted(accounted + [result.header_line] * (result.header_line is not None)) \
            == lines
    for row in result.rows:
        assert read_time(row.time).iso == row.time and "wbc" in row.values
