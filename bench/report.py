"""Writes bench/REPORT.md and its charts (bench/charts/*.png) from bench/measurements/*.json.

    .venv/bin/python bench/report.py
"""
from __future__ import annotations

import json
import statistics
import platform
import shutil
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "measurements"
CHARTS = ROOT / "bench" / "charts"


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


SERVING_ROWS = (("default_shipped", "default profile as `./scripts/run` starts it"),
                ("rasa_starter_bot", "`rasa init` starter bot"),
                ("prod_1_replica", "production (`scripts/prod`), 1 replica"),
                ("prod_2_replicas", "production (`scripts/prod`), 2 replicas + nginx"))
SERVING_LONG = (("default_shipped", "default profile (scripts/run)"),
                ("union_assistant_rasa_store", "the same bot on Rasa's InMemoryTrackerStore"),
                ("prod_1_replica", "production, 1 replica"), ("prod_2_replicas", "production, 2 replicas + nginx"))


def _level(entry: dict, concurrency: int) -> dict | None:
    return next((lv for lv in entry.get("levels", []) if lv["concurrency"] == concurrency), None)


def serving_section(serving: dict) -> list[str]:
    """bench/serving.py: the shipped default profile against the starter bot, the widget path, CPU
    per message, the long conversation, memory."""
    out = ["## Serving", "",
           f"Command: `bench/serving.py` (run {str(serving.get('date', ''))[:16]}). The default profile is `./scripts/run` "
           "itself (devtools/shipped.py): supervisord, the action server, Rasa with the windowed SQL store on "
           "`conversations.db`, the web app. Full round trips through Rasa's REST channel (NLU, policies, custom actions "
           "and their database work), with concurrent simulated conversations that follow scripts (FAQ questions with a "
           "follow-up, a message form filled to the end and stored, a status question); "
           f"{serving.get('seconds_per_level')} s per level after 30 s of warm-up; load generator on the same 2 cores. "
           "Rasa's starter bot runs the same load in the same run.", "",
           "| bot | conversations | msg/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"]
    for key, label in SERVING_ROWS:
        for lv in serving.get(key, {}).get("levels", []):
            out.append(f"| {label} | {lv['concurrency']} | {lv['throughput_msg_s']} | {lv['p50_ms']} | {lv['p95_ms']} | "
                       f"{lv['p99_ms']} | {lv['errors']}/{lv['messages']} |")
    ours, ref = serving.get("default_shipped", {}), serving.get("rasa_starter_bot", {})
    one, one_ref, many, many_ref = _level(ours, 1), _level(ref, 1), _level(ours, 20), _level(ref, 20)
    if one and one_ref and many and many_ref:
        out += ["", "Against the starter bot, same run (targets of issue 16 in brackets): one conversation p50 "
                f"**{one['p50_ms'] / one_ref['p50_ms']:.2f}×** (≤ 0.5×); 20 conversations throughput "
                f"**{many['throughput_msg_s'] / many_ref['throughput_msg_s']:.2f}×** (≥ 2×), p95 "
                f"**{many['p95_ms'] / many_ref['p95_ms']:.2f}×** (≤ 0.5×); errors {many['errors'] + one['errors']}."]
    inter = serving.get("interleaved")
    if inter and inter.get("levels"):
        out += ["", f"**Interleaved** (`bench/serving.py --rounds {inter['rounds']} --levels 1 20`, run "
                f"{str(inter.get('date', ''))[:16]}): this machine's speed drifts over minutes (the same code's CPU per "
                "message moved by a third between runs), so both bots are started together and measured in turn, level "
                "by level, for several rounds, alternating which goes first. Ratios ours / starter per round, and their "
                "median:", "",
                "| conversations | round | ours p50 / p95 ms, msg/s | starter p50 / p95 ms, msg/s | p50 | p95 | throughput |",
                "|---|---|---|---|---|---|---|"]
        for lv in inter["levels"]:
            for n, rd in enumerate(lv["rounds"], 1):
                o, r = rd["figures"]["default_shipped"], rd["figures"]["rasa_starter_bot"]
                out.append(f"| {lv['concurrency']} | {n} | {o['p50_ms']} / {o['p95_ms']}, {o['throughput_msg_s']} | "
                           f"{r['p50_ms']} / {r['p95_ms']}, {r['throughput_msg_s']} | {rd['p50_ratio']}× | "
                           f"{rd['p95_ratio']}× | {rd['throughput_ratio']}× |")
            m = lv["median"]
            out.append(f"| {lv['concurrency']} | **median** | | | **{m['p50_ratio']}×** | **{m['p95_ratio']}×** | "
                       f"**{m['throughput_ratio']}×** |")
        errors = sum(lv["errors"] for lv in inter["levels"])
        out += ["", f"Targets of issue 16: one conversation p50 ≤ 0.5×; 20 conversations throughput ≥ 2× and p95 ≤ 0.5×; "
                f"zero errors (here: {errors})."]
    cpu_rows = [(label, lv) for key, label in SERVING_ROWS for lv in serving.get(key, {}).get("levels", [])
                if lv.get("cpu_ms_per_message")]
    if cpu_rows:
        out += ["", "CPU time per message by process (ms; from /proc over the level and its warm-up):", "",
                "| bot | conversations | " + " | ".join(sorted({p for _, lv in cpu_rows for p in lv["cpu_ms_per_message"]})) + " |"]
        procs = sorted({p for _, lv in cpu_rows for p in lv["cpu_ms_per_message"]})
        out.append("|---|---|" + "---|" * len(procs))
        for label, lv in cpu_rows:
            out.append(f"| {label} | {lv['concurrency']} | " + " | ".join(str(lv["cpu_ms_per_message"].get(p, "")) for p in procs) + " |")
    widget = [(key, label, w) for key, label in SERVING_ROWS for w in serving.get(key, {}).get("widget", [])]
    widget += [(key, label, w) for key, label in SERVING_ROWS for w in (load("widget_load") or {}).get(key, {}).get("levels", [])]
    if widget:
        out += ["", "**The widget's path** (`bench/widget_load.py`): socket.io clients that speak as the widget does "
                "(websocket, session secret, acknowledged messages), each from its own loopback address, through the web "
                "app's bridge to Rasa. Half of the open sockets hold a conversation, writing the next message 4–8 s after "
                "each reply (within the shipped limit of 20 a minute); the rest stay open and idle. Latency is from "
                "sending to the acknowledgement, which comes once every reply has been emitted. Memory per socket is "
                "the growth of each process's resident memory when the sockets opened, divided by their number.", "",
                "| bot | open sockets | talking | msg/s | p50 ms | p95 ms | p99 ms | errors | rate-limited | open at end | "
                "set-up p50 ms | KB per socket (web / rasa) | reconnected |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for _, label, w in widget:
            kb = w.get("kb_per_socket") or {}
            out.append(f"| {label} | {w['opened']}/{w['sockets']} | {w['talking']} | {w['throughput_msg_s']} | {w['p50_ms']} | "
                       f"{w['p95_ms']} | {w['p99_ms']} | {w['errors']}/{w['messages']} | {w['rate_limited']} | "
                       f"{w['open_at_end']} | {w['connect_p50_ms']} | {kb.get('web', '–')} / {kb.get('rasa', '–')} | "
                       f"{w['reconnected']}/{w['reconnected'] + w['reconnect_failed']} |")
    out += [""] + chart_serving(serving) + [""]
    rows = [(label, serving[key]["long_conversation"]) for key, label in SERVING_LONG
            if serving.get(key, {}).get("long_conversation")]
    if rows:
        out += ["One conversation of many turns, median latency (ms) per block of 20 turns:", "",
                "| store | " + " | ".join(f"{i * 20 + 1}–{i * 20 + 20}" for i in range(len(rows[0][1]["per_turn_ms"]) // 20)) + " |",
                "|---|" + "---|" * (len(rows[0][1]["per_turn_ms"]) // 20)]
        for label, long in rows:
            d = long["per_turn_ms"]
            out.append(f"| {label} | " + " | ".join(str(round(statistics.median(d[i:i + 20]), 1)) for i in range(0, len(d) - 19, 20)) + " |")
        out.append("")
    rss = {k: v.get("peak_rss_mb") for k, v in serving.items() if isinstance(v, dict) and v.get("peak_rss_mb")}
    if rss:
        out += ["Peak resident memory after the load (MB): " + "; ".join(
            f"{k}: " + ", ".join(f"{p} {mb}" for p, mb in v.items()) for k, v in rss.items()), ""]
    return out


def chart_serving(serving: dict) -> list[str]:
    lines = []
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in (("default_shipped", "union assistant (scripts/run)"), ("rasa_starter_bot", "rasa init starter bot")):
        if key not in serving:
            continue
        levels = serving[key]["levels"]
        c = [lv["concurrency"] for lv in levels]
        ax1.plot(c, [lv["p95_ms"] for lv in levels], marker="o", label=f"{label} p95")
        ax1.plot(c, [lv["p50_ms"] for lv in levels], marker=".", linestyle="--", label=f"{label} p50")
        ax2.plot(c, [lv["throughput_msg_s"] for lv in levels], marker="o", label=label)
    ax1.set(xlabel="concurrent conversations", ylabel="latency (ms)", title="Latency per message")
    ax2.set(xlabel="concurrent conversations", ylabel="messages / s", title="Throughput")
    ax1.legend(fontsize=7)
    ax2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(CHARTS / "serving.png", dpi=110)
    plt.close(fig)
    lines.append("![latency and throughput](charts/serving.png)")
    longs = [(label, serving[key]["long_conversation"]) for key, label in
             SERVING_LONG if serving.get(key, {}).get("long_conversation")]
    if longs:
        fig, ax = plt.subplots(figsize=(7, 3))
        for label, long in longs:
            ax.plot(range(1, len(long["per_turn_ms"]) + 1), long["per_turn_ms"], linewidth=0.8, label=label)
        ax.set(xlabel="turn", ylabel="latency (ms)", title=f"One {longs[0][1]['turns']}-turn conversation")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(CHARTS / "long_conversation.png", dpi=110)
        plt.close(fig)
        lines.append("![long conversation](charts/long_conversation.png)")
    return lines


def chart_per_intent(nlu: dict) -> str:
    f1 = nlu["pipelines"]["char_lr"]["heldout"]["per_intent_f1"]
    f1b = nlu["pipelines"]["char_lr"]["heldout_b"]["per_intent_f1"]
    names = sorted(f1)
    fig, ax = plt.subplots(figsize=(10, 4))
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], [f1[n] for n in names], width=0.4, label="held-out A")
    ax.bar([i + 0.2 for i in x], [f1b.get(n, 0) for n in names], width=0.4, label="held-out B")
    ax.set_xticks(list(x), names, rotation=60, ha="right", fontsize=8)
    ax.set_ylim(0.7, 1.01)
    ax.set(ylabel="F1", title="Per-intent F1 of the chosen pipeline")
    ax.legend()
    fig.tight_layout()
    fig.savefig(CHARTS / "per_intent_f1.png", dpi=110)
    plt.close(fig)
    return "![per-intent F1](charts/per_intent_f1.png)"


def understanding_section(r: dict) -> list[str]:
    """The blind sets (bench/understanding.py): the shipped model against the TF-IDF baseline."""
    ours, base, urg = r["shipped"], r["baseline_tfidf_lr"], r["urgency"]
    styles = sorted(ours["per_style"])
    out = ["## Understanding (blind sets)", "",
           "Command: `bench/understanding.py`. Sets in `bench/eval/`, written by separate authors from a brief, "
           "without reading `data/` (never copied into training data): "
           f"{r['sets']['nlu']} intent messages (topics, dialogue, out of scope with near misses) and "
           f"{r['sets']['urgency']} urgency messages (cases whose wording also stands in the training data are left "
           f"out: {r['sets'].get('skipped_as_seen_in_training', 0)} this run). The shipped model is parsed by Rasa (classifier, fallback "
           "threshold, reference router, urgency override); the baseline is a plain scikit-learn TF-IDF character "
           "1-3-gram + logistic regression trained on the same training data in the same run. Out of scope answered "
           "by the fallback counts as not answered as a topic.", "",
           "| | accuracy | errors | OOS recall | in-scope rejected | " + " | ".join(styles) + " |",
           "|---|---|---|---|---|" + "---|" * len(styles),
           f"| shipped | **{ours['accuracy']}** | {ours['errors']} | {ours['out_of_scope']['recall']} | "
           f"{ours['in_scope_rejected']} | " + " | ".join(str(ours['per_style'][s]['accuracy']) for s in styles) + " |",
           f"| TF-IDF + LR baseline | {base['accuracy']} | {base['errors']} | {base['out_of_scope']['recall']} | "
           f"{base.get('in_scope_rejected')} | " + " | ".join(str(base['per_style'].get(s, {}).get('accuracy')) for s in styles) + " |",
           "", f"Errors relative to the baseline: **{r['error_ratio_vs_baseline']}**. Messages per style: "
           + ", ".join(f"{s} {ours['per_style'][s]['n']}" for s in styles) + ".", "",
           "Out-of-scope recall by kind: " + ", ".join(f"{k} {v['recall']} ({v['n']})" for k, v in ours["out_of_scope"]["per_kind"].items())
           + "; pulled into: " + (", ".join(f"{k} {n}" for k, n in ours["out_of_scope"]["pulled_into"].items()) or "none") + ".", "",
           "Most frequent confusions (true → predicted): " + "; ".join(ours["top_confusions"][:8]) + ".", "",
           f"Urgency on {urg['crisis']} crisis messages and {urg['look_alikes']} look-alikes (figures of speech, "
           "negations, past events asked about as benefits, injuries asked about as compensation, legal questions, "
           f"quitting): recall **{urg['recall']}**, false alarms **{urg['false_alarm_rate']}**, precision {urg['precision']}. "
           "Missed: " + (", ".join(f"{k} {n}" for k, n in urg["missed_by_kind"].items()) or "none") + "; false alarms: "
           + (", ".join(f"{k} {n}" for k, n in urg["false_alarms_by_kind"].items()) or "none") + ".", ""]
    mid = urg.get("middle_tier")
    if mid:
        out += [f"Middle tier (answered as usual after a gentle safety question with the numbers): "
                f"{mid['missed_crises_asked_gently']} of the missed crises, {mid['look_alikes_asked_gently']} look-alikes, "
                f"and {ours.get('nlu_messages_asked_gently')} of the {r['sets']['nlu']} intent messages.", ""]
    return out


SET_NOTES = {"kb_facts_a": "; an earlier blind set, measured at every change since",
             "kb_facts_b": "; an earlier blind set, measured at every change since",
             "kb_facts_c": ", written blind in the fourth session; its misses were read in the fifth, for development",
             "kb_facts_d": ", written blind in the fifth session (bench/KB_FACTS_AUTHOR.md); its misses were read in the "
                           "seventh, for development",
             "kb_facts_e": ", written blind in the seventh session, long and specific questions as public legal-advice sites "
                           "read; 0.625 / BM25 0.5125 with the code at that session's start (d541e5c); its misses were "
                           "read in the eighth session, for development",
             "kb_facts_f": ", written blind in the eighth session (half long stories, a quarter voice and southern "
                           "dialect, the questions after a first step failed); only its rate has been seen: "
                           "0.5 / BM25 0.4625 with the code at the session's start (0b22827), then this row at its end"}


def kb_section(kb: dict) -> list[str]:
    r, b = kb["reranker"], kb["bm25"]
    row = lambda name, x: (f"| {name} | **{x['fact_stated']}** | {x['entry']['top1']} | {x['entry']['top3']} | "  # noqa: E731
                           f"{x['calculations']['fact_stated']} | {x['no_answer_replies']} |")
    styles = ", ".join(f"{k} {v}" for k, v in r["by_style"].items())
    topics = ", ".join(f"{k} {v}" for k, v in r["by_topic"].items())
    sets = "; ".join(f"{k.removeprefix('kb_facts_')} {v['fact_stated']} / BM25 {b.get('by_set', {}).get(k, {}).get('fact_stated')} "
                     f"({v['cases']} questions{SET_NOTES.get(k, '')})" for k, v in (r.get("by_set") or {}).items())
    return ["## Answers: the first reply states the right fact (blind fact sets)", "",
            "Command: `bench/kb_answers.py`. Sets `bench/eval/kb_facts_*.yml`, written by helpers who never saw the "
            f"knowledge base or the training data: {r['cases']} workers' questions, each with the legal fact a correct "
            "first reply states (checked by them against the primary texts) and the words any correct reply uses; "
            "entries that state each fact were labelled afterwards by a third helper (`kb_labels.yml`). Each message "
            "goes through the shipped NLU model and the action the dialogue runs for it, on a database with the real "
            "content. Both rankings in the same run:", "",
            "| ranking | fact stated | right entry top-1 | top-3 | calculations | \"没找到\" replies |",
            "|---|---|---|---|---|---|", row("learned reranker (shipped)", r), row("BM25 with thresholds", b), "",
            f"Shipped, by style: {styles}. By topic: {topics}.", "",
            *([f"By set (fact stated, shipped / BM25): {sets}.", ""] if sets else []),
            "Both rows share the calculations inside answers, the law layer and the read-backs; they differ in "
            "which entry answers. The entry labels were made against the knowledge base before its last 62 "
            "entries were added, so an answer from one of those never counts as the right entry (top-1 and "
            "top-3 are lower bounds). Targets of the issue: fact stated 0.90, top-1 0.90, top-3 0.97.", ""]


SITUATION_LABELS = {"baseline": "before (curated answers only)", "applied": "applied to the worker's situation",
                    "final": "applied to the worker's situation (final)"}
SITUATION_SETS = {"l": "Set L (60 conversations, the interior and the west for the first author, the coast and the north for the second, one in six written by a relative, more than half long first messages; written later in the tenth session after set K was judged; unseen until its one judging)",
                  "k": "Set K (60 conversations from all over China, the trades of a hotline's day, one in six written by a relative, more than half long first messages; written in the tenth session after set J was read; unseen until its one judging; read since, for development)",
                  "j": "Set J (60 conversations from all over China, new trades, one in six written by a relative; written in the ninth session after set I was read; unseen until its one judging; read since, for development)",
                  "i": "Set I (60 conversations, the south, the Yangtze delta and the south-west; written in the eighth session after set H was read; unseen until its one judging; read since, for development)",
                  "h": "Set H (60 conversations, north China and the border regions; written in the seventh session after set G was read; unseen until its one judging; read since, for development)",
                  "g": "Set G (60 conversations, the south, the south-west and the big cities; written in the sixth session after sets E and F were read; unseen until its one judging; read since)",
                  "f": "Set F (60 conversations, the north-east, east coast and centre; written after set E's judging was read; unseen until its one judging)",
                  "e": "Set E (60 conversations, other trades and places, a third of second turns push back; unseen until its one judging; read since)",
                  "d": "Set D (60 conversations, second turns that lean on the first; unseen until its one judging; read since)",
                  "c": "Set C (60 conversations, unseen until its one judging; read since, for development)",
                  "b": "Set B (64 conversations, judged twice; only the judges' summaries were read)",
                  "a": "Set A (72 conversations, the development set)"}
SITUATION_PAIRS = {("a", "pair1"): "first version of the applied answers; this judgement guided the work that followed",
                   ("b", "pair1"): "second version (after set A's judgement), the first time set B was run",
                   ("b", "pair2"): "a later version, judged by a new judge",
                   ("c", "pair1"): "final version; the set's first and only judging",
                   ("d", "pair1"): "the code at the start of the third session (e40ae80, baseline) against its end (final): second turns "
                                   "that answer a yes/no question with the conclusion, no verbatim repeats, never 'out of "
                                   "scope' within a worker's matter, retirement by group; the set's first and only judging",
                   ("e", "pair1"): "the code at the start of the fifth session (df20a5b; 'before' here is that code, not the curated "
                                   "answers alone) against the code midway through it ('final' here): facts told as a bare "
                                   "answer get what they mean or the figure, the gentle safety question once per worry, urgency "
                                   "look-alikes, content and calculation fixes; the set's first and only judging",
                   ("l", "pair1"): "the code at the start of the tenth session (f69405c, 'before' here) against its end "
                                   "(f121181, 'final' here): set K's 'final' and the work its judging guided (a resignation "
                                   "signed under threat, first-year and under-16 placements, unpaid leave offered a pregnant "
                                   "worker, ten years' service first, relatives and households read as the story means, a "
                                   "future retirement no pension drawn, afternoon shifts, a pregnancy's months no service); "
                                   "judged by two judges, each a half of the conversations; the set's first and only judging",
                   ("k", "pair1"): "the code at the start of the tenth session (f69405c, 'before' here; not the curated answers "
                                   "alone) against the code at 2c3d64d ('final' here), after the work set J's replays guided: "
                                   "new rules (an injury's costs and pay, a transfer with a pay cut, no social insurance, night "
                                   "shifts in pregnancy, interns' hours, fees and dangerous work, a managed platform worker, "
                                   "fines, dispatched equal pay, a suspected occupational disease, an injured worker past "
                                   "retirement age), maternity days counted for twins, a miscarriage and the nursing year, a "
                                   "widow's dependants, an employer's claim in a first message answered after the conclusion, a "
                                   "question a rule was written for kept with that rule, more wordings and relatives read; "
                                   "judged by two judges, each a half of the conversations; the set's first and only judging",
                   ("j", "pair1"): "the code at the start of the ninth session (bc7f22f, 'before' here; not the curated answers "
                                   "alone) against the code at da9bc20 ('final' here), after the work set I's replays guided: "
                                   "second turns read within the worker's matter (the words of their group and state in the "
                                   "search, the figure completed by facts told after the question), employers' claims "
                                   "answered from data/applied/claims.yml, the rule a later question is about ('answers:'), "
                                   "ten years' service and non-renewal, more wordings read (shifts, injury dates, prior years); "
                                   "judged by two judges, each a half of the conversations; the set's first and only judging "
                                   "(the money-owed reading, the dispatched-workers entry and the tests' mends came after it)",
                   ("i", "pair1"): "the code at the start of the eighth session (0b22827, 'before' here; not the curated answers "
                                   "alone) against its end ('final' here), after the work set H's judging guided: the "
                                   "retirement date weighed in every group the worker may be in, a worker told she reached "
                                   "retirement age before her date, a graded injury's one-off grant and a nanny's pay for the "
                                   "days worked in figures, no entry asked by a group the worker is not in, the rule for what "
                                   "the worker now asks once the first conclusion was said, typos and more wordings read "
                                   "(the code at 5048de7; the dialect 'where do I go', nursing mothers' wordings and the "
                                   "insurance and other-group mends were made after, from this judging and the fact sets); "
                                   "the set's first and only judging",
                   ("h", "pair1"): "the code at the start of the seventh session (d541e5c, 'before' here; not the curated answers "
                                   "alone) against the code at 7cb1394 ('final' here; the crisis reply it raised on a dismissal "
                                   "and a nanny's follow-up answered with work-injury insurance were mended after): a new question after a conclusion answered for itself, what is told after it "
                                   "answered (a settlement offered, pressure to sign a resignation), who hired a domestic "
                                   "worker and students' and graduates' status read from more wordings, English words in "
                                   "chat, long-tail entries and calculations; the set's first and only judging",
                   ("g", "pair1"): "the code at the start of the sixth session (ef823e6, 'before' here) against its end ('final' "
                                   "here): where this worker takes the matter ('去哪告'), the figure again on '能要多少', more of "
                                   "the matter keeping the conclusion, insurers' ceilings, no referral away within a worker's "
                                   "matter, older workers asked their age, wages with commission, the 48-hour reading; the "
                                   "set's first and only judging",
                   ("f", "pair1"): "the code at the start of the fifth session (df20a5b; 'before' here is that code) against the "
                                   "code at 651d5b6 ('final' here; the second-entry line this judge scored as filler was then "
                                   "kept to two-part questions, and the sex and death readings below it came after), after "
                                   "the work set E's judging guided (women workers' matters understood, follow-ups that "
                                   "continue the matter, urgency look-alikes, months and wages read right); the set's "
                                   "first and only judging"}


def _situation_rows(shown: dict) -> list[str]:
    dims = ("understood", "correct", "actionable", "tone")
    out = ["| version | turns | accepted | partly | wrong advice (turns) | understood | correct | actionable | tone |",
           "|---|---|---|---|---|---|---|---|---|"]
    for label, x in sorted(shown.items(), key=lambda kv: kv[0] != "baseline"):
        a = x["all"]
        out.append(f"| {SITUATION_LABELS.get(label, label)} | {a['turns']} | **{a['accepted']}** | {a['partly']} | "
                   f"{a['wrong_advice']} | " + " | ".join(str(a[d]) for d in dims) + " |")
    return out


def _situation_groups(shown: dict) -> list[str]:
    labels = sorted(shown, key=lambda l: l != "baseline")
    groups = sorted({g for v in shown.values() for g in v["groups"]})
    out = ["Accepted (understood / actionable) by group:", "",
           "| group | " + " | ".join(SITUATION_LABELS.get(l, l) for l in labels) + " |", "|---|" + "---|" * len(labels)]
    for g in groups:
        cells = [f"{shown[l]['groups'][g]['accepted']} ({shown[l]['groups'][g]['understood']} / "
                 f"{shown[l]['groups'][g]['actionable']})" if g in shown[l]["groups"] else "" for l in labels]
        out.append(f"| {g} | " + " | ".join(cells) + " |")
    return out


def situations_section(r: dict) -> list[str]:
    """bench/situations.py: two-turn conversations judged by a supervisor's rubric, blind."""
    out = ["## Answers applied to the worker's situation (blind conversations, judged blind)", "",
           "Command: `bench/situations.py run LABEL [--set b|c|d|e|f|g|h|i|j]`, `pair A B NAME [--set b|c|d|e|f|g|h|i|j]`, a judge, then `score`. Sets "
           "`bench/eval/situations.yml` (A), `situations_b.yml` (B), `situations_c.yml` (C), `situations_d.yml` (D), `situations_e.yml` (E), `situations_f.yml` (F), `situations_g.yml` (G), `situations_h.yml` (H), `situations_i.yml` (I) and `situations_j.yml` (J), each written by its own helper who never saw the "
           "content, the training data or the code: pregnant, nursing and widowed women, older workers, re-hired "
           "pensioners, interns, household and platform workers, dispatched and part-time workers, the injured and ill, "
           "ordinary employees; stories, voice run-ons, typos, dialect, mixed script, fragments; each with the points a "
           "good operator makes and the advice that would be wrong for that worker. Each conversation goes through the "
           "shipped stack over REST. A judge who has read neither the content nor the code scores every reply of both "
           "versions, shown side by side in a random order (the key kept from them), as a 12351 supervisor: understood, "
           "correct, actionable, tone (1–5), accept (yes only with understood and actionable ≥ 4 and no wrong advice), "
           "wrong advice for this worker. Each judging is a new judge.", ""]
    for which in ("l", "k", "j", "i", "h", "g", "f", "e", "d", "c", "b", "a"):
        x = r.get(which)
        if not x:
            continue
        out += [f"### {SITUATION_SETS.get(which, which)}", ""]
        for name in sorted(x.get("paired") or {}, reverse=True):
            out += [f"**{name}**: {SITUATION_PAIRS.get((which, name), '')}.", ""] + _situation_rows(x["paired"][name]) + [""]
        latest = sorted(x.get("paired") or {}, reverse=True)
        if latest:
            out += _situation_groups(x["paired"][latest[0]]) + [""]
        if x.get("single"):
            out += ["The baseline judged alone first, by another judge: " + "; ".join(
                f"accepted {v['all']['accepted']}, understood {v['all']['understood']}, actionable {v['all']['actionable']}"
                for v in x["single"].values()) + ".", ""]
    out += ["Target of the issue: 80% accepted, understood and actionable at least 4.3, every group, no wrong advice.", ""]
    return out


def main() -> None:
    CHARTS.mkdir(parents=True, exist_ok=True)
    nlu, unseen, faq, serving, cost = (load(n) for n in ("nlu_pipelines", "nlu_unseen", "faq_retrieval", "serving", "cost"))
    blind = load("understanding")
    out = ["# Benchmark report", "",
           f"Generated {datetime.now(timezone.utc).isoformat(timespec='minutes')} by `bench/report.py` from "
           "`bench/measurements/*.json`. Machine: 2 cores, 24 GiB, "
           f"Python {platform.python_version()}, rasa 3.6.21. Each section names the command that measured it.", ""]

    if blind:
        out += understanding_section(blind)
    if nlu:
        out += ["## Understanding: the earlier held-out sets", "",
                "Command: `bench/compare_pipelines.py` (details: `bench/NLU_PIPELINES.md`). These sets were written "
                "from the same style guide as the training data and overstate accuracy on wording from outside "
                "the project; the blind sets above are the measure. Figures from the run dated above the table.", "",
                "| pipeline | train (s) | held-out A acc / macro-F1 / errors | held-out B acc / macro-F1 / errors | "
                "3-fold CV acc / errors | OOS recall A / B | in-scope rejected A / B |",
                "|---|---|---|---|---|---|---|"]
        for name, p in nlu["pipelines"].items():
            cv = p.get("cross_validation", {})
            cv_text = f"{cv['accuracy']} / {cv['errors']}" if cv else "not run"
            a, b = p["heldout"], p["heldout_b"]
            out.append(f"| {name} | {p['train_seconds']} | {a['accuracy']} / {a['macro_f1']} / {a['errors']} | "
                       f"{b['accuracy']} / {b['macro_f1']} / {b['errors']} | {cv_text} | "
                       f"{a['out_of_scope_recall']} / {b['out_of_scope_recall']} | "
                       f"{a.get('in_scope_rejected_rate')} / {b.get('in_scope_rejected_rate')} |")
        base, ours = nlu["pipelines"].get("sklearn_tfidf_lr"), nlu["pipelines"]["char_lr"]
        if base:
            ratios = [f"{k}: {ours[k]['errors']} vs {base[k]['errors']} ({ours[k]['errors'] / base[k]['errors']:.0%})"
                      for k in ("heldout", "heldout_b", "cross_validation") if k in base and k in ours and base[k]["errors"]]
            out += ["", "Errors of the chosen pipeline (`char_lr`) against the scikit-learn TF-IDF character n-gram + "
                        "logistic-regression baseline (`sklearn_tfidf_lr`, default settings, same data): " + "; ".join(ratios) + "."]
        ents = [(name, p) for name, p in nlu["pipelines"].items() if "entity_micro_f1" in p["heldout"]]
        if ents:
            def f1(v) -> str:
                return "; ".join(f"{k} {x}" for k, x in v.items()) if isinstance(v, dict) else str(v)
            out += ["", "Entity micro-F1 per extractor, scored by Rasa against all annotated entities (amounts, durations, "
                        "employers, cities, phone numbers, ticket references), so the regex extractor, which finds only "
                        "phone numbers and ticket references, scores low by construction. `sklearn_tfidf_lr` classifies "
                        "intents only; `stock_diet` is DIET's own entity extraction:", "",
                    "| pipeline | held-out A | held-out B | 3-fold CV |", "|---|---|---|---|"]
            for name, p in ents:
                out.append(f"| {name} | {f1(p['heldout']['entity_micro_f1'])} | {f1(p['heldout_b']['entity_micro_f1'])} | "
                           f"{f1(p.get('cross_validation', {}).get('entity_micro_f1', 'not run'))} |")
        if unseen:
            out += ["", f"Only messages with no exact or near match in the training data (`bench/nlu_unseen.py`): "
                        f"A {unseen['heldout']['unseen_accuracy']} ({unseen['heldout']['unseen']} messages), "
                        f"B {unseen['heldout_b']['unseen_accuracy']} ({unseen['heldout_b']['unseen']} messages)."]
        out += ["", chart_per_intent(nlu)]
        cm = ROOT / "bench" / "out" / "char_lr" / "heldout" / "intent_confusion_matrix.png"
        if cm.exists():
            shutil.copy(cm, CHARTS / "confusion_heldout_a.png")
            out += ["", "![confusion matrix, held-out A](charts/confusion_heldout_a.png)"]
        out.append("")

    kb = load("kb_answers")
    if kb:
        out += kb_section(kb)
    situations = load("situations")
    if situations:
        out += situations_section(situations)

    if faq:
        out += ["## Answers (FAQ retrieval)", "", "Command: `bench/faq_retrieval.py` (method: `bench/FAQ_RETRIEVAL.md`).", "",
                f"On {faq['cases']} held-out paraphrases: top-1 **{faq['topic_top1']}**, top-3 {faq['topic_top3']} within the "
                f"classified topic; {faq['global_top1']} / {faq['global_top3']} across all topics.", ""]

    if serving:
        out += serving_section(serving)

    if cost:
        out += ["## Cost", "", "Command: `bench/cost.py`.", "",
                f"- Full training (NLU + dialogue): {cost['full_training']['seconds']} s, peak {cost['full_training']['peak_rss_mb']} MB.",
                "- NLU training as the data grows: " + "; ".join(
                    f"{g['examples']} examples {g['seconds']} s / {g['peak_rss_mb']} MB" for g in cost["nlu_training_growth"]) + ".",
                f"- Start-up until the first answer: {cost['startup']['seconds_to_first_answer']} s "
                f"(model loaded after {cost['startup']['seconds_to_model_ready']} s).", ""]

    notes = ROOT / "bench" / "REPORT_NOTES.md"
    if notes.exists():
        out += [notes.read_text(encoding="utf-8").strip(), ""]
    (ROOT / "bench" / "REPORT.md").write_text("\n".join(out), encoding="utf-8")
    print("written bench/REPORT.md")


if __name__ == "__main__":
    main()
