// Talos machined's log (src/formats/talos-log.ts) and its service runner's lines (src/components/talos.ts), on the
// real excerpts in samples/wild (each sourced in its .json): machined's own file form, the kernel-log form among the
// kernel's lines, and talosctl dmesg's envelope read by the envelope fallback.

import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { journalShort } from '../../src/formats/journal-short.js';
import { talosLog } from '../../src/formats/talos-log.js';
import { ingest } from '../../src/ingest.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const WILD = path.resolve(__dirname, '../../samples/wild');
const wild = (slug: string): string => path.join(WILD, `${slug}.log`);

async function read(slug: string) {
  const ing = await ingest([wild(slug)], { tz: null, year: null, host: null });
  return { input: ing.inputs[0]!, events: ing.events.map((e) => ({ line: e.source.line, kind: e.kind, daemon: e.attrs.daemon, service: e.attrs.service, time: e.time })) };
}

describe('talos-log', () => {
  it('`docker logs` of a Talos node: every line a record dated by Go\'s log stamp, the containerd service\'s start read (siderolabs/talos#11190)', async () => {
    const text = readFileSync(wild('talos-11190-docker-logs-service-containerd-starting'), 'utf8');
    const r = runFormat(talosLog, text, 'talos/machined.log');
    expect(r.counters).toMatchObject({ lines: 14, records: 14, unparsed: 0 });
    expect(r.records[7]).toMatchObject({ ident: 'talos', message: 'service[containerd](Starting): Starting service', stamp: { year: 2025, month: 6, day: 10, hour: 15, minute: 9, second: 23, offsetMin: null } });
    const got = await read('talos-11190-docker-logs-service-containerd-starting');
    expect(got.input.format).toBe('talos-log');
    // machined's own service (Starting, Running as a goroutine) is no followed daemon; Preparing lines are no lifecycle.
    expect(got.events.map(({ line, kind, daemon }) => [line, kind, daemon])).toEqual([[8, 'daemon.starting', 'talos-containerd']]);
  });

  it('the kernel log of a reboot: machined\'s lines undated among the kernel\'s, the kubelet\'s stop and end timeless (siderolabs/talos#9603)', async () => {
    const text = readFileSync(wild('talos-9603-kmsg-reboot-kubelet-stopping-finished'), 'utf8');
    expect(talosLog.detect(headOf(text, 'console.log'))!.score).toBeGreaterThan(journalShort.detect(headOf(text, 'console.log'))?.score ?? 0);
    const r = runFormat(talosLog, text, 'console.log');
    expect(r.counters).toMatchObject({ lines: 16, records: 16, unparsed: 0 });
    expect(r.records[6]).toMatchObject({ ident: 'kernel', stamp: null, message: 'cni0: port 1(veth0cdf4d7e) entered disabled state' });
    const got = await read('talos-9603-kmsg-reboot-kubelet-stopping-finished');
    expect(got.events).toEqual([
      { line: 15, kind: 'daemon.stopping', daemon: 'kubelet', service: 'kubelet', time: null },
      { line: 16, kind: 'daemon.stopped', daemon: 'kubelet', service: 'kubelet', time: null },
    ]);
  });

  it('talosctl dmesg: its RFC 3339 stamp before machined\'s line times it; the pods\' containerd (cri) and the kubelet up (siderolabs/talos#3054)', async () => {
    const got = await read('talos-3054-talosctl-dmesg-cri-kubelet-running');
    expect(got.input.format).toBe('enveloped');
    expect(got.input).toMatchObject({ records: 8, unparsed: 0 });
    expect(got.events).toEqual([
      { line: 1, kind: 'daemon.started', daemon: 'containerd', service: 'cri', time: Date.UTC(2021, 0, 14, 16, 16, 32) * 1000 + 740104 },
      { line: 6, kind: 'daemon.started', daemon: 'kubelet', service: 'kubelet', time: Date.UTC(2021, 0, 14, 16, 18, 32) * 1000 + 894153 },
    ]);
  });

  it('the restart runner: a process that exited and is run again is the daemon\'s stop; etcd is no followed daemon (siderolabs/talos#9271)', async () => {
    const got = await read('talos-9271-talosctl-dmesg-kubelet-cri-restart-forever');
    expect(got.events.map(({ line, kind, daemon }) => [line, kind, daemon])).toEqual([
      [2, 'daemon.stopped', 'kubelet'],
      [3, 'daemon.stopped', 'containerd'],
    ]);
  });

  it('a Talos kernel-log line is no journal line with host "[talos]" (siderolabs/talos#3151, read here, not by journal-short)', async () => {
    const got = await read('talos-3151-kmsg-upgrade-failed-quotes-stoppodsandbox-no-marks');
    expect(got.input.format).toBe('talos-log');
    // machined's upgrade error quotes a CRI failure: no service line, no event.
    expect(got.events).toEqual([]);
  });
});
