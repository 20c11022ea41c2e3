"""The study's interpreter workload (study/study.sh runs it under Debian's
python3 -S -E): a fixed, seeded mix of what scripts do -- a word count in a
dict, string building and splitting, sorting tuples, a small JSON round trip
and a sieve -- printing one digest line so that a wrong run is visible."""
import json
import random

rng = random.Random(14)
syll = ["ka", "to", "ri", "me", "su", "na", "lo", "pe", "di", "ga", "mu", "ve"]
vocab = ["".join(rng.choice(syll) for _ in range(rng.randint(1, 4))) for _ in range(3000)]

counts = {}
for _ in range(60000):
    w = vocab[int(rng.random() ** 2 * len(vocab))]
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:50]

records = [{"id": i, "name": rng.choice(vocab), "score": rng.random(), "tags": [rng.choice(syll) for _ in range(3)]}
           for i in range(5000)]
blob = json.dumps(records)
back = json.loads(blob)
ranked = sorted(back, key=lambda r: (r["score"], r["id"]))

text = " ".join(r["name"] for r in ranked)
lens = sum(len(s) for s in text.split())

n = 200000
sieve = bytearray([1]) * n
sieve[0:2] = b"\x00\x00"
for i in range(2, int(n ** 0.5) + 1):
    if sieve[i]:
        sieve[i * i::i] = bytearray(len(range(i * i, n, i)))
print(top[0], len(blob), ranked[0]["id"], lens, sum(sieve))
