"""The CSV checks every import shares (dutyroom/services/csv_import.py): key points, contacts,
stations and reading batches refuse the same faults alike, naming the line, importing nothing."""

from __future__ import annotations

import pytest

from dutyroom.i18n import explain, set_language
from dutyroom.model.errors import ValidationError
from dutyroom.services.contacts import Contacts
from dutyroom.services.csv_import import csv_rows
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.stations import Stations

GOOD_ROWS = {
    "keypoint": ("type,name,district,responsible_unit,responsible_person,phone",
                 "reservoir,沙河水库,城东区,区水务局,李明,13800000001"),
    "contact": ("level,area,parent,name,role,phone", "town,河口镇,青山县,王镇长,镇长,13900000002"),
    "station": ("name,kind", "清水河,river"),
}


def import_file(ctx, what, path):
    if what == "keypoint":
        return KeyPoints(ctx).import_csv(path)
    if what == "contact":
        return Contacts(ctx).import_csv(path)
    return Stations(ctx).import_csv(path)


@pytest.mark.parametrize("what", sorted(GOOD_ROWS))
@pytest.mark.parametrize("fault, line", [
    ("{row},extra,cells", 4),           # more cells than the header
    ('"unterminated,1', 4),            # malformed quoting
])
def test_every_import_refuses_the_same_fault_at_its_line(ctx, tmp_path, what, fault, line):
    set_language("en")
    header, row = GOOD_ROWS[what]
    path = tmp_path / "in.csv"
    path.write_text(f"{header}\n{row}\n\n" + fault.format(row=row) + "\n", encoding="utf-8")
    before = ctx.store.revision()
    with pytest.raises(ValidationError) as caught:
        import_file(ctx, what, path)
    assert caught.value.params["line"] == line
    message = explain(caught.value)
    assert message.startswith(f"Line {line} ") and "imported" in message
    assert ctx.store.revision() == before


def test_rows_skip_blank_lines_pad_short_ones_and_map_header_words():
    text = "\ufeff姓名, Area ,phone\n\n李明,城东区\n , ,\n王五,城西区,139\n"
    rows = list(csv_rows(text, ("name", "area", "phone"), ("name",), source="-", header_error="contact.error.header",
                         words={"姓名": "name"}))
    assert rows == [(3, {"name": "李明", "area": "城东区", "phone": ""}),
                    (5, {"name": "王五", "area": "城西区", "phone": "139"})]


@pytest.mark.parametrize("header", ["name,name", "name,colour", "area"])
def test_a_bad_header_is_refused_with_the_imports_own_message(header):
    with pytest.raises(ValidationError) as caught:
        list(csv_rows(f"{header}\nx,y\n", ("name", "area"), ("name",), source="-",
                      header_error="error.station_csv_header"))
    assert caught.value.key == "error.station_csv_header" and caught.value.params["expected"] == "name,area"
