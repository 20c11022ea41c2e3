#!/usr/bin/env python3
"""The study's fixed inputs (study/study.sh), generated from one seed.

usage: gen_inputs.py OUTDIR [SEED]

Writes into OUTDIR:
  text.txt   16 KiB of text: words drawn from a fixed vocabulary with a
             Zipf-like frequency, in lines and paragraphs (xz compresses it)
  lines.txt  LINES lines "KEY WORD WORD NUMBER" in random order (sort sorts them)
  query.sql  a sqlite3 script: two tables of ITEMS and CATS rows, inserts
             in transactions, an index, joins, GROUP BY, ORDER BY, an update
Only Python's documented seeded generator (random.Random(seed).random) is
used, so the files are the same byte for byte on every run and machine.
"""
import os
import random
import sys

# Sizes: each program runs past the study's 10^7 captured accesses, not far.
LINES, ITEMS, CATS = 2200, 300, 50

SYLL = ["ka", "to", "ri", "me", "su", "na", "lo", "pe", "di", "ga", "mu", "ve",
        "sho", "tra", "ble", "con", "ex", "ing", "er", "al", "ly", "ion", "or", "un"]


def words(rng, n):
    """n distinct words of 1 to 4 syllables."""
    seen, out = set(), []
    while len(out) < n:
        w = "".join(SYLL[int(rng.random() * len(SYLL))] for _ in range(1 + int(rng.random() * 4)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def zipf_picker(rng, vocab):
    """A function drawing words with weight 1/rank (cumulative table, bisection)."""
    cum, tot = [], 0.0
    for r in range(len(vocab)):
        tot += 1.0 / (r + 1)
        cum.append(tot)

    def pick():
        x = rng.random() * tot
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return vocab[lo]
    return pick


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("usage: gen_inputs.py OUTDIR [SEED]\n")
        return 2
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) == 3 else 14
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    vocab = words(rng, 5000)
    pick = zipf_picker(rng, vocab)

    with open(os.path.join(out, "text.txt"), "w") as f:
        size = 0
        while size < 16 * 1024:
            line = " ".join(pick() for _ in range(4 + int(rng.random() * 12)))
            line = line[0].upper() + line[1:] + (".\n\n" if rng.random() < 0.1 else ".\n")
            f.write(line)
            size += len(line)

    with open(os.path.join(out, "lines.txt"), "w") as f:
        for _ in range(LINES):
            key = "%08x" % int(rng.random() * 2**32)
            f.write("%s %s %s %d\n" % (key, pick(), pick(), int(rng.random() * 1000000)))

    with open(os.path.join(out, "query.sql"), "w") as f:
        f.write("CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, cat INTEGER, price REAL, qty INTEGER);\n")
        f.write("CREATE TABLE cat(id INTEGER PRIMARY KEY, label TEXT, region TEXT);\n")
        f.write("BEGIN;\n")
        for i in range(CATS):
            f.write("INSERT INTO cat VALUES(%d,'%s','%s');\n" % (i, pick() + "-" + pick(), vocab[int(rng.random() * 20)]))
        f.write("COMMIT;\nBEGIN;\n")
        for i in range(ITEMS):
            f.write("INSERT INTO item VALUES(%d,'%s %s',%d,%.2f,%d);\n"
                    % (i, pick(), pick(), int(rng.random() * CATS), rng.random() * 500, int(rng.random() * 100)))
        f.write("COMMIT;\n")
        f.write("CREATE INDEX item_cat ON item(cat);\n")
        f.write("CREATE INDEX item_name ON item(name);\n")
        f.write("SELECT c.region, count(*), round(sum(i.price * i.qty), 2) FROM item i JOIN cat c ON i.cat = c.id"
                " GROUP BY c.region ORDER BY 3 DESC;\n")
        f.write("SELECT name, price FROM item WHERE price > 250 ORDER BY price DESC, name LIMIT 20;\n")
        f.write("UPDATE item SET qty = qty + 1 WHERE cat IN (SELECT id FROM cat WHERE region = '%s');\n" % vocab[0])
        f.write("SELECT c.label, avg(i.price) FROM cat c JOIN item i ON i.cat = c.id GROUP BY c.id"
                " HAVING count(*) > 12 ORDER BY 2 DESC LIMIT 20;\n")
        f.write("SELECT substr(name, 1, 3) AS p, count(*) FROM item GROUP BY p ORDER BY 2 DESC LIMIT 20;\n")
        f.write("DELETE FROM item WHERE qty < 10;\n")
        f.write("SELECT count(*), min(price), max(price) FROM item;\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
