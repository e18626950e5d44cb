// systemctl status blocks (samples/formats/systemctl-status/SOURCE.md): the units' journal lines become records,
// headers are skipped, and lines the terminal cut are counted with their reason, never read.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareChop, displayWidth, terminalCut } from '../../src/formats/_terminal-cut.js';
import { systemctlStatus } from '../../src/formats/systemctl-status.js';
import { headOf, runFormat } from '../helpers/run-format.js';
import { readFileSync } from 'node:fs';
import { ingest } from '../../src/ingest.js';
import { runJournal } from '../helpers/run-journal.js';

const DIR = path.resolve(__dirname, '../../samples/formats/systemctl-status');
const at = (c: string, f = 'input'): string => path.join(DIR, c, f);
const run = (c: string, f = 'input') => runJournal(at(c, f), { path: 'sos_commands/systemd/systemctl_status_--all' });

describe('systemctl-status', () => {
  it.each([
    ['docker-for-linux-281', 4, 'dockerd', 13714, 4],
    ['docker-for-linux-476', 5, 'dockerd', 18322, 1],
    ['kubernetes-54542', 2, 'systemd', 1, 10],
    ['coreos-bugs-584', 6, 'systemd', 1, 9],
  ])('%s: %i journal records (first %s[%i], month %i), the header skipped', (c, count, ident, pid, month) => {
    const r = run(c);
    expect(r.format?.id).toBe('systemctl-status');
    expect(r.records).toHaveLength(count);
    expect(r.records[0]!).toMatchObject({ ident, pid });
    expect(r.records.every((x) => x.stamp!.month === month)).toBe(true);
    expect(r.counters.records + r.counters.skipped + r.counters.unparsed).toBe(r.counters.lines);
  });

  it('reads the line the pager chopped when what decides it ends before the cut (_cut-readable.ts): dockerd 18.09\'s "ignoring event" with topic=/tasks/delete whole', async () => {
    const r = run('docker-for-linux-476');
    expect(r.unparsed).toHaveLength(0);
    expect(r.records.at(-1)!.message).toMatch(/type="\*events\.Ta>$/);
    const ing = await ingest([at('docker-for-linux-476')], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.source.line, e.kind, e.ids])).toEqual([[10, 'task.deleted', []]]);
  });

  it.each([['input'], ['input.C']])('reads only the intact lines of an ellipsized block (%s): PID 1\'s, not the cut daemon lines', async (f) => {
    const r = run('ellipsized-journalctl-252', f);
    expect(r.unparsed.map((u) => u.reason.split(' ')[0])).toEqual(['ellipsized', 'ellipsized', 'ellipsized', 'ellipsized', 'ellipsized']);
    expect(r.unparsed.every((u) => /level=i[nfo]*(…|\.\.\.)/.test(u.text))).toBe(true);
    // "Stopping Docker Application Container Engine..." is shorter than the terminal: its "..." is its own
    expect(r.records.map((x) => x.message)).toEqual([
      '[49B blob data]',
      'Stopping Docker Application Container Engine...',
      'Stopped Docker Application Container Engine.',
      'Starting Docker Application Container Engine...',
      'Started Docker Application Container Engine.',
    ]);
    const ing = await ingest([at('ellipsized-journalctl-252', f)], { tz: null, year: null, host: null });
    // nothing from the cut dockerd lines ("Processing signal 'terminated'", "API listen on") becomes an event
    expect(ing.events.every((e) => !/level=/.test(e.text))).toBe(true);
    expect(ing.events.length).toBeGreaterThan(0);
  });
});

describe('systemctl-status without the ellipsis hint', () => {
  it('reads a widest line ending in "..." as the line it is', () => {
    const text = [
      '● docker.service - Docker Application Container Engine',
      '   Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; vendor preset: disabled)',
      '',
      'Sep 14 11:39:42 centos79 systemd[1]: Stopping Docker Application Container Engine...',
      'Sep 14 11:44:01 centos79 systemd[1]: Starting Docker Application Container Engine...',
      'Sep 14 11:44:03 centos79 systemd[1]: Started Docker Application Container Engine.',
      '',
    ].join('\n');
    const r = runFormat(systemctlStatus, text, 'sos_commands/systemd/systemctl_status_docker');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => x.message)).toEqual(['Stopping Docker Application Container Engine...', 'Starting Docker Application Container Engine...', 'Started Docker Application Container Engine.']);
  });
});

describe('terminal cuts', () => {
  it('counts East Asian wide characters as two columns', () => {
    expect(displayWidth("9月 14")).toBe(6);
    expect(displayWidth("Sep 14")).toBe(6);
    expect(displayWidth("9月")).toBe(3);
  });

  it('takes a mark as a cut only at the widest width', () => {
    expect(terminalCut('abc…def', 7, 7)).toBe('ellipsized');
    expect(terminalCut('abc…def', 7, 9)).toBeNull();
    expect(terminalCut('x="a>', 5, 5)).toBe('chopped');
    expect(terminalCut('plain text', 10, 10)).toBeNull();
  });

  it('takes a ">" for a chop only when it closes nothing', () => {
    expect(bareChop('type="*events.Ta>')).toBe(true);
    expect(bareChop('error="<nil>')).toBe(false);
    expect(bareChop('err=<')).toBe(false);
    expect(bareChop('  >')).toBe(false);
  });
});

describe('systemctl-status pasted after prompts, its one long journal line wrapped by the pager (minikube#10374)', () => {
  const file = path.resolve(__dirname, '../../samples/wild/minikube-10374-prompts-systemctl-status-docker-dead-wrapped-version.log');
  const text = readFileSync(file, 'utf8');

  it('reads the block after the ticket\'s prompts, TriggeredBy: as a property, and joins the wrapped rest: the version is read', async () => {
    const r = runFormat(systemctlStatus, text, 'ticket/comment.txt');
    expect(systemctlStatus.detect(headOf(text, 'ticket/comment.txt'))!.why).toMatch(/after 3 line\(s\) of the ticket/);
    // the three lines above the block (two prompts the prompt pattern does not know, and one it does)
    expect(r.unparsed.map((u) => u.line)).toEqual([1, 2, 4]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.message).toMatch(/graphdriver\(s\)=overlay2 version=20\.10\.2$/);
    expect(r.records[0]!.endLine).toBe(13);
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.kind, e.source.line, e.attrs['version']])).toEqual([['version.seen', 12, '20.10.2']]);
  });

  it('glues no prompt onto the widest line, and no rest after a line narrower than the widest', () => {
    const lines = text.split('\n');
    const prompt = runFormat(systemctlStatus, [...lines.slice(3, 12), 'docker@minikube:~$ exit', ''].join('\n'), 'x');
    expect(prompt.records[0]!.message).toMatch(/graphdriver\(s\)=$/);
    expect(prompt.unparsed.map((u) => u.text)).toEqual(['docker@minikube:~$ sudo systemctl status docker', 'docker@minikube:~$ exit']);
    const narrow = runFormat(systemctlStatus, [...lines.slice(4, 11), 'Feb 05 20:19:17 minikube dockerd[176]: x', lines[12], lines[11]!.slice(0, 40) + ' dockerd[176]: ' + 'y'.repeat(100), ''].join('\n'), 'x');
    expect(narrow.unparsed.map((u) => u.text)).toEqual([lines[12]]);
  });

  it('is not chosen when journal lines come before the header', () => {
    const j = 'Feb 05 20:19:17 minikube dockerd[176]: x\n' + text.split('\n').slice(4).join('\n');
    expect(systemctlStatus.detect(headOf(j, 'x'))).toBeNull();
  });
});
