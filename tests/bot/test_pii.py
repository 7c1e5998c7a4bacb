"""Masking personal data for staff views (bot/common/pii.py)."""
from __future__ import annotations

import pytest

from bot.common.pii import find_pii, id_checksum_ok, mask_phone, mask_text, mask_value


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
