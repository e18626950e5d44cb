// The journal gate is compiled from what each component declares (Component.gate): every component declares a
// pre-filter the gate understands, and the gate follows a new declaration without a list of names to update.
// Whether each declared message really passes is proven on real lines by catalogue.test.ts.

import { describe, expect, it } from 'vitest';
import { GatePlan, identFlags, NEED_NOTHING, NEED_RECORD, RecordGate } from '../../src/components/gate.js';
import { COMPONENTS } from '../../src/components/index.js';
import type { Component } from '../../src/components/types.js';

const need = (message: string, ident = 'kubelet') => {
  const line = `Sep 14 11:39:02 centos79 ${ident}[1789]: ${message}`;
  return new RecordGate().need(line, line.length - message.length, line.length, identFlags(ident), true);
};

describe('gate: logrus JSONFormatter bodies', () => {
  it('a JSON line holding a logrus keyword and a "msg" key is built; one without either is not', () => {
    const id = '4f2e9c1d7b3a5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';
    // containerd 1.6.20's own lines (samples/formats/logrus-json/containerd-1.6.20-ctr-run)
    expect(need(`{"id":"${id}","level":"info","msg":"shim disconnected","time":"2026-12-07T22:39:09.183636638Z"}`, 'containerd')).toBe(NEED_RECORD);
    expect(need('{"level":"info","msg":"Stop CRI service","time":"2026-12-07T22:39:11.329651708Z"}', 'containerd')).toBe(NEED_RECORD);
    expect(need('{"level":"info","msg":"loading plugin \\"io.containerd.grpc.v1.tasks\\"...","time":"2026-12-07T22:39:03.609960129Z","type":"io.containerd.grpc.v1"}', 'containerd')).toBe(NEED_NOTHING);
  });
});

describe('gate: every component declares its pre-filter', () => {
  it('each gate has a body the gate compiles, and something to look for', () => {
    for (const c of COMPONENTS) {
      const g = c.gate;
      expect(['logrus', 'klog', 'text', 'ident'], c.id).toContain(g.body);
      if (g.body === 'logrus' || g.body === 'text') expect(g.keywords.length, `${c.id}: keywords`).toBeGreaterThan(0);
      if (g.body === 'klog') expect(g.messages.length + g.printf.length, `${c.id}: messages`).toBeGreaterThan(0);
      if (g.body === 'ident') expect(typeof g.ident, c.id).toBe('function');
    }
  });

  it('a new component is compiled in from its declaration: its keywords, messages and identifiers', () => {
    const extra: Component[] = [
      { id: 'x-logrus', gate: { body: 'logrus', keywords: ['frobnicated sandbox'] }, recognize: () => [] },
      { id: 'x-klog', gate: { body: 'klog', messages: ['Frobnicated pod'], printf: ['Frobnicating pod '], keywords: ['Frobnicat'] }, recognize: () => [] },
      { id: 'x-ident', gate: { body: 'ident', ident: (i) => i === 'frobd', keywords: [] }, recognize: () => [] },
      { id: 'x-text', gate: { body: 'text', keywords: ['FROB'] }, recognize: () => [] },
    ];
    const plan = new GatePlan([...COMPONENTS, ...extra]);
    expect(plan.logrus!.in('a frobnicated sandbox b', 0, 23)).toBe(true);
    expect(plan.klogByFirst['F'.charCodeAt(0)]).toContain('Frobnicated pod');
    expect(plan.printfByFirst['F'.charCodeAt(0)]).toContain('Frobnicating pod ');
    expect(plan.text!.in('xxFROBxx', 0, 8)).toBe(true);
    const flags = plan.identFlags('frobd');
    expect(flags & plan.always).not.toBe(0);
    // The registry's own plan has no plain-text reader: no line pays for that search.
    expect(new GatePlan(COMPONENTS).text).toBeNull();
  });

  it('a klog message starting with a non-ASCII character is refused when the gate is built', () => {
    expect(() => new GatePlan([{ id: 'x', gate: { body: 'klog', messages: ['Ünknown'], printf: [], keywords: [] }, recognize: () => [] }])).toThrow(/ASCII/);
  });
});

describe('gate: klog lines with or without their header', () => {
  it('passes a declared quoted message, with the header or alone', () => {
    expect(need('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/a"]')).toBe(NEED_RECORD);
    expect(need('"SyncLoop DELETE" source="api" pods=["default/a"]')).toBe(NEED_RECORD);
  });

  it('passes a printf message only when it starts with a declared prefix', () => {
    expect(need('I0615 00:03:23.998905  288702 kubelet_pods.go:1090] Killing unwanted pod "x"')).toBe(NEED_RECORD);
    expect(need('Killing unwanted pod "x"')).toBe(NEED_RECORD);
    expect(need('I0615 00:03:23.998905  288702 prober.go:117] Probe failed for pod "x"')).toBe(NEED_NOTHING);
    expect(need('I0615 00:03:23.998905  288702 kubelet.go:1] Killing time')).toBe(NEED_NOTHING);
  });

  it('passes a message after a header cut to `file.go:N]` or partly, and drops the same with an undeclared message', () => {
    expect(need('kubelet.go:2215] "SyncLoop DELETE" source="api" pods="[ingress-nginx/nginx-ingress-controller-rgm7x]"')).toBe(NEED_RECORD);
    expect(need('kuberuntime_container.go:561] Killing container "docker://763de1ad420fc26c5fd4997bac7cc44f5c540a123778fc18b636eb24fbc83d5a" with 30 second grace period')).toBe(NEED_RECORD);
    expect(need('13:07:05.123456   1579 kubelet_pods.go:1090] Killing unwanted pod "x"')).toBe(NEED_RECORD);
    expect(need('kubelet.go:2303] "SyncLoop (probe)" probe="readiness" status="ready"')).toBe(NEED_NOTHING);
    expect(need('prober.go:117] Probe failed for pod "x"')).toBe(NEED_NOTHING);
    // A 'file.go:N]' later in a line that opens with a message: the message alone is what the kubelet reads.
    expect(need('Killing unwanted pod "x.go:1] y"')).toBe(NEED_RECORD);
  });

  it('drops quoted messages no klog reader declares', () => {
    expect(need('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop UPDATE" source="api" pods=["default/a"]')).toBe(NEED_NOTHING);
    expect(need('"Probe failed" probeType="Readiness"')).toBe(NEED_NOTHING);
  });

  it('reads a quoted message with escapes as parseKlog does, whatever its length on the line', () => {
    // An escape makes the quoted text longer than the message: 'SyncLoop ADD' once unquoted.
    expect(need('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop\\ ADD" source="api"')).toBe(NEED_RECORD);
    // An escape that stands for something else (\n, \u…) is left to parseKlog, also in a line ending unclosed.
    expect(need('I0914 11:39:02.118431    1789 kubelet.go:2430] "Sync\\n')).toBe(NEED_RECORD);
    expect(need('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop AD"')).toBe(NEED_NOTHING);
    expect(need('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop ADDS"')).toBe(NEED_NOTHING);
  });
});
