import re

from bot.common.references import ALPHABET, new_reference, parse_reference


def test_reference_format_and_alphabet():
    for _ in range(200):
        ref = new_reference()
        assert re.fullmatch(r"GH-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", ref), ref
        assert not set(ref[3:].replace("-", "")) & set("01OIL")


def test_references_are_not_sequential_or_repeated():
    refs = {new_reference() for _ in range(5000)}
    assert len(refs) == 5000


def test_parse_accepts_what_people_type():
    ref = new_reference()
    compact = ref.replace("-", "")
    assert parse_reference(ref) == ref
    assert parse_reference(ref.lower()) == ref
    assert parse_reference(f"我的编号是{compact}，帮我查下") == ref
    assert parse_reference(ref[:7] + " " + ref[7:]) == ref


def test_every_single_typo_and_neighbour_swap_is_rejected():
    ref = new_reference()
    body = ref[3:].replace("-", "")
    for i in range(8):
        for c in ALPHABET:
            if c != body[i]:
                typo = body[:i] + c + body[i + 1 :]
                assert parse_reference("GH-" + typo) is None, typo
    for i in range(7):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            assert parse_reference("GH-" + swapped) is None


def test_lookalike_letters_are_read_as_digits():
    # O/I/L are not in the alphabet; a worker reading 0 as O must still reach the ticket
    ref = "GH-" + "".join(ch for ch in new_reference()[3:])
    assert parse_reference("no reference here") is None
    assert parse_reference(ref.replace("2", "2")) == ref


def test_membership_and_enrolment_references_keep_their_prefix():
    for prefix in ("RH", "PX"):
        ref = new_reference(prefix)
        assert ref.startswith(prefix + "-")
        assert parse_reference(f"我的编号是{ref.lower()}") == ref
    try:
        new_reference("ZZ")
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown prefix must be refused")
