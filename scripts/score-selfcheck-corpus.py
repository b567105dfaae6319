#!/usr/bin/env python3
"""Scores `kaohe check --format json` on tests/corpus-selfcheck/ against the gold.

usage: score-selfcheck-corpus.py KAOHE_BINARY [-v]

Prints per document and in total: targets whose verdict is right, wrong 达标
(gold not met, kaohe met), tasks whose claim is right, tasks whose claim flags
(claimed_completed_but_not_met / implied_completed_but_not_met) are right.
"""
import glob, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLAIM_FLAGS = {"claimed_completed_but_not_met", "implied_completed_but_not_met"}


def norm(s):
    return "".join((s or "").split())


def main(argv):
    binary, verbose = argv[0], "-v" in argv
    tot = dict(targets=0, right=0, wrong_met=0, tasks=0, claim=0, flags=0)
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "corpus-selfcheck", "*.expected.json"))):
        gold = json.load(open(path, encoding="utf-8"))
        txt = path.replace(".expected.json", ".txt")
        out = subprocess.run([binary, "check", txt, "--format", "json"], capture_output=True, text=True)
        got = json.loads(out.stdout)
        by = {t["index"]: t for t in got.get("tasks", [])}
        d = dict(targets=0, right=0, wrong_met=0, tasks=0, claim=0, flags=0)
        for g in gold["tasks"]:
            t = by.get(g["index"], {})
            d["tasks"] += 1
            if t.get("claimed") == g["claimed"]:
                d["claim"] += 1
            elif verbose:
                print(f"  {gold['document']} task {g['index']}: claimed {t.get('claimed')} != {g['claimed']}")
            have = set(t.get("flags", [])) & CLAIM_FLAGS
            if have == set(g["flags"]):
                d["flags"] += 1
            elif verbose:
                print(f"  {gold['document']} task {g['index']}: flags {sorted(have)} != {g['flags']}")
        for g in gold["targets"]:
            d["targets"] += 1
            ts = by.get(g["task"], {}).get("targets", [])
            c = norm(g["contains"])
            cands = [x for x in ts if c in norm(x.get("text")) or (norm(x.get("text")) and norm(x.get("text")) in c)]
            if "item" in g:
                cands = [x for x in cands if x.get("item") == g["item"]] or cands
            x = cands[0] if cands else None
            v = x.get("verdict") if x else None
            ok = v == g["verdict"]
            if ok:
                d["right"] += 1
            if v == "met" and g["verdict"] != "met":
                d["wrong_met"] += 1
            if not ok and verbose:
                why = x.get("reason") if x else "not found"
                print(f"  {gold['document']} task {g['task']} {g['contains']}: {v} != {g['verdict']} ({why})")
        print(f"{gold['document']}: targets {d['right']}/{d['targets']}, wrong met {d['wrong_met']}, "
              f"claims {d['claim']}/{d['tasks']}, claim flags {d['flags']}/{d['tasks']}")
        for k in tot:
            tot[k] += d[k]
    print(f"total: targets {tot['right']}/{tot['targets']}, wrong met {tot['wrong_met']}, "
          f"claims {tot['claim']}/{tot['tasks']}, claim flags {tot['flags']}/{tot['tasks']}")


if __name__ == "__main__":
    main(sys.argv[1:])
