#!/usr/bin/env python3
"""fv_abc.py MODE DESIGN.aig DESIGN.aim DEPTH

Bounded model checking with ABC's bmc3 on an AIGER miter written from
fv_targets.py's output (each output a named property). Prints one line per
output: NAME STATUS STEP.

MODE assert: an output asserted = the property fails at that step
             (FAIL STEP); none within DEPTH steps: pass (PASS DEPTH).
             Every failing property is reported: a failed one is tied to 0
             and the search goes on.
MODE cover:  an output asserted = the cover is reached (REACHED STEP);
             otherwise UNREACHED DEPTH.
MODE ind:    the inductive step of k-induction (k = DEPTH) with ABC's
             `ind -F k+1`, after the combinational rewriting &dc2 (the same
             logic, smaller: live64's induction 5 s instead of 37 s): every
             output at once (ORed into one); from any
             state, k consecutive steps in which none is asserted (and every
             assumption holds) are followed by a step in which none is
             (shorter windows are tried first), as yosys-smtbmc -i -t k.
             Prints "PASS k" (with a base case from reset to step k-1 or
             more, `assert`, an unbounded proof) or "FAIL k" (a
             counterexample to induction, maybe unreachable).
Step 0 is the reset cycle. Exit status 0 when the run completed (whatever
it found), 2 on a tool error.
"""
import re
import subprocess
import sys

mode, aig, aim, depth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
names = {}
for line in open(aim):
    p = line.split()
    if p and p[0] == 'output':
        names[int(p[1])] = p[3]
if not names:
    sys.exit("fv_abc: no outputs in " + aim)

if mode == 'ind':
    r = subprocess.run(['yosys-abc', '-c', 'read_aiger %s; &get; &dc2; &put; orpos; ind -F %d' % (aig, depth + 1)],
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    if 'Networks are equivalent' in out:
        print('PASS %d' % depth)
    elif 'Networks are UNDECIDED' in out:
        print('FAIL %d' % depth)
    else:
        sys.stderr.write(out)
        sys.exit(2)
    sys.exit(0)

found = {}          # output index -> step
while True:
    cmds = ['read_aiger %s' % aig]
    cmds += ['zeropo -s -N %d' % k for k in sorted(found)]   # -s: no sweep, keep numbering
    cmds.append('bmc3 -F %d' % (depth + 1))
    r = subprocess.run(['yosys-abc', '-c', '; '.join(cmds)], capture_output=True, text=True)
    out = r.stdout + r.stderr
    m = re.search(r'Output (\d+) of miter "[^"]*" was asserted in frame (\d+)', out)
    if m:
        k, f = int(m.group(1)), int(m.group(2))
        if k in found:
            sys.exit("fv_abc: output %d found twice:\n%s" % (k, out))
        found[k] = f
        if len(found) == len(names):
            break
        continue
    if re.search(r'No output asserted in \d+ frames', out) or 'is already solved' in out:
        break
    sys.stderr.write(out)
    sys.exit(2)

for k in sorted(names):
    if mode == 'assert':
        st = ('FAIL %d' % found[k]) if k in found else ('PASS %d' % depth)
    else:
        st = ('REACHED %d' % found[k]) if k in found else ('UNREACHED %d' % depth)
    print(names[k].replace('fv_', '', 1), st)
