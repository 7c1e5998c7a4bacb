"""The benchmark's conversations (bench/serving.py, bench/widget_load.py) do what they claim: the
message script files a message to the end, so the load includes the form's database work; a script
that fell out of step with the dialogue would measure something else (it once re-answered the
privacy notice on every turn)."""
import re
import sys

import requests

from bot.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT))
from bench.serving import OUR_SCRIPTS  # noqa: E402

REFERENCE = re.compile(r"GH-[A-Z0-9]{4}-[A-Z0-9]{4}")


def _run(stack, sender: str, script: list[str]) -> list[list[dict]]:
    replies = []
    for text in script:
        r = requests.post(f"{stack['rasa']}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
        r.raise_for_status()
        replies.append(r.json())
    return replies


def test_the_message_script_files_a_message_that_is_stored(stack):
    from bot.cases.tickets import get_ticket

    script = next(s for s in OUR_SCRIPTS if "/leave_message" in s)
    replies = _run(stack, "bench-script-form", script)
    last = " ".join(m.get("text") or "" for m in replies[-1])
    found = REFERENCE.search(last)
    assert found, last
    assert get_ticket(found.group(0), db_url=stack["db_url"]) is not None
    # every scripted turn after the notice was read by the form, not answered as a new question
    assert not any("请先了解" in (m.get("text") or "") for turn in replies[3:] for m in turn)


def test_every_script_gets_an_answer_at_every_turn(stack):
    for n, script in enumerate(OUR_SCRIPTS):
        for turn, messages in zip(script, _run(stack, f"bench-script-{n}", script)):
            assert messages, f"no reply to {turn!r}"
