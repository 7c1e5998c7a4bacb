"""Masking personal data for staff views (bot/common/pii.py)."""
from __future__ import annotations

import random
import re

import pytest

from bot.common.pii import CHINESE_DIGITS, find_pii, id_checksum_ok, mask_phone, mask_text, mask_value, phone_number


def kinds(text: str) -> list[str]:
    return [k for k, _, _ in find_pii(text)]


POSITIVE = [
    # (text, kind, the matched substring)
    ("13812345678", "mobile", "13812345678"),
    ("我电话13812345678，有事打给我", "mobile", "13812345678"),
    ("手机：138-1234-5678", "mobile", "138-1234-5678"),
    ("手机 138 1234 5678 白天都在", "mobile", "138 1234 5678"),
    ("打+8613912345678找我", "mobile", "+8613912345678"),
    ("+86 139-1234-5678", "mobile", "+86 139-1234-5678"),
    ("号码8615012345678", "mobile", "8615012345678"),
    ("(+86)18612345678", "mobile", "(+86)18612345678"),
    ("0086 19912345678", "mobile", "0086 19912345678"),
    ("1381 234 5678", "mobile", "1381 234 5678"),
    ("联系电话１３８１２３４５６７８谢谢", "mobile", "１３８１２３４５６７８"),
    ("电话１３８－１２３４－５６７８", "mobile", "１３８－１２３４－５６７８"),
    ("公司座机020-87654321", "landline", "020-87654321"),
    ("0755 12345678", "landline", "0755 12345678"),
    ("010-12345678转总机", "landline", "010-12345678"),
    ("(021)62345678", "landline", "(021)62345678"),
    ("厂里电话0769-2234567", "landline", "0769-2234567"),
    ("02087654321", "landline", "02087654321"),
    ("0755 1234 5678", "landline", "0755 1234 5678"),
    ("身份证440106199001011234", "id_number", "440106199001011234"),
    ("身份证号11010519491231002X。", "id_number", "11010519491231002X"),
    ("证件号44010620010203456x", "id_number", "44010620010203456x"),
    ("身份证 440106 19900101 123X", "id_number", "440106 19900101 123X"),
    ("身份证４４０１０６１９９００１０１１２３Ｘ", "id_number", "４４０１０６１９９００１０１１２３Ｘ"),
    ("老身份证110105900101123", "id_number", "110105900101123"),
    ("身份证44010619901301123X", "id_number", "44010619901301123X"),  # month 13 mistyped, X kept
    ("身份证号码110105194913310021", "id_number", "110105194913310021"),  # bad date, checksum right
    ("工资卡6222021234567890123", "bank_card", "6222021234567890123"),
    ("卡号6222 0212 3456 7890 123", "bank_card", "6222 0212 3456 7890 123"),
    ("卡号 6217-0012-3456-7890", "bank_card", "6217-0012-3456-7890"),
    ("账号6228480012345678", "bank_card", "6228480012345678"),
    ("卡号４５６７ ８９０１ ２３４５ ６７８９", "bank_card", "４５６７ ８９０１ ２３４５ ６７８９"),
    ("6222021234567", "bank_card", "6222021234567"),  # 13 digits, no Luhn check
]


@pytest.mark.parametrize("text,kind,matched", POSITIVE)
def test_finds_personal_data(text, kind, matched):
    spans = find_pii(text)
    assert len(spans) == 1, spans
    k, start, end = spans[0]
    assert k == kind
    assert text[start:end] == matched


NEGATIVE = [
    "我的工单号是GH-7K3M-Q9XW",
    "入会申请 RH-2345-6789 查一下",
    "报名号PX-23AB-45CD",
    "GH-2345-6789",
    "欠我8000元工资",
    "一共12000",
    "总共欠了1.2万",
    "欠薪 120000 元",
    "2026-11-21入职",
    "20261121那天",
    "2026年11月21日",
    "打12351工会热线",
    "12333社保热线",
    "报警110，急救120",
    "12356心理援助热线",
    "2025年进厂，干了3年",
    "我们有300个人",
    "《劳动合同法》第30条、第82条",
    "加班36小时，时薪25.5元",
    "13:30到17:30上班",
    "2023 2024 2025年都没签合同",
    "金额 1234567.89",
    "138****5678",
    "020-****4321",
    "440***********123X",
    "6222 **** 0123",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_other_numbers_alone(text):
    assert find_pii(text) == []
    assert mask_text(text) == text


MASKED = [
    ("13812345678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("+86 138 1234 5678", "138****5678"),
    ("１３８１２３４５６７８", "138****5678"),
    ("020-87654321", "020-****4321"),
    ("02087654321", "020-****4321"),
    ("0755 12345678", "0755-****5678"),
    ("(010)12345678", "010-****5678"),
    ("44010619900101123X", "440***********123X"),
    ("440106199001011234", "440***********1234"),
    ("440106 19900101 123X", "440***********123X"),
    ("440106199013011234", "4401 **** 1234"),  # neither date nor checksum: still masked, as a number
    ("110105900101123", "110********1123"),
    ("6222 0212 3456 7890 123", "6222 **** 0123"),
    ("6222021234567890123", "6222 **** 0123"),
    ("6217-0012-3456-7890", "6217 **** 7890"),
]


@pytest.mark.parametrize("raw,masked", MASKED)
def test_masked_forms(raw, masked):
    assert mask_text(raw) == masked


def test_id_mask_keeps_length():
    assert len(mask_text("44010619900101123X")) == 18


def test_chinese_sentence_with_several_items():
    text = "我电话13812345678，身份证440106199001011234，工资卡6222 0212 3456 7890 123，公司电话020-87654321。"
    assert kinds(text) == ["mobile", "id_number", "bank_card", "landline"]
    assert mask_text(text) == (
        "我电话138****5678，身份证440***********1234，工资卡6222 **** 0123，公司电话020-****4321。"
    )


def test_positions_are_those_of_the_original_with_full_width_digits():
    text = "电话：１３８１２３４５６７８，工单GH-7K3M-Q9XW"
    [(kind, start, end)] = find_pii(text)
    assert (kind, text[start:end]) == ("mobile", "１３８１２３４５６７８")
    assert mask_text(text) == "电话：138****5678，工单GH-7K3M-Q9XW"


def test_mixed_with_amounts_dates_and_references():
    text = "2026-11-21老板欠我8000元，工单GH-7K3M-Q9XW，我手机13912345678，打过12351"
    assert kinds(text) == ["mobile"]
    assert mask_text(text) == "2026-11-21老板欠我8000元，工单GH-7K3M-Q9XW，我手机139****5678，打过12351"


def test_two_phones_next_to_each_other():
    text = "13812345678/13987654321"
    assert kinds(text) == ["mobile", "mobile"]
    assert mask_text(text) == "138****5678/139****4321"


def test_longer_digit_runs_are_not_split_into_phones():
    # 12 digits: neither a mobile (11) nor a bank card (13+) nor a landline shape
    assert find_pii("123812345678") == []


IDEMPOTENT = [
    "我电话13812345678，身份证440106199001011234",
    "卡号6222 0212 3456 7890 123 手机13812345678",
    "座机(0755)12345678，身份证11010519491231002X",
    "+86 138-1234-5678 / 020-87654321",
    "没有个人信息的句子，欠薪8000元",
]


@pytest.mark.parametrize("text", IDEMPOTENT)
def test_masking_is_idempotent(text):
    once = mask_text(text)
    assert mask_text(once) == once
    assert find_pii(once) == []


def test_id_checksum():
    assert id_checksum_ok("11010519491231002X")
    assert id_checksum_ok("11010519491231002x")
    assert not id_checksum_ok("110105194912310021")
    assert not id_checksum_ok("1101051949")
    # shape right, checksum wrong: still masked
    assert not id_checksum_ok("440106199001011234")
    assert kinds("440106199001011234") == ["id_number"]


@pytest.mark.parametrize("phone,masked", [
    (None, ""),
    ("", ""),
    ("  ", ""),
    ("13812345678", "138****5678"),
    (" 138-1234-5678 ", "138****5678"),
    ("020-87654321", "020-****4321"),
    ("87654321", "****4321"),  # local number without area code
    ("12351", "12351"),
    ("138****5678", "138****5678"),
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_mask_value_recurses():
    value = {
        "phone": "13812345678",
        "amount": 8000,
        "notes": ["身份证440106199001011234", None, True],
        "nested": {"card": "6222021234567890123", "pair": ("020-87654321", 3.5)},
    }
    assert mask_value(value) == {
        "phone": "138****5678",
        "amount": 8000,
        "notes": ["身份证440***********1234", None, True],
        "nested": {"card": "6222 **** 0123", "pair": ("020-****4321", 3.5)},
    }
    assert mask_value(12) == 12
    assert mask_value(None) is None


def test_empty_text():
    assert find_pii("") == []
    assert mask_text("") == ""


# ---- every way a number is typed (and at least every way the bot's parsers read one) ----------

ZW = "\u200b"
TYPED = [
    # (as typed, masked)
    ("我电话 138 1234 5678 白天都在", "我电话 138****5678 白天都在"),
    ("138-1234-5678", "138****5678"),
    ("138 - 1234 - 5678", "138****5678"),
    ("1 3 8 1 2 3 4 5 6 7 8", "138****5678"),
    ("138    1234\t5678", "138****5678"),
    ("138\n1234\n5678", "138****5678"),
    (f"138{ZW}1234{ZW}5678", "138****5678"),
    (f"1{ZW}3\u200c8\u200d1\u20602345\ufeff678", "138****5678"),
    ("１３８ １２３４ ５６７８", "138****5678"),
    ("１３８－１２３４－５６７８", "138****5678"),
    ("138.1234.5678", "138****5678"),
    ("一三八一二三四五六七八", "138****5678"),
    ("幺三八 幺二三四 五六七八", "138****5678"),
    ("我的号码是幺三八幺二三四五六七八，谢谢", "我的号码是138****5678，谢谢"),
    ("一三八1234五六七八", "138****5678"),
    ("壹叁捌壹贰叁肆伍陆柒捌", "138****5678"),
    ("①③⑧①②③④⑤⑥⑦⑧", "138****5678"),
    ("١٣٨١٢٣٤٥٦٧٨", "138****5678"),
    ("+86 138 1234 5678", "138****5678"),
    ("+86-138-1234-5678", "138****5678"),
    ("＋８６ １３８１２３４５６７８", "138****5678"),
    ("86 138 1234 5678", "138****5678"),
    ("13812345678x", "138****5678"),
    ("电话13812345678 8000元", "电话138****5678 8000元"),
    ("零二零 八七六五 四三二一", "020-****4321"),
    ("(0755) 1234-5678", "0755-****5678"),
    ("身份证 440106 19900101 123x", "身份证 440***********123X"),
    ("身份证4401 0619 9001 0112 34", "身份证440***********1234"),
    (f"44010619900101{ZW}123x", "440***********123X"),
    ("身份证四四零一零六一九九零零一零一一二三四", "身份证440***********1234"),
    ("卡号6222.0212.3456.7890.123", "卡号6222 **** 0123"),
    ("卡号6222 0212 3456 7890 123", "卡号6222 **** 0123"),
    ("卡号6222-0212-3456-7890-123", "卡号6222 **** 0123"),
    ("卡号６２２２．０２１２．３４５６．７８９０", "卡号6222 **** 7890"),
    (f"卡号6222{ZW}0212{ZW}3456{ZW}7890", "卡号6222 **** 7890"),
]


@pytest.mark.parametrize("typed,masked", TYPED)
def test_numbers_however_typed_are_masked(typed, masked):
    assert mask_text(typed) == masked
    assert mask_text(masked) == masked


TYPED_NEGATIVE = [
    "工资 8000 9000 12000",
    "从2024.03.05到2024.04.05",
    "2024.3.5 - 2024.4.5",
    "一五一十地说了",
    "欠了三千五百块",
    "二〇二四年三月五日",
    "一二三四五六七",
    "加班 36 小时 25.5 元",
]


@pytest.mark.parametrize("text", TYPED_NEGATIVE)
def test_other_numbers_however_typed_stay(text):
    assert mask_text(text) == text


def test_every_chinese_digit_the_parsers_read_is_a_digit_to_the_mask():
    from bot.cases import parsing

    for char, digit in parsing._PHONE_DIGITS.items():
        assert CHINESE_DIGITS[chr(char)] == digit


def _digits(text: str) -> str:
    from bot.common.pii import _fold

    return re.sub(r"\D", "", _fold(text))


def _variants(rng: random.Random, number: str, groupings: list[list[int]]) -> str:
    """``number`` typed one of many ways: grouped, spaced, dashed, dotted, full width, Chinese
    numerals, zero-width characters inside, in a sentence."""
    sizes = rng.choice(groupings)
    parts, pos = [], 0
    for size in sizes:
        parts.append(number[pos:pos + size])
        pos += size
    sep = rng.choice(["", " ", "-", ".", "  ", "\u3000", " - ", ZW, "－", "\n"])
    text = sep.join(parts)
    style = rng.choice(["ascii", "full", "chinese", "yao", "zw"])
    if style == "full":
        text = text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    elif style == "chinese":
        text = text.translate(str.maketrans("0123456789", "零一二三四五六七八九"))
    elif style == "yao":
        text = text.translate(str.maketrans("0123456789", "〇幺二三四五六七八九"))
    elif style == "zw":
        text = ZW.join(text)
    return rng.choice(["", "我的是", "电话：", "号码 "]) + text + rng.choice(["", "，谢谢", " 白天打", "。"])


def test_generated_numbers_never_show_their_middle_digits():
    rng = random.Random(14)
    for _ in range(600):
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        typed = _variants(rng, phone, [[11], [3, 4, 4], [3, 8], [4, 3, 4], [1] * 11])
        assert phone[3:7] not in _digits(mask_text(typed)), typed
        card = "62" + "".join(rng.choice("0123456789") for _ in range(14))
        typed = _variants(rng, card, [[16], [4, 4, 4, 4]])
        assert card[4:12] not in _digits(mask_text(typed)), typed


def test_whatever_parse_phone_reads_is_masked():
    """Random strings of digits, separators and words: every phone parse_phone finds in one is
    masked in it (the mask reads at least what the parser reads)."""
    from bot.common.phones import parse_phone

    rng = random.Random(1414)
    noise = [" ", "-", "电话", "，", "  ", "—", "\u3000", "8000元", "(", ")", "\n", "\t", "－", "+", "x", "。", ".",
             "一", "三", ZW, "7", "0"]
    seen = 0
    for _ in range(3000):
        number = rng.choice(["1" + rng.choice("3456789"), "0" + rng.choice("1234567")]) + "".join(
            rng.choice("0123456789１８") for _ in range(rng.randint(8, 10)))
        text = "".join(c + (rng.choice(noise) if rng.random() < 0.3 else "") for c in number)
        text = rng.choice(noise) + text + rng.choice(noise)
        phone = parse_phone(text)
        if phone:
            seen += 1
            assert re.sub(r"\D", "", phone) not in _digits(mask_text(text)), text
    assert seen > 200


@pytest.mark.parametrize("query,number", [
    ("13812345678", "13812345678"),
    (" 138 1234 5678 ", "13812345678"),
    ("+86 138-1234-5678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    ("020-87654321", "02087654321"),
    ("(0755)1234 5678", "075512345678"),
    ("1381234", None),
    ("1234", None),
    ("138123456789", None),
    ("电话13812345678", None),
    ("440106199001011234", None),
    ("GH-7K3M-Q9XW", None),
    ("", None),
])
def test_phone_number_is_a_whole_number_or_nothing(query, number):
    assert phone_number(query) == number


def test_long_texts_are_masked_quickly_enough_for_the_queue():
    text = ("老板欠我8000元工资，电话 138 1234 5678，" * 60)[:2000]
    assert mask_text(text).count("138****5678") >= 50
