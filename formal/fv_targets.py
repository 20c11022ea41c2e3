#!/usr/bin/env python3
"""fv_targets.py IN.il OUT.il MODE [PATTERN]

Turn the formal cells of a flattened RTLIL design into top-level outputs, so
that `write_aiger -miter` makes each one its own AIGER bad-state property and
the output names in the map file say which property an ABC result is about.

MODE assert: every $assert (whose label matches PATTERN, a regex; default
             all) becomes an output `fv_<label>` = EN & !A (1 = violated);
             the other asserts are removed.
MODE cover:  every $cover becomes an output `fv_<label>` = EN & A
             (1 = reached); all asserts are removed.
The $assume cells are folded in (AIGER's -miter mode has no constraints):
a target output counts only while every assumption has held, from the
first cycle to the current one.
"""
import re
import sys

src, dst, mode = sys.argv[1:4]
pat = re.compile(sys.argv[4]) if len(sys.argv) > 4 else None
text = open(src).read()

# The top module (flattened: it holds every formal cell).
m = re.search(r'^attribute \\top 1\n(?:attribute [^\n]*\n)*module \S+\n(.*?)^end\n', text, re.S | re.M)
if not m:
    sys.exit("fv_targets: no top module in " + src)
body = m.group(1)
ports = [int(p) for p in re.findall(r'^\s*wire .*?\b(?:input|output|inout) (\d+) ', body, re.M)]
next_port = max(ports, default=0) + 1

cell_re = re.compile(r'((?:^  attribute [^\n]*\n)*)^  cell \$(assert|cover|assume) (\S+)\n(.*?)^  end\n', re.S | re.M)
extra, names, assumes = [], [], []
k = 0

def gate2(kind, a, b, y):
    global k
    k += 1
    return ('  cell $%s $fv_c%d\n    parameter \\A_SIGNED 0\n    parameter \\A_WIDTH 1\n'
            '    parameter \\B_SIGNED 0\n    parameter \\B_WIDTH 1\n    parameter \\Y_WIDTH 1\n'
            '    connect \\A %s\n    connect \\B %s\n    connect \\Y %s\n  end\n' % (kind, k, a, b, y))

def emit(name, a, en, invert):
    global next_port, k
    out = '\\fv_' + name.lstrip('\\').replace(' ', '_')
    lines = ['  wire output %d %s\n' % (next_port, out), '  wire $fv_raw_%d\n' % k]
    raw = '$fv_raw_%d' % k
    lines.append(gate2('and', raw, '$fv_env_ok', out))
    next_port += 1
    a_sig = a
    if invert:
        lines.append('  wire $fv_not_%d\n' % k)
        lines.append('  cell $not $fv_notc_%d\n    parameter \\A_SIGNED 0\n    parameter \\A_WIDTH 1\n'
                     '    parameter \\Y_WIDTH 1\n    connect \\A %s\n    connect \\Y $fv_not_%d\n  end\n' % (k, a, k))
        a_sig = '$fv_not_%d' % k
    lines.append('  cell $and $fv_andc_%d\n    parameter \\A_SIGNED 0\n    parameter \\A_WIDTH 1\n'
                 '    parameter \\B_SIGNED 0\n    parameter \\B_WIDTH 1\n    parameter \\Y_WIDTH 1\n'
                 '    connect \\A %s\n    connect \\B %s\n    connect \\Y %s\n  end\n' % (k, a_sig, en, raw))
    k += 1
    extra.append(''.join(lines))
    names.append(out.lstrip('\\'))

def repl(mm):
    kind, name, cbody = mm.group(2), mm.group(3), mm.group(4)
    a = re.search(r'connect \\A (.*)\n', cbody).group(1)
    en = re.search(r'connect \\EN (.*)\n', cbody).group(1)
    label = name.lstrip('\\')
    if kind == 'assume':
        assumes.append((a, en))
        return ''
    if mode == 'assert' and kind == 'assert' and (pat is None or pat.search(label)):
        emit(name, a, en, True)
    elif mode == 'cover' and kind == 'cover' and (pat is None or pat.search(label)):
        emit(name, a, en, False)
    return ''   # the cell itself is dropped either way

body2 = cell_re.sub(repl, body)
if not names:
    sys.exit("fv_targets: no %s cell matched" % mode)
# The environment: ok = no assumption violated before; env_ok = ok and none now.
env = ['  wire $fv_ok\n  wire $fv_ok_d\n  wire $fv_env_ok\n  wire $fv_now_ok\n']
viols = []
for i, (a, en) in enumerate(assumes):
    env.append('  wire $fv_na_%d\n  wire $fv_v_%d\n' % (i, i))
    env.append('  cell $not $fv_nac_%d\n    parameter \\A_SIGNED 0\n    parameter \\A_WIDTH 1\n'
               '    parameter \\Y_WIDTH 1\n    connect \\A %s\n    connect \\Y $fv_na_%d\n  end\n' % (i, a, i))
    env.append(gate2('and', '$fv_na_%d' % i, en, '$fv_v_%d' % i))
    viols.append('$fv_v_%d' % i)
if viols:
    env.append('  cell $logic_not $fv_nor\n    parameter \\A_SIGNED 0\n    parameter \\A_WIDTH %d\n'
               '    parameter \\Y_WIDTH 1\n    connect \\A { %s }\n    connect \\Y $fv_now_ok\n  end\n'
               % (len(viols), ' '.join(viols)))
else:
    env.append('  connect $fv_now_ok 1\'1\n')
clk = re.search(r'^\s*wire input \d+ (\\clk\S*)$', body, re.M).group(1)
env.append('  attribute \\init 1\'1\n  wire $fv_okq\n')
env.append('  cell $dff $fv_okff\n    parameter \\CLK_POLARITY 1\'1\n    parameter \\WIDTH 1\n'
           '    connect \\CLK %s\n    connect \\D $fv_ok_d\n    connect \\Q $fv_okq\n  end\n' % clk)
env.append('  connect $fv_ok $fv_okq\n')
env.append(gate2('and', '$fv_ok', '$fv_now_ok', '$fv_env_ok'))
env.append('  connect $fv_ok_d $fv_env_ok\n')
text = text[:m.start(1)] + body2 + ''.join(env) + ''.join(extra) + text[m.end(1):]
open(dst, 'w').write(text)
print('\n'.join(names))
