from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from bot.cases import courses

TODAY = date(2026, 11, 21)


@pytest.fixture
def catalogue(db_url):
    courses.load_courses(db_url=db_url)
    return db_url


def test_catalogue_loads_idempotently_with_enough_courses(catalogue):
    counts = courses.load_courses(db_url=catalogue)
    assert counts["added"] == 0 and counts["unchanged"] >= 20


def test_search_by_trade_word_and_city_puts_the_city_first(catalogue):
    found = courses.search("电焊", "东莞", today=TODAY, db_url=catalogue)
    assert found and "焊" in found[0].title and found[0].city == "东莞"


def test_online_only(catalogue):
    found = courses.search(None, courses.ONLINE, today=TODAY, db_url=catalogue)
    assert found and all(v.mode == "online" for v in found)


def test_free_text_finds_the_trade_and_city(catalogue):
    skills, cities = courses.catalogue_terms(db_url=catalogue)
    assert courses.find_skill("想考个叉车证 在郑州", skills) is not None
    assert courses.find_city("想考个叉车证 在郑州", cities) == "郑州"
    assert courses.find_city("有没有网上能学的", cities) == courses.ONLINE


def test_full_course_and_duplicate_enrolment_are_handled_honestly(catalogue):
    full = courses.enrol("gz-diangong-fushen-2612", name="王五", phone="13800000001", today=TODAY, db_url=catalogue)
    assert full.outcome == "full" and full.reference is None
    slug = courses.search("育婴", None, today=TODAY, db_url=catalogue)[0].slug
    first = courses.enrol(slug, name="赵六", phone="13800000002", today=TODAY, db_url=catalogue)
    again = courses.enrol(slug, name="赵六", phone="13800000002", today=TODAY, db_url=catalogue)
    assert first.outcome == "enrolled" and again.outcome == "duplicate" and again.reference == first.reference
    assert courses.enrol("no-such-course", name="a", phone="13800000003", db_url=catalogue).outcome == "unknown"


def test_last_seats_are_never_overbooked(catalogue):
    slug = "zz-chache-2612"  # one seat left in the catalogue
    before = courses.get(slug, db_url=catalogue)
    phones = [f"1390000{i:04d}" for i in range(before.seats_left + 3)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda p: courses.enrol(slug, name="工友", phone=p, today=TODAY, db_url=catalogue), phones))
    assert sum(r.outcome == "enrolled" for r in results) == before.seats_left
    assert courses.get(slug, db_url=catalogue).seats_left == 0


def test_course_files_are_validated(tmp_path):
    rows = courses.read_course_files()
    assert len(rows) >= 20 and len({r["slug"] for r in rows}) == len(rows)
    source = (courses.DATA_DIR / "courses" / "courses.yml").read_text(encoding="utf-8")
    # an online course given a city is refused, not loaded half-right
    first_online = source.index("mode: online")
    city_line = source.rindex("city: 线上", 0, first_online)
    (tmp_path / "bad.yml").write_text(source[:city_line] + "city: 深圳" + source[city_line + len("city: 线上"):],
                                      encoding="utf-8")
    with pytest.raises(courses.CourseError):
        courses.read_course_files(tmp_path)
