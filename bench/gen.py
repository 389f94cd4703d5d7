#!/usr/bin/env python3
"""Deterministic workload generator for the stance benchmark.

Writes, for N journal entries, the same workload twice:
  bench/out/N.stance  a stance journal (header, one session, one canonical command a line)
  bench/out/N.sql     an SQL script for `sqlite3 :memory: < N.sql`: tables with primary and
                      foreign keys, `PRAGMA foreign_keys=ON`, everything in one transaction.

Mix of entries: ~3% actors, ~2% concerns, ~80% stances (3 to 12 word texts), ~5% links,
~10% attribute sets. Names include non-ASCII letters; every journal line carries a time.
With MIX `entities`, a third of the entries make entities (100,000 entities from 300,000 entries),
for timing queries and completion at that size; its files are named qN.stance and qN.sql.
With MIX `remove`, `undo` or `redo`, a journal alone (MIX-N.stance) of N entries that take back
stances on one holder and target: N/2 stances then their removes, newest first; N-1 stances then
`undo N-1`; N/3 stances then N/3 `undo 1` and N/3 `redo 1`.
Usage: gen.py N [OUTDIR] [SEED] [MIX]
"""
import os
import random
import sys

FIRST = ["Corey", "Zoë", "Amadou", "Aïssata", "Björn", "Léa", "Ngozi", "Søren", "José", "Ibrahim",
         "Fatoumata", "Émile", "Chiara", "Dmitrij", "Ülkü", "Mariam", "Renée", "Oumar", "Agnès", "Kofi"]
LAST = ["Levine", "Müller", "Traoré", "Diallo", "Keïta", "Łukasiewicz", "Ørsted", "Núñez", "Çelik",
        "Dubois", "Maïga", "Coulibaly", "Sørensen", "Håkansson", "Cissé", "Brontë", "Ndiaye", "Żak"]
ORGS = ["Université Laurentienne", "MINUSMA", "G5 Sahel", "Société civile malienne", "Crisis Group",
        "Médecins du Monde", "Barkhane", "Assemblée nationale", "Union africaine", "Čes. rozvojová agentura"]
TOPICS = ["civilian protection", "ethnic fragmentation", "women's role", "Algiers agreement",
          "développement durable", "sécurité alimentaire", "élections", "réforme du secteur de sécurité",
          "justice transitionnelle", "décentralisation", "mining royalties", "border control"]
WORDS = ("the a mission must should protect civilians north south budget funding peace accord "
         "argued against for strongly said réforme état sécurité dialogue armed groups election "
         "timetable donors pressure élan côte naïve consensus delay now later never agreed doubts "
         "withdrawal troops mandate council report évaluation").split()
POSITIONS = ["supports", "opposes", "mixed", "neutral", "raises"]
RELATIONS = ["member-of", "part-of", "allied-with", "opposes", "funds", "advises", "leads",
             "negotiates-with", "related-to", "causes"]
KEYS = ["role", "country", "affiliation", "note", "region", "status"]
KINDS = ["person", "org", "state", "group"]
TAGS = ["key", "quote", "disputed", "followup"]


def fold_id(name, n):
    table = str.maketrans("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿčłńśźżğşćæœßåü",
                          "aaaaaaceeeeiiiinoooooouuuuyyclnszzgscaosau")
    base = name.lower().translate(table)
    out, dash = [], False
    for ch in base:
        if ch.isascii() and ch.isalnum():
            if dash and out:
                out.append("-")
            dash = False
            out.append(ch)
        else:
            dash = True
    return "".join(out)[:48] + "-" + str(n)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sq(s):
    return "'" + s.replace("'", "''") + "'"


def stamp(sec):
    # Local time at -04:00, starting 2018-04-25T09:00:00-04:00, one to three seconds apart.
    base = 9 * 3600 + sec
    day = 25 + base // 86400
    month, d = 4, day
    mdays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    year = 2018
    while d > mdays[month - 1]:
        d -= mdays[month - 1]
        month += 1
        if month > 12:
            month, year = 1, year + 1
    r = base % 86400
    return "%04d-%02d-%02dT%02d:%02d:%02d-04:00" % (year, month, d, r // 3600, r % 3600 // 60, r % 60)


def taking_back(n, outdir, mix):
    """The journal of `mix` (remove, undo, redo) at n entries: stances on one pair taken back."""
    lines = ["actor a \"A\"", "concern c \"C\""]
    k = n // 2 if mix == "remove" else n - 1 if mix == "undo" else n // 3
    lines += ["stance a supports c \"s%d\"" % i for i in range(1, k + 1)]
    if mix == "remove":
        lines += ["remove s%d" % i for i in range(k, 0, -1)]
    elif mix == "undo":
        lines.append("undo %d" % k)
    else:
        lines += ["undo 1"] * k + ["redo 1"] * k
    t = stamp(0)
    with open(os.path.join(outdir, "%s-%d.stance" % (mix, n)), "w", encoding="utf-8") as j:
        j.write("# stance journal 1\n@%s begin version=0.1.0\n" % t)
        j.writelines("@%s %s\n" % (t, line) for line in lines)
        j.write("@%s end\n" % t)


def main():
    n = int(sys.argv[1])
    outdir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "out")
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    mix = sys.argv[4] if len(sys.argv) > 4 else "journal"
    os.makedirs(outdir, exist_ok=True)
    if mix in ("remove", "undo", "redo"):
        return taking_back(n, outdir, mix)
    # Cumulative shares of actor, concern, stance, link; the rest are attribute sets.
    actor_p, concern_p, stance_p, link_p = (0.03, 0.05, 0.85, 0.90) if mix == "journal" else (0.20, 1 / 3, 0.90, 0.9333)
    name = ("%d" if mix == "journal" else "q%d") % n
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    j = open(os.path.join(outdir, name + ".stance"), "w", encoding="utf-8")
    s = open(os.path.join(outdir, name + ".sql"), "w", encoding="utf-8")
    j.write("# stance journal 1\n")
    s.write("PRAGMA foreign_keys=ON;\nBEGIN;\n"
            "CREATE TABLE entity(id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, kind TEXT,"
            " parent TEXT REFERENCES entity(id), created TEXT NOT NULL);\n"
            "CREATE TABLE stance(id INTEGER PRIMARY KEY, holder TEXT NOT NULL REFERENCES entity(id),"
            " position TEXT NOT NULL, target TEXT NOT NULL REFERENCES entity(id), text TEXT,"
            " by TEXT REFERENCES entity(id), at TEXT NOT NULL, tags TEXT);\n"
            "CREATE TABLE link(id INTEGER PRIMARY KEY, from_id TEXT NOT NULL REFERENCES entity(id),"
            " relation TEXT NOT NULL, to_id TEXT NOT NULL REFERENCES entity(id), text TEXT, at TEXT NOT NULL);\n"
            "CREATE TABLE attribute(entity TEXT NOT NULL REFERENCES entity(id), key TEXT NOT NULL,"
            " value TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY(entity, key));\n")
    sec = 0
    actors, concerns = [], []
    j.write("@%s begin version=0.1.0\n" % stamp(sec))
    stance_no = link_no = 0
    for i in range(n):
        sec += rng.randint(1, 3)
        t = stamp(sec)
        r = rng.random()
        if len(actors) < 2 or (r < actor_p):
            kind = "actor"
        elif not concerns or r < concern_p:
            kind = "concern"
        elif r < stance_p:
            kind = "stance"
        elif r < link_p:
            kind = "link"
        else:
            kind = "set"
        if kind == "actor":
            if rng.random() < 0.7:
                name = rng.choice(FIRST) + " " + rng.choice(LAST)
                k = "person"
            else:
                name = rng.choice(ORGS)
                k = rng.choice(KINDS[1:])
            eid = fold_id(name, i)
            actors.append(eid)
            j.write("@%s actor %s %s kind=%s\n" % (t, eid, q(name), k))
            s.write("INSERT INTO entity VALUES(%s,'actor',%s,%s,NULL,'%s');\n" % (sq(eid), sq(name), sq(k), t))
        elif kind == "concern":
            name = rng.choice(TOPICS)
            eid = fold_id(name, i)
            parent = rng.choice(concerns) if concerns and rng.random() < 0.3 else None
            concerns.append(eid)
            if parent:
                j.write("@%s concern %s %s parent=%s\n" % (t, eid, q(name), parent))
            else:
                j.write("@%s concern %s %s\n" % (t, eid, q(name)))
            s.write("INSERT INTO entity VALUES(%s,'concern',%s,NULL,%s,'%s');\n"
                    % (sq(eid), sq(name), sq(parent) if parent else "NULL", t))
        elif kind == "stance":
            h = rng.choice(actors)
            if rng.random() < 0.8:
                tg = rng.choice(concerns)
            else:
                tg = rng.choice(actors)
                if tg == h:
                    tg = concerns[0]
            pos = rng.choice(POSITIONS)
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
            by = None
            if rng.random() < 0.2:
                by = rng.choice(actors)
                if by == h:
                    by = None
            tag = rng.choice(TAGS) if rng.random() < 0.1 else None
            stance_no += 1
            line = "@%s stance %s %s %s %s" % (t, h, pos, tg, q(text))
            if by:
                line += " by=" + by
            if tag:
                line += " #" + tag
            j.write(line + "\n")
            s.write("INSERT INTO stance VALUES(%d,%s,'%s',%s,%s,%s,'%s',%s);\n"
                    % (stance_no, sq(h), pos, sq(tg), sq(text), sq(by) if by else "NULL", t,
                       sq(tag) if tag else "NULL"))
        elif kind == "link":
            a = rng.choice(actors)
            b = rng.choice(actors + concerns[:50])
            if a == b:
                b = concerns[0]
            rel = rng.choice(RELATIONS)
            link_no += 1
            j.write("@%s link %s %s %s\n" % (t, a, rel, b))
            s.write("INSERT INTO link VALUES(%d,%s,'%s',%s,NULL,'%s');\n" % (link_no, sq(a), rel, sq(b), t))
        else:
            e = rng.choice(actors + concerns)
            key = rng.choice(KEYS)
            val = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
            j.write("@%s set %s %s=%s\n" % (t, e, key, q(val)))
            s.write("INSERT OR REPLACE INTO attribute VALUES(%s,%s,%s,'%s');\n" % (sq(e), sq(key), sq(val), t))
    sec += 1
    j.write("@%s end\n" % stamp(sec))
    s.write("COMMIT;\n")
    j.close()
    s.close()


if __name__ == "__main__":
    main()
