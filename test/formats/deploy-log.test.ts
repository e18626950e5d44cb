import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { deployLog, deployMessage } from '../../src/formats/deploy-log.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const run = (caseName: string) => runFormat(deployLog, fixture('deploy-log', caseName), `var/log/${caseName}.log`);

const CHINESE = 'python-logging-name-level-chinese-steps';
const MAINT = 'python-logging-padded-level-bracket-name';
const TRACEBACK = 'python-logging-exception-traceback';
const FIRST = '2024-09-14 11:44:02,249 - xxx INFO - 开始卸载docker...';

describe('deploy-log: captured cases', () => {
  it('every case folder is covered below', () => {
    expect(fixtureCases('deploy-log')).toEqual([TRACEBACK, CHINESE, MAINT].sort());
  });

  it(`${CHINESE}: golden counters (12 one-line records)`, () => {
    expect(run(CHINESE).counters).toEqual({ lines: 12, records: 12, events: 0, skipped: 0, unparsed: 0 });
  });

  it(`${MAINT}: golden counters (6 one-line records)`, () => {
    expect(run(MAINT).counters).toEqual({ lines: 6, records: 6, events: 0, skipped: 0, unparsed: 0 });
  });

  // Was a bug: the last line of a Python traceback names the exception with its module
  // ("subprocess.CalledProcessError: …"); the continuation test /^\w+Error:/ only accepts a bare class
  // name, so that line is counted unparsed instead of being appended to the ERROR record.
  it(`${TRACEBACK}: golden counters (traceback lines are continuations)`, () => {
    expect(run(TRACEBACK).counters).toEqual({ lines: 9, records: 3, events: 0, skipped: 6, unparsed: 0 });
  });

  it(`${TRACEBACK}: "Traceback" and the indented frame lines are appended to the ERROR record`, () => {
    const r = run(TRACEBACK);
    expect(r.records).toHaveLength(3);
    const err = r.records[1]!;
    expect(err.source.line).toBe(2);
    expect(err.message.split('\n').slice(0, 6)).toEqual([
      '- deploy ERROR - 卸载失败',
      'Traceback (most recent call last):',
      '  File "/tmp/kube-deploy/deploy.py", line 9, in <module>',
      "    subprocess.run(['false'], check=True)",
      '  File "/usr/lib/python3.11/subprocess.py", line 571, in run',
      '    raise CalledProcessError(retcode, process.args,',
    ]);
    expect(r.records[2]).toMatchObject({ source: { line: 9 }, message: '- deploy INFO - 重新安装docker (28.3.3)' });
    expect(r.records[2]!.message).not.toContain('Traceback');
  });

  // Was a bug: same cause as above — with the fix, the final exception line belongs to the ERROR record.
  it(`${TRACEBACK}: the "subprocess.CalledProcessError: …" line ends the ERROR record`, () => {
    const r = run(TRACEBACK);
    expect(r.records[1]!.message.split('\n').at(-1)).toBe("subprocess.CalledProcessError: Command '['false']' returned non-zero exit status 1.");
    expect(r.records[1]!.endLine).toBe(8);
  });

  const claims = (c: string) => () => {
    const head = headOf(fixture('deploy-log', c), `var/log/${c}.log`);
    const mine = deployLog.detect(head);
    expect(mine).not.toBeNull();
    expect(mine!.score).toBeGreaterThanOrEqual(0.5);
    for (const other of FORMATS.filter((f) => f.id !== 'deploy-log')) expect(other.detect(head)?.score ?? 0).toBeLessThan(mine!.score);
  };
  it(`${CHINESE}: detect() claims it above every other format`, claims(CHINESE));
  it(`${MAINT}: detect() claims it above every other format`, claims(MAINT));
  // Was a bug: detect() counts traceback lines in the denominator (3 timestamped lines of 9 = 0.33 < 0.6), so a
  // deploy log whose first 64 lines hold a logger.exception() traceback is not claimed by any format.
  it(`${TRACEBACK}: detect() claims it above every other format`, claims(TRACEBACK));
});

describe('deploy-log: record fields', () => {
  it('Chinese deploy log: local wall clock with milliseconds, no zone, host clock domain', () => {
    const rec = run(CHINESE).records[0]!;
    expect(rec).toEqual({
      stamp: { year: 2025, yearShift: 0, month: 8, day: 19, hour: 14, minute: 25, second: 52, micro: 417000, offsetMin: null },
      absUs: null,
      domain: 'host',
      host: null,
      ident: 'deploy',
      pid: null,
      message: '- deploy INFO - 开始卸载docker...',
      source: { path: `var/log/${CHINESE}.log`, line: 1 },
      raw: '2025-08-19 14:25:52,417 - deploy INFO - 开始卸载docker...',
    });
  });

  it('"%(asctime)s - %(name)s %(levelname)s - %(message)s": name, level and message are separated', () => {
    const recs = run(CHINESE).records;
    expect(deployMessage(recs[0]!.message)).toEqual({ msg: '开始卸载docker...', level: 'INFO', name: 'deploy' });
    expect(deployMessage(recs[4]!.message)).toEqual({ msg: '清理残留的containerd-shim进程', level: 'WARNING', name: 'deploy' });
    expect(recs.map((r) => deployMessage(r.message).msg)).toEqual([
      '开始卸载docker...',
      '停止kubelet',
      '停止cri-docker',
      '停止docker',
      '清理残留的containerd-shim进程',
      '卸载docker-ce docker-ce-cli containerd.io cri-dockerd',
      '删除 /var/lib/docker /var/lib/cri-dockerd',
      '重新安装docker (28.3.3)',
      '启动docker',
      '启动cri-docker',
      '启动kubelet',
      '部署完成',
    ]);
  });

  it('"%(asctime)s %(levelname)-8s [%(name)s] %(message)s": the padded level and bracketed name are separated', () => {
    const recs = run(MAINT).records;
    expect(recs[0]!.stamp).toMatchObject({ year: 2025, month: 7, day: 8, hour: 13, minute: 55, second: 9, micro: 502000, offsetMin: null });
    expect(deployMessage(recs[0]!.message)).toEqual({
      msg: 'step 1/4 drain: kubectl drain qa-worker-11 --ignore-daemonsets --delete-emptydir-data',
      level: 'INFO',
      name: 'node-maint',
    });
    expect(deployMessage(recs[2]!.message).msg).toBe('step 2/4 runtime: systemctl restart docker (daemon.json: log-opts max-size=50m)');
  });

  it('a message in no known layout is returned whole', () => {
    expect(deployMessage('just some text')).toEqual({ msg: 'just some text', level: null, name: null });
  });
});

describe('deploy-log: lines it must refuse', () => {
  const cases: [string, string, string][] = [
    ['month 13, day 40', '2024-13-40 11:44:02,249 - xxx INFO - 开始卸载docker...', 'impossible date or time'],
    ['29 February of a common year', '2025-02-29 11:44:02,249 - xxx INFO - 开始卸载docker...', 'impossible date or time'],
    ['hour 24', '2024-09-14 24:44:02,249 - xxx INFO - 开始卸载docker...', 'impossible date or time'],
    ['a line with no timestamp at all', 'kubectl: command not found', 'no "YYYY-MM-DD HH:MM:SS" timestamp'],
    ['a date without time', '2024-09-14 - xxx INFO - 开始卸载docker...', 'no "YYYY-MM-DD HH:MM:SS" timestamp'],
  ];
  for (const [what, bad, reason] of cases) {
    it(`${what}: unparsed with a reason, neighbours intact`, () => {
      const r = runFormat(deployLog, [FIRST, bad, FIRST].join('\n'));
      expect(r.counters).toEqual({ lines: 3, records: 2, events: 0, skipped: 0, unparsed: 1 });
      expect(r.unparsed[0]).toEqual({ line: 2, reason, text: bad });
      expect(r.records[0]!.message).toBe('- xxx INFO - 开始卸载docker...');
    });
  }

  it('29 February of a leap year is accepted', () => {
    const r = runFormat(deployLog, '2024-02-29 11:44:02,249 - xxx INFO - x');
    expect(r.counters).toEqual({ lines: 1, records: 1, events: 0, skipped: 0, unparsed: 0 });
  });

  // Was a bug: a line refused for an impossible date does not close the record before it, so the traceback
  // that belongs to the refused line is appended to the previous, unrelated record.
  it('lines following a refused line are not appended to the record before it', () => {
    const r = runFormat(deployLog, [FIRST, '2024-13-40 11:44:03,000 - xxx ERROR - 卸载失败', 'Traceback (most recent call last):'].join('\n'));
    expect(r.records[0]!.message).toBe('- xxx INFO - 开始卸载docker...');
    expect(r.unparsed.map((u) => u.line)).toEqual([2, 3]);
  });

  it('CRLF line ends are stripped', () => {
    const r = runFormat(deployLog, fixture('deploy-log', CHINESE).replace(/\n/g, '\r\n'));
    expect(r.counters).toEqual({ lines: 12, records: 12, events: 0, skipped: 0, unparsed: 0 });
    expect(r.records.some((rec) => rec.message.endsWith('\r'))).toBe(false);
  });

  it('never throws on garbage; each line is a record, skipped or unparsed', () => {
    const garbage = ['\u0000', '   ', 'Traceback (most recent call last):', '9999-99-99 99:99:99', 'x'.repeat(100_000), '2024-09-14T11:44:02', ''];
    const r = runFormat(deployLog, garbage.join('\n') + '\n');
    expect(r.counters.lines).toBe(garbage.length);
    expect(r.counters.records + r.counters.skipped + r.counters.unparsed).toBe(garbage.length);
    expect(r.counters.records).toBe(0);
  });
});

describe('deploy-log: detect() refuses other formats', () => {
  it('a journal short-iso line (starts with a date, but "+0200 host ident[pid]:")', () => {
    expect(deployLog.detect(headOf(fixture('journal-short', 'short-iso-kubelet-err-multiline-blocks')))).toBeNull();
    expect(deployLog.detect(headOf('2025-10-14T09:31:26+0200 par-worker-2 kubelet[1533]: I1014 09:31:26.612318    1533 kubelet.go:2421] "SyncLoop ADD" source="api" pods=["iot/zigbee2mqtt-v4ckzhf2lc-jkt98"]'))).toBeNull();
  });

  it('a journal short-iso-precise rendering', () => {
    expect(deployLog.detect(headOf(fixture('journal-short', 'short-iso-precise-offset-without-colon')))).toBeNull();
  });

  it('a logrus body with time="YYYY-…" (daemon output, not a deploy log)', () => {
    expect(deployLog.detect(headOf('2024-09-14 11:39:42 time="2024-09-14T11:39:42.015893387+08:00" level=info msg="Processing signal \'terminated\'"'))).toBeNull();
  });

  it('an iptables-save dump', () => {
    expect(deployLog.detect(headOf(fixture('iptables-save', 'save-t-nat')))).toBeNull();
  });
});
