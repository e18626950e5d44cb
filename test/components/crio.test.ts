// CRI-O's own sandbox lines (components/crio.ts): real journal lines of cri-o/cri-o#6699 and #8250 (samples/wild).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crio } from '../../src/components/crio.js';
import { ingest } from '../../src/ingest.js';

const WILD = path.resolve(__dirname, '../../samples/wild');
const eventsOf = async (slug: string) => (await ingest([path.join(WILD, `${slug}.log`)], { tz: null, year: null, host: null })).events;

describe('crio', () => {
  it("a pod sandbox's stop, start and end: the stop's start, then its end, each with the sandbox ID (cri-o#6699)", async () => {
    const events = (await eventsOf('cri-o-6699-journal-crio-restart-stopping-stopped-pod-sandbox')).filter((e) => e.attrs.via === 'crio');
    const id = 'c826ce942387614e0910805bd1b9e26c7dc11140fc4ed6a5f0a69432e45e6f7f';
    expect(events.map((e) => [e.source.line, e.kind, e.ids])).toEqual([
      [2, 'sandbox.teardown.start', [id]],
      [3, 'sandbox.stopped', [id]],
    ]);
  });

  it('the run names the pod from the infra container (cri-o#8250, zh_CN journal)', async () => {
    const ran = (await eventsOf('cri-o-8250-chinese-month-journal-ran-pod-sandbox-then-stopping')).find((e) => e.kind === 'sandbox.started')!;
    expect([ran.source.line, ran.ids, ran.attrs.pod]).toEqual([2, ['e24892f993e7128e38039fcc4eaa3c5308bc8de63606321694410c60c97f0596'], 'default/example-pod-2']);
  });

  it("the same words from another program or below info are a client's request, not CRI-O's doing: nothing", async () => {
    const rec = (await ingest([path.join(WILD, 'cri-o-6699-journal-crio-restart-stopping-stopped-pod-sandbox.log')], { tz: null, year: null, host: null })).events.find((e) => e.kind === 'sandbox.teardown.start')!;
    const msg = `Stopping pod sandbox: ${rec.ids[0]}`;
    const input = (ident: string | null, level: string) => ({
      rec: { stamp: null, absUs: null, domain: 'host' as const, host: null, ident, pid: null, message: `level=${level} msg="${msg}"`, source: { path: 'x', line: 1 }, raw: '' },
      logrus: { time: null, timeText: null, level, msg, fields: {}, prefix: '' },
      klog: null,
    });
    expect(crio.recognize(input('crio', 'info')).map((d) => d.kind)).toEqual(['sandbox.teardown.start']);
    expect(crio.recognize(input('crictl', 'info'))).toEqual([]);
    expect(crio.recognize(input('crio', 'debug'))).toEqual([]);
  });
});
