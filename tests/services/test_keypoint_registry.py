"""Key points: CSV import good and bad (line numbers, nothing imported), patrol status, units."""

from __future__ import annotations

import pytest

from dutyroom.i18n import explain
from dutyroom.model.errors import ValidationError
from dutyroom.model.keypoint import KeyPoint, KeyPointType, patrol_interval
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.keypoints import KeyPoints, patrol_age
from dutyroom.services.units import Units
from dutyroom.store import Create

HEADER = "type,name,district,responsible_unit,responsible_person,phone"
GOOD = "\n".join([
    f"{HEADER},town,patrol_interval_min,notes",
    "reservoir,沙河水库,城东区,区水务局,李明,13800000001,沙河镇,,小(一)型水库",
    "易涝点,人民路下穿通道,城西区,区住建局,王五,13800000002,,120,",
    'underpass,"建设路 ""下穿""",城西区,区交通局,赵六,13800000003,,,',
]) + "\n"


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "points.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_good_file(ctx, tmp_path):
    points = KeyPoints(ctx).import_csv(write(tmp_path, GOOD))
    assert [p.name for p in points] == ["沙河水库", "人民路下穿通道", '建设路 "下穿"']
    assert points[1].type == KeyPointType.WATERLOGGING_POINT, "the zh label is accepted"
    assert points[1].patrol_interval_min == 120 and points[0].town == "沙河镇"
    assert [p.id for p in KeyPoints(ctx).all()] == [1, 2, 3]
    assert any("导入重点部位 3 处" in e.text for e in DutyLog(ctx).all())


def test_import_gbk_and_bom(ctx, tmp_path):
    assert len(KeyPoints(ctx).import_csv(write(tmp_path, GOOD, "gb18030"))) == 3
    other = tmp_path / "bom.csv"
    other.write_bytes(("\ufeff" + HEADER + "\nriver,清河,城北区,河长办,孙七,1\n").encode())
    assert len(KeyPoints(ctx).import_csv(other)) == 1


@pytest.mark.parametrize("text,line,words", [
    (GOOD + "volcano,火山,城东区,x,y,1\n", 5, ["volcano"]),
    (GOOD.replace("reservoir,沙河水库", "reservoir,"), 2, ["名称"]),
    (GOOD + "river,清河,城北区,x,y,1,,,,extra\n", 5, ["10"]),
    (GOOD + "reservoir,沙河水库,城东区,x,y,1,,,\n", 5, ["沙河水库"]),
    (GOOD.replace(",120,", ",-5,"), 3, ["-5"]),
    (GOOD.replace("reservoir,沙河水库", "river,沙河\x1b[2J水库") + "reservoir,\"未结束,1,2\n", 5, []),
])
def test_bad_row_names_its_line_and_nothing_is_imported(ctx, tmp_path, text, line, words):
    before = ctx.store.revision()
    with pytest.raises(ValidationError) as caught:
        KeyPoints(ctx).import_csv(write(tmp_path, text))
    assert caught.value.params["line"] == line
    message = explain(caught.value)
    assert f"第 {line} 行" in message and "均未导入" in message or "未导入" in message
    for word in words:
        assert word in message
    assert KeyPoints(ctx).all() == [] and ctx.store.revision() == before


def test_bad_header_and_empty_file(ctx, tmp_path):
    with pytest.raises(ValidationError) as caught:
        KeyPoints(ctx).import_csv(write(tmp_path, "type,name,phone,colour\nriver,x,1,red\n"))
    assert caught.value.key == "error.csv_header" and "colour" in explain(caught.value)
    assert "district" in caught.value.params["missing"]
    with pytest.raises(ValidationError) as caught:
        KeyPoints(ctx).import_csv(write(tmp_path, HEADER + "\n"))
    assert caught.value.key == "error.csv_empty"
    with pytest.raises(ValidationError):
        KeyPoints(ctx).import_csv(tmp_path / "missing.csv")
    assert KeyPoints(ctx).all() == []


def test_importing_the_same_file_twice_is_refused(ctx, tmp_path):
    KeyPoints(ctx).import_csv(write(tmp_path, GOOD))
    with pytest.raises(ValidationError) as caught:
        KeyPoints(ctx).import_csv(write(tmp_path, GOOD))
    assert caught.value.params["line"] == 2 and len(KeyPoints(ctx).all()) == 3


def test_patrol_interval_is_shorter_at_higher_response_levels():
    point = KeyPoint(type=KeyPointType.RESERVOIR, name="沙河水库")
    minutes = [patrol_interval(point, level) for level in ("none", "IV", "III", "II", "I")]
    assert minutes == sorted(minutes, reverse=True) and len(set(minutes)) == 5
    assert minutes[0] == 720 and minutes[-1] == 60
    own = KeyPoint(type=KeyPointType.RESERVOIR, name="x", patrol_interval_min=240)
    assert patrol_interval(own, "none") == 240 and patrol_interval(own, "I") == 30
    assert patrol_interval(point, "IV", base={"reservoir": 100}, factor={"IV": 0.1}) == 30, "floor"


def test_last_patrolled_and_overdue(ctx, clock):
    service = KeyPoints(ctx)
    point = service.add(type="reservoir", name="沙河水库", district="城东区")
    other = service.add(type="bridge", name="清河大桥")
    log = DutyLog(ctx)
    log.add("沙河水库巡查正常", kind="patrol", keypoint_id=point.id, at="-3h")
    log.add("沙河水库 水位 21.3m", kind="reading", keypoint_id=point.id)  # not a patrol
    log.add("巡查沙河水库:正常", kind="patrol", keypoint_id=point.id, at="-5h")  # older, typed late
    clock.advance(hours=1)
    status = {s.point.id: s for s in service.patrol_status()}
    assert status[point.id].last_patrol_at == clock.now().shift(hours=-4)
    assert patrol_age(status[point.id], clock.now()) == "4 小时前巡查"
    assert status[point.id].interval_min == 720 and not status[point.id].overdue
    assert status[other.id].last_patrol_at is None
    assert patrol_age(status[other.id], clock.now()) == "无巡查记录"
    # A response level in force shortens the interval: level II gives 720/6 = 120 min.
    ctx.store.commit([Create("status", {"response": "II", "warnings": []})])
    status = {s.point.id: s for s in service.patrol_status()}
    assert status[point.id].interval_min == 120 and status[point.id].overdue
    log.add("沙河水库巡查正常", kind="patrol", keypoint_id=point.id)
    status = {s.point.id: s for s in service.patrol_status()}
    assert not status[point.id].overdue and patrol_age(status[point.id], clock.now()) == "0 分钟前巡查"


def test_unit_directory_is_seeded_once_and_resolves_names(ctx):
    units = Units(ctx).ensure_defaults()
    kinds = {u.kind.value for u in units}
    assert {"flood_command", "water_resources", "emergency_management", "police", "civil_affairs",
            "transport", "health", "power", "telecom", "fire_rescue", "commando",
            "volunteer"} <= kinds
    assert len(Units(ctx).ensure_defaults()) == len(units)
    service = Units(ctx)
    assert service.resolve("水务").kind.value == "water_resources"
    assert service.resolve("fire_rescue").name == "消防救援大队"
    assert service.resolve(str(units[0].id)).id == units[0].id
    point = KeyPoints(ctx).add(type="river", name="清河")
    team = service.add(kind="commando", name="沙河镇党员突击队", phone="13900000000",
                       zone_keypoints=[point.id], zone_area="沙河镇沿河村组")
    assert service.responsible_for(point.id) == [team]
    with pytest.raises(ValidationError) as caught:
        service.resolve("突击队")
    assert caught.value.key == "error.unit_ambiguous"
    with pytest.raises(ValidationError):
        service.resolve("不存在的单位")
    with pytest.raises(ValidationError):
        service.add(kind="commando", name="x", zone_keypoints=[99])
    with pytest.raises(ValidationError):
        service.add(kind="spaceship", name="x")
