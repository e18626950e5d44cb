// Templates of daemon messages: what varies (IDs, hex, numbers, IPs, durations, quoted values) is masked, what
// says what happened is kept; the key made without building the template is the template's.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOfTemplate, templateKey, templateOf, TEMPLATE_MAX } from '../../src/unrecognized/template.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 300;

describe('templateOf', () => {
  // Real lines: the bench generator's kubelet and containerd lines, containerd 1.7's CRI error (catalogue §3),
  // moby#38999's terminal logrus, kubelet's legacy printf wording (kubernetes#72592).
  const cases: [string, string][] = [
    [
      'time="2024-09-10T08:00:00.021079758+08:00" level=info msg="loading plugin \\"io.containerd.ttrpc.v1.task\\"..." runtime=io.containerd.runc.v2 type=io.containerd.ttrpc.v1',
      'level=info msg="loading plugin \\"<*>\\"..." runtime=<*> type=<*>',
    ],
    [
      'I0910 08:00:04.000001    1789 prober.go:107] "Probe failed" probeType="Readiness" pod="default/nginx-7d9f8b6c5-x2kqz" podUID=1f2e3d4c-aaaa-bbbb-cccc-111122223333 containerName="nginx" probeResult="failure" output="HTTP probe failed with statuscode: 503"',
      'I prober.go:<n>] "Probe failed" probeType=<*> pod=<*> podUID=<*> containerName=<*> probeResult=<*> output=<*>',
    ],
    ['I0910 08:00:04.000002    1789 kubelet.go:1931] SyncLoop (DELETE, "api"): "nginx-7d9f8b6c5-x2kqz_default(1f2e3d4c-aaaa-bbbb-cccc-111122223333)"', 'I kubelet.go:<n>] SyncLoop (DELETE, "<*>"): "<*>"'],
    ['INFO[2019-04-11T10:39:37.413880563-07:00] shim disconnected                             id=4f6c70a97d12306f1d8250715e308508921167a36dd1182b53d3b1a5c47615c7', 'INFO[<*>] shim disconnected id=<*>'],
    ['Killing container "docker://4f6c70a97d12" with 30 second grace period', 'Killing container "<*>" with <n> second grace period'],
    [
      'time="2023-03-01T10:00:00Z" level=error msg="StopPodSandbox for \\"4f6c70a97d12306f1d8250715e308508921167a36dd1182b53d3b1a5c47615c7\\" failed" error="failed to destroy network for sandbox \\"4f6c70a97d12306f1d8250715e308508921167a36dd1182b53d3b1a5c47615c7\\": plugin type=\\"portmap\\" failed (delete): timeout after 1m30s dialing 10.244.1.5:8080"',
      'level=error msg="StopPodSandbox for \\"<*>\\" failed" error="failed to destroy network for sandbox \\"<*>\\": plugin type=<*> failed (delete): timeout after <dur> dialing <ip>:<n>"',
    ],
    [
      'time="2024-01-01T00:00:00Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:nginx,Uid:1f2e3d4c,Namespace:default,Attempt:0,}"',
      'level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:<*>,Uid:<*>,Namespace:<*>,Attempt:<*>,}"',
    ],
    ['cni0: port 3(veth1a2b3c4d) entered forwarding state', 'cni0: port <n>(<*>) entered forwarding state'],
    ['Handler for GET /v1.43/containers/abcdefabcdef/json returned error: No such container: abcdefabcdef', 'Handler for GET /<*>/containers/<id>/json returned error: No such container: <id>'],
    ['pulled image in 1.52s (12345678 bytes, 12MiB)', 'pulled image in <dur> (<n> bytes, <n>)'],
  ];
  for (const [line, template] of cases) it(`${template}`, () => expect(templateOf(line)).toBe(template));

  it('takes the first line of a multi-line message, and cuts a long one', () => {
    expect(templateOf('Probe failed 3 times\n\tHTTP 503')).toBe('Probe failed <n> times');
    const long = templateOf('x '.repeat(400));
    expect(long.length).toBeLessThanOrEqual(TEMPLATE_MAX + 1);
    expect(long.endsWith('…')).toBe(true);
  });

  it('reads the message where it sits in a longer text (a chunk of the file)', () => {
    const chunk = 'Sep 10 08:00:00 node kubelet[1]: I0910 08:00:00.000001    1 kubelet.go:1] "SyncLoop (probe)" probe="readiness" status="ready"\nnext line';
    const start = chunk.indexOf('I0910');
    expect(templateOf(chunk, start, chunk.indexOf('\n'))).toBe('I kubelet.go:<n>] "SyncLoop (probe)" probe=<*> status=<*>');
  });
});

/** Values of one kind each: the slots of a message shape. */
const hexChars = (n: number) => fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: n, maxLength: n }).map((c) => c.join(''));
const VALUES = {
  '64hex': hexChars(64),
  '12hex': hexChars(12),
  uuid: fc.uuid(),
  number: fc.nat({ max: 1_000_000 }).map(String),
  ip: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')),
  duration: fc.tuple(fc.nat(59), fc.nat(999)).map(([s, ms]) => `${s}.${ms}s`),
};
const kinds = Object.keys(VALUES) as (keyof typeof VALUES)[];

describe('masking', () => {
  it('two lines that differ only in IDs, hex, numbers, IPs and durations of the same kind give one template', () => {
    // Each slot keeps its kind across the two lines (a number where a number was), its value free.
    const valueOf = (kind: keyof typeof VALUES) => VALUES[kind];
    const shape = fc.array(fc.tuple(fc.constantFrom('sandbox ', 'pod ', 'took ', 'from ', 'id=', 'for \\"', ' (retry '), fc.constantFrom(...kinds)), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        shape.chain((s) => fc.tuple(fc.constant(s), fc.tuple(...s.map(([, k]) => valueOf(k))), fc.tuple(...s.map(([, k]) => valueOf(k))), fc.boolean())),
        ([s, a, b, logrus]) => {
          const line = (values: string[]) => s.map(([word], i) => `${word}${values[i]}${word.endsWith('"') ? '\\"' : ''}`).join(' ');
          const wrap = (m: string) => (logrus ? `time="2024-09-10T08:00:00Z" level=info msg="${m}" id=${a[0]}` : m);
          expect(templateOf(wrap(line(a)))).toBe(templateOf(wrap(line(b))));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a quoted value is masked whatever it holds, and the message of a logrus line is kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }).filter((s) => !/["\\\n]/.test(s)), fc.string({ unit: 'grapheme-ascii' }).filter((s) => !/["\\\n]/.test(s)), (x, y) => {
        expect(templateOf(`Deleting pod "${x}" from network`)).toBe('Deleting pod "<*>" from network');
        expect(templateOf(`time="t" level=warning msg="cleaning up" pod="${y}"`)).toBe('level=warning msg="cleaning up" pod=<*>');
      }),
      { numRuns: RUNS },
    );
  });

  it("the key made without the template is the template's key", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 400 }), (text) => {
        expect(templateKey(text)).toBe(keyOfTemplate(templateOf(text)));
      }),
      { numRuns: RUNS * 3 },
    );
    for (const [line] of [['I0910 08:00:04.000002    1789 kubelet.go:1931] SyncLoop (DELETE, "api"): "x"'], ['INFO[0000] Daemon has completed initialization'], ['y '.repeat(400)]]) expect(templateKey(line!)).toBe(keyOfTemplate(templateOf(line!)));
  });
});
