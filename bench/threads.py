#!/usr/bin/env python3
"""Where the threads of a run wait (BENCHMARKS.md, "Where the threads wait, third look").

    python3 bench/threads.py node bin/podmortem.js analyze <inputs> --format json -o /tmp/r.json

Runs the command and samples every thread of it and of its children (the xz decodes) every 5 ms from
/proc/<pid>/task/<tid>/schedstat (on-CPU time, time waiting for a CPU). Prints per thread its life, on-CPU time, wait
for a CPU and idle time (life less both: what it would have left a CPU unused on a quiet machine, which load from
other work does not add to), then a timeline of what each wanted per 100 ms (TL_BUCKET=0.2: per 200 ms; TL_SHOW=0:
none; TL_WANT=0: on-CPU only) for the main thread, the worker (the busiest thread started later), the threads Node
starts at launch (V8's helpers) and the children. Linux only; the sampler itself takes a few % of one CPU."""
import os, sys, time, subprocess, collections
DT = 0.005
WANT = os.environ.get('TL_WANT', '1') == '1'
BUCKET = float(os.environ.get('TL_BUCKET', '0.1'))
t0 = time.time()
p = subprocess.Popen(sys.argv[1:])
tasks = {}  # (pid,tid) -> dict(comm, first, last, on, wait, samples list of (t,on,wait))
def descendants(pid):
    out = [pid]
    try:
        for tid in os.listdir(f'/proc/{pid}/task'):
            try:
                ch = open(f'/proc/{pid}/task/{tid}/children').read().split()
            except OSError: ch = []
            for c in ch: out += descendants(int(c))
    except OSError: pass
    return out
while p.poll() is None:
    now = time.time() - t0
    for pid in descendants(p.pid):
        try: tids = os.listdir(f'/proc/{pid}/task')
        except OSError: continue
        for tid in tids:
            try:
                ss = open(f'/proc/{pid}/task/{tid}/schedstat').read().split()
                comm = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
            except OSError: continue
            k = (pid, int(tid))
            d = tasks.get(k)
            if d is None: d = tasks[k] = dict(comm=comm, first=now, samples=[])
            d['comm'] = comm
            d['last'] = now
            d['samples'].append((now, int(ss[0]) / 1e9, int(ss[1]) / 1e9))
    time.sleep(DT)
wall = time.time() - t0
root = p.pid
def kind(k, d):
    if k[0] != root: return 'xz' if 'xz' in d['comm'] else d['comm']
    if k[1] == root: return 'main'
    return d['comm']
rows = []
for k, d in tasks.items():
    s = d['samples']
    on, wait = s[-1][1], s[-1][2]
    life = d['last'] - d['first']
    rows.append((kind(k, d), k, d['first'], life, on, wait))
# the busiest non-main node thread named 'node' or similar = worker
print(f'wall {wall:.2f}s  load {os.getloadavg()[0]:.2f}')
tot_on = sum(r[4] for r in rows)
print(f'CPU all threads+children {tot_on:.2f}s')
for r in sorted(rows, key=lambda r: -r[4]):
    if r[4] < 0.02: continue
    print(f'{r[0]:16s} tid {r[1][1]:7d} start {r[2]:5.2f} life {r[3]:5.2f} on {r[4]:5.2f} rqwait {r[5]:5.2f} idle {max(0, r[3]-r[4]-r[5]):5.2f}')
# timeline
nb = int(wall / BUCKET) + 1
def series(keys):
    b = [0.0] * nb
    for k in keys:
        s = tasks[k]['samples']
        prev = (s[0][0], 0.0, 0.0) if tasks[k]['first'] > 0.02 else (0.0, 0.0, 0.0)
        for (t, on, w) in s:
            # attribute the delta to bucket of t
            i = min(nb - 1, int(t / BUCKET))
            b[i] += (on - prev[1]) + ((w - prev[2]) if WANT else 0)
            prev = (t, on, w)
    return b
nodes = [k for k in tasks if k[0] == root]
main = [(root, root)]
early = [k for k in nodes if k != (root, root) and tasks[k]['first'] < 0.1]
others = sorted([k for k in nodes if k != (root, root) and k not in early], key=lambda k: -tasks[k]['samples'][-1][1])
worker = others[:1]
v8 = early
xz = [k for k in tasks if k[0] != root]
cols = [('main', series(main)), ('worker', series(worker)), ('v8', series(v8)), ('xz', series(xz))]
if os.environ.get('TL_SHOW', '1') == '1':
    print('t      ' + ' '.join(f'{c:>6s}' for c, _ in cols) + '   sum')
    for i in range(nb):
        vals = [c[1][i] / BUCKET for c in cols]
        print(f'{i*BUCKET:5.1f}  ' + ' '.join(f'{v:6.2f}' for v in vals) + f'  {sum(vals):5.2f} ' + '#' * int(round(sum(vals) * 10)))
sys.exit(p.returncode)
