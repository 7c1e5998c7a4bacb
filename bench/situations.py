"""Answers applied to the worker's own situation: two-turn conversations, judged by a supervisor.

    .venv/bin/python bench/situations.py run LABEL [--set b]    # talk: transcripts of every conversation
    .venv/bin/python bench/situations.py pair A B [NAME] [--set b]  # both runs shuffled, for one judge (pair1, pair2…)
    .venv/bin/python bench/situations.py score                  # the judged transcripts → situations.json

Five sets, each by its own author: A (``situations.yml``, 72 conversations) was judged first, and
its judgements and transcripts guided the work that followed; B (``situations_b.yml``, 64, other
trades and shorter follow-ups) was judged twice, and only its judges' summaries were read; C
(``situations_c.yml``, 60, other regions and every kind of second turn) stayed unseen and unused
until the final measure of 2026-12-07 (it has been read since); D (``situations_d.yml``, 60, other
trades and places, second turns that lean on the first) was written in the next session and stayed
unseen until its one judging (it has been read since); E (``situations_e.yml``, 60, trades and places one would
not think of first, a third of second turns pushing back with what the employer said) was written in the
fifth session and stayed unseen until its one judging (it has been read since); F (``situations_f.yml``, 60, the
north-east, the east coast and central China, second turns a third each adding the fact, asking in a few
words, telling what the employer did since) was written later in that session, after set E's judging
had been read, and stayed unseen until its one judging; G (``situations_g.yml``, 60, the south, the
south-west and the big cities, second turns as F's) was written in the sixth session, after sets E and
F had been read, and stayed unseen until its one judging (it has been read since); H (``situations_h.yml``,
60, north China and the border regions, a third of second turns asking a related point of the same
matter) was written in the seventh session and stayed unseen until its one judging (it has been read since);
I (``situations_i.yml``, 60, the south, the Yangtze delta and the south-west, second turns a third each
adding the fact, asking in a few words, telling what happened since or asking a related point) was
written in the eighth session and stayed unseen until its one judging.

``bench/eval/situations.yml`` was written by a helper who never saw the content, the training data
or the code: two-turn conversations of workers (pregnant and nursing women, widows, older workers,
interns, household and platform workers, dispatched and part-time workers, the injured and ill,
ordinary employees), each with the points a good operator's reply makes for that worker and the
advice that would be wrong for them. ``run`` starts the assistant (the action server and Rasa with
the shipped model, a database loaded with the real content) and sends each conversation over Rasa's
REST channel, as the widget would; it writes ``bench/measurements/situations_LABEL.json`` and a
Markdown rendering for the judge (``situations_LABEL.md``).

The judge is a helper session that has read neither the content nor the code, given
``bench/SITUATIONS_JUDGE.md`` and the transcript only: it scores each worker turn with the rubric in
``RUBRIC`` and writes ``situations_LABEL_judged.yml``. New sets are written from
``bench/SITUATIONS_AUTHOR.md`` by an author who sees nothing of the project. To compare two
versions with one judge, both versions' replies to each conversation are shown in a random order
("Version 1", "Version 2"; the key stays with us in ``situations_pair_key.json``) and the judge writes
``situations_pair_judged.yml``. ``score`` turns every judged file into ``situations.json`` (share a
supervisor accepts, means, per group), side by side, for the report.
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVAL = ROOT / "bench" / "eval" / "situations.yml"  # set A: its judged runs guided the work since
SETS = {"a": EVAL, "b": ROOT / "bench" / "eval" / "situations_b.yml",  # set B: judged twice
        "c": ROOT / "bench" / "eval" / "situations_c.yml",  # set C: unseen until the final measure of 2026-12-07
        "d": ROOT / "bench" / "eval" / "situations_d.yml",  # set D: unseen until the measure of the next session
        "e": ROOT / "bench" / "eval" / "situations_e.yml",  # set E: written 2026-12-07, unseen until its one judging
        "f": ROOT / "bench" / "eval" / "situations_f.yml",  # set F: written later that session, unseen until its one judging
        "g": ROOT / "bench" / "eval" / "situations_g.yml",  # set G: written in the sixth session, unseen until its one judging
        "h": ROOT / "bench" / "eval" / "situations_h.yml",  # set H: written in the seventh session, unseen until its one judging
        "i": ROOT / "bench" / "eval" / "situations_i.yml",  # set I: written in the eighth session, unseen until its one judging
        "j": ROOT / "bench" / "eval" / "situations_j.yml",  # set J: written in the ninth session, unseen until its one judging
        "k": ROOT / "bench" / "eval" / "situations_k.yml",  # set K: written in the tenth session, unseen until its one judging
        "l": ROOT / "bench" / "eval" / "situations_l.yml"}  # set L: written later in the tenth session, unseen until its one judging
OUT = ROOT / "bench" / "measurements"
DIMENSIONS = ("understood", "correct", "actionable", "tone")
RUBRIC = """Each worker turn's reply (all bot messages after it) is scored as a 12351 supervisor would:
- understood (1-5): the reply addresses this worker's actual need and situation (not a neighbouring topic)
- correct (1-5): the legal facts are right, and right for this worker's situation
- actionable (1-5): the worker knows what to do next for their case (where, what, by when)
- tone (1-5): plain, warm, phone-short; not a file read out; no needless repetition
- accept: yes | partly | no — would you sign this reply off as a good operator's answer?
- wrong_advice: true when the reply gives advice that is wrong or risky for this worker's stated situation
"""


def load_conversations(which: str = "a") -> list[dict]:
    return yaml.safe_load(SETS[which].read_text(encoding="utf-8"))


def _name(label: str, which: str) -> str:
    """situations_LABEL (set A) or situations_b_LABEL (set B): the stem of a run's files."""
    return f"situations_{label}" if which == "a" else f"situations_{which}_{label}"


def _post(url: str, sender: str, text: str) -> list[dict]:
    r = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    r.raise_for_status()
    return r.json()


def _render(reply: dict) -> str:
    text = reply.get("text") or ""
    buttons = [b.get("title", "") for b in reply.get("buttons") or []]
    return text + (("\n[按钮] " + " | ".join(buttons)) if buttons else "")


def talk(url: str, conversations: list[dict]) -> list[dict]:
    out = []
    for c in conversations:
        sender = f"situ-{uuid.uuid4().hex[:8]}"
        turns = []
        for text in c["turns"]:
            turns.append({"user": text, "bot": [_render(r) for r in _post(url, sender, text)]})
        out.append({"id": c["id"], "group": c["group"], "style": c.get("style"), "turns": turns})
        print(f"  {c['id']}", flush=True)
    return out


def markdown(conversations: list[dict], transcripts: list[dict]) -> str:
    """What the judge reads: each conversation, the author's notes on the situation, the replies."""
    by_id = {c["id"]: c for c in conversations}
    lines = ["# Transcripts to judge", "", RUBRIC]
    for t in transcripts:
        c = by_id[t["id"]]
        lines += [f"## {t['id']} ({t['group']}, {t['style']})", "",
                  f"Situation (author's note): {c.get('situation', '')}",
                  "Author's points a good reply makes: " + "; ".join(c.get("good_answer") or []),
                  "Author's wrong advice for this worker: " + "; ".join(c.get("wrong_advice") or []), ""]
        for n, turn in enumerate(t["turns"], 1):
            lines += [f"**Worker {n}:** {turn['user']}", ""]
            lines += [f"> {line}" for reply in turn["bot"] for line in (reply.splitlines() or [""])]
            lines.append("")
    return "\n".join(lines)


def run(label: str, which: str = "a") -> None:
    from bot.cases.courses import load_courses
    from bot.cli import migrate
    from bot.knowledge.content import load_faq
    from devtools.stack import Stack

    conversations = load_conversations(which)
    work = Path(tempfile.mkdtemp(prefix="situations-"))
    db_url = f"sqlite:///{work / 'situations.db'}"
    migrate(db_url)
    load_faq(db_url=db_url)
    load_courses(db_url=db_url)
    with Stack(db_url, ROOT / "models" / "union.tar.gz", workdir=work,
               extra_env={"UNION_OFFICE_HOURS": "always"}) as stack:
        transcripts = talk(stack.rasa_url, conversations)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{_name(label, which)}.json").write_text(json.dumps(transcripts, ensure_ascii=False, indent=1))
    (OUT / f"{_name(label, which)}.md").write_text(markdown(conversations, transcripts))
    print(f"written {OUT / f'{_name(label, which)}.md'}")


def _verdict(value) -> str:
    """yes | partly | no: a bare yes/no in YAML reads as a boolean."""
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else str(value).strip().lower()


def pair(first: str, second: str, which: str = "a", name: str = "pair", seed: int = 2026) -> None:
    """The paired transcript of two runs for one judge (``name``: pair1, pair2, … one per judging):
    per conversation, both versions' replies in a random order, with the key written apart
    (STEM_NAME_key.json)."""
    conversations = load_conversations(which)
    runs = {label: {t["id"]: t for t in json.loads((OUT / f"{_name(label, which)}.json").read_text())}
            for label in (first, second)}
    rng = random.Random(seed)
    key, lines = {}, ["# Transcripts to judge (two versions of the bot per conversation)", "", RUBRIC,
                      "Each conversation shows the same two worker turns answered by two versions of the bot (1 and 2). "
                      "Score each version's reply to each turn on its own merits."]
    for c in conversations:
        order = [first, second]
        rng.shuffle(order)
        key[c["id"]] = {"1": order[0], "2": order[1]}
        lines += [f"## {c['id']} ({c['group']}, {c.get('style')})", "", f"Situation (author's note): {c.get('situation', '')}",
                  "Author's points a good reply makes: " + "; ".join(c.get("good_answer") or []),
                  "Author's wrong advice for this worker: " + "; ".join(c.get("wrong_advice") or []), ""]
        for n, label in enumerate(order, 1):
            lines += [f"### Version {n}", ""]
            for i, turn in enumerate(runs[label][c["id"]]["turns"], 1):
                lines += [f"**Worker {i}:** {turn['user']}", ""]
                lines += [f"> {line}" for reply in turn["bot"] for line in (reply.splitlines() or [""])]
                lines.append("")
    stem = _name(name, which)
    (OUT / f"{stem}.md").write_text("\n".join(lines))
    (OUT / f"{stem}_key.json").write_text(json.dumps(key, indent=1))
    print(f"written {OUT / f'{stem}.md'} (give the judge that file only)")


def summarise(judged: list[dict]) -> dict:
    """Share accepted (yes), partly, means per dimension, wrong advice, per group: over worker turns."""
    turns = [dict(t, group=c["group"], accept=_verdict(t["accept"])) for c in judged for t in c["turns"]]
    groups = defaultdict(list)
    for t in turns:
        groups[t["group"]].append(t)

    def figures(ts: list[dict]) -> dict:
        n = len(ts)
        return {"turns": n,
                "accepted": round(sum(t["accept"] == "yes" for t in ts) / n, 3),
                "partly": round(sum(t["accept"] == "partly" for t in ts) / n, 3),
                "wrong_advice": sum(bool(t.get("wrong_advice")) for t in ts),
                **{d: round(sum(t[d] for t in ts) / n, 2) for d in DIMENSIONS}}

    return {"all": figures(turns), "groups": {g: figures(ts) for g, ts in sorted(groups.items())}}


def unpair(judged: list[dict], key: dict) -> dict[str, list[dict]]:
    """A paired judgement (both versions of each conversation, shown in a random order as "1" and
    "2") split into one judged list per version label, by the key kept from the judge."""
    out = defaultdict(list)
    for c in judged:
        for shown, turns in c["versions"].items():
            out[key[c["id"]][str(shown)]].append({"id": c["id"], "group": c["group"], "turns": turns})
    return dict(out)


def _print(label: str, a: dict) -> None:
    print(f"{label}: accepted {a['accepted']} partly {a['partly']} wrong advice {a['wrong_advice']} "
          + " ".join(f"{d} {a[d]}" for d in DIMENSIONS))


def score() -> None:
    """Every judged file, per set: one version per file (STEM_LABEL_judged.yml), and each paired
    judgement of two versions by one judge (STEM_pairN_judged.yml with its key)."""
    results: dict = {}
    for which in SETS:
        stem = _name("", which)  # "situations_" or "situations_b_"
        out: dict = {"single": {}, "paired": {}}
        for path in sorted(OUT.glob(f"{stem}*_judged.yml")):
            label = path.name[len(stem):-len("_judged.yml")]
            if which == "a" and label.startswith(tuple(f"{w}_" for w in SETS if w != "a")):
                continue  # another set's file
            judged = yaml.safe_load(path.read_text(encoding="utf-8"))
            if label.startswith("pair"):
                key = json.loads((OUT / f"{stem}{label}_key.json").read_text())
                out["paired"][label] = {v: summarise(j) for v, j in unpair(judged, key).items()}
                for v, x in out["paired"][label].items():
                    _print(f"set {which} {label} {v}", x["all"])
            else:
                out["single"][label] = summarise(judged)
                _print(f"set {which} {label}", out["single"][label]["all"])
        if out["single"] or out["paired"]:
            results[which] = out
    (OUT / "situations.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    args = sys.argv[1:]
    which = "a"
    if "--set" in args:
        i = args.index("--set")
        which = args[i + 1]
        del args[i:i + 2]
    if len(args) == 2 and args[0] == "run":
        run(args[1], which)
    elif len(args) in (3, 4) and args[0] == "pair":
        pair(args[1], args[2], which, *args[3:])
    elif args == ["score"]:
        score()
    else:
        sys.exit(__doc__)
