import { describe, expect, it } from 'vitest';
import { dockerInspect } from '../../src/formats/docker-inspect.js';
import { MAX_JSON_CHARS } from '../../src/formats/_json-doc.js';
import { fixture } from '../helpers/fixtures.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const B_SB = 'c8110a220547a31bd67baf489cbc0cf3c7a8a0d58002bf76098fadefdf13cc60';
const B_APP = '0dfb76822cb020c2f8ed58d488a58101aada08b6f7ace5a932319dce377481af';
const J_SB = 'a3f9c2e17b5d48e6a1c0f9e8d7b6a5c4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8';
const J_APP = '5b8e1d4a7c2f9e6b3d0a8c5f2e9b6d3a0c7f4e1b8d5a2c9f6e3b0d7a4c1f8e5b';
const PATH = 'sosreport-lab-node-5/sos_commands/docker/containers/docker_inspect_x';

// The whole array is one document: every line is read; all but the line each event cites are counted skipped.
const CASES: Record<string, CapturedCase> = {
  'inspect-sandbox-running': { path: PATH, counters: { lines: 188, records: 0, events: 1, skipped: 187, unparsed: 0 }, score: 0.95 },
  'inspect-app-container': { path: PATH, counters: { lines: 189, records: 0, events: 1, skipped: 188, unparsed: 0 }, score: 0.95 },
  'inspect-two-exited-job-pod': { path: PATH, counters: { lines: 383, records: 0, events: 2, skipped: 381, unparsed: 0 }, score: 0.95 },
  'inspect-plain-docker-ports': { path: PATH, counters: { lines: 204, records: 0, events: 1, skipped: 203, unparsed: 0 }, score: 0.95 },
};

const run = (c: string) => runFormat(dockerInspect, fixture('docker-inspect', c), PATH);

describe('docker-inspect: captured cases (real docker CLI output)', () => describeCapturedCases(dockerInspect, CASES));

describe('docker-inspect: container.observed', () => {
  it('a running sandbox: podsandbox label, pod from labels, its own ID as sandboxId, at the "Id" line', () => {
    const [e] = run('inspect-sandbox-running').events;
    expect(e!.kind).toBe('container.observed');
    expect(e!.ids).toEqual([B_SB]);
    expect(e!.attrs).toEqual({
      name: 'k8s_POD_beats-gateway-qtvcfcrcxd-7x6g9_elk_26b1aec5-f1ac-4db9-9bc3-89159ab62ce3_0',
      pod: 'elk/beats-gateway-qtvcfcrcxd-7x6g9',
      container: 'POD',
      sandbox: true,
      sandboxId: B_SB,
      running: true,
      status: 'running',
      exitCode: 0,
      startedAt: '2025-09-23T04:51:45.758603105Z',
      finishedAt: '0001-01-01T00:00:00Z',
      networkMode: 'none',
      source: 'docker inspect',
    });
    expect(e!.source).toEqual({ path: PATH, line: 3 });
    expect(e!.text).toBe(`"Id": "${B_SB}",`);
  });

  it('an app container points at its sandbox (io.kubernetes.sandbox.id)', () => {
    const [e] = run('inspect-app-container').events;
    expect(e!.attrs).toMatchObject({ sandbox: false, sandboxId: B_SB, container: 'beats', networkMode: `container:${B_SB}`, running: true });
    expect(e!.ids).toEqual([B_APP]);
  });

  it('two objects in one array: each event at its own "Id" line', () => {
    const r = run('inspect-two-exited-job-pod');
    const lines = fixture('docker-inspect', 'inspect-two-exited-job-pod').split('\n');
    expect(r.events.map((e) => [e.ids[0], e.attrs.sandbox, e.attrs.running, e.attrs.status, e.attrs.exitCode])).toEqual([
      [J_SB, true, false, 'exited', 0],
      [J_APP, false, false, 'exited', 0],
    ]);
    for (const e of r.events) expect(lines[e.source.line - 1]!.trim()).toBe(e.text);
    expect(r.events[1]!.source.line).toBeGreaterThan(r.events[0]!.source.line);
  });

  it('a container that is not Kubernetes\' has no pod and is no sandbox', () => {
    expect(run('inspect-plain-docker-ports').events[0]!.attrs).toMatchObject({ name: 'registry', pod: null, sandbox: false, sandboxId: null, networkMode: 'bridge' });
  });
});

describe('docker-inspect: refusals and bounds, counted and never thrown', () => {
  it('detect(): image and network inspects, docker ps and kubectl JSON are not container inspects', () => {
    for (const text of [
      '[\n    {\n        "Id": "sha256:873ed75102791e5b0b8a7fcd41606c92fcec98d56d05ead4ac5131650004c136",\n        "RepoTags": [\n            "registry.k8s.io/pause:3.10"\n        ]\n    }\n]',
      `[\n    {\n        "Name": "bridge",\n        "Id": "${B_SB}",\n        "Scope": "local",\n        "Driver": "bridge"\n    }\n]`,
      fixture('docker-ps', 'ps-a-lab-node-5'),
      fixture('kubectl-pods', 'json-single-pod'),
      '[]',
    ]) expect(dockerInspect.detect(headOf(text, PATH))).toBeNull();
  });

  it('elements that are not containers are unparsed one line each; the containers around them are read', () => {
    const one = JSON.stringify(JSON.parse(fixture('docker-inspect', 'inspect-sandbox-running'))[0], null, 4).split('\n').map((l) => '    ' + l).join('\n');
    const text = `[\n${one},\n    {\n        "Id": "sha256:abc",\n        "RepoTags": []\n    },\n    "junk",\n    {\n        "Id": "${B_APP}"\n    }\n]\n`;
    const r = runFormat(dockerInspect, text, PATH);
    expect(r.events.map((e) => e.ids[0])).toEqual([B_SB]);
    expect(r.unparsed.map((u) => u.reason)).toEqual(['element 1 has no 64-hex "Id" (an image, network or volume?)', 'element 2 is not an object', 'element 3 has no "State": not a container']);
  });

  it('sos\'s "Error: No such object" next to an empty array, and a truncated array', () => {
    const r = runFormat(dockerInspect, '[]\nError: No such object: 4369a46127cb\n', PATH);
    expect(r.counters).toEqual({ lines: 2, records: 0, events: 0, skipped: 1, unparsed: 1 });
    const cut = fixture('docker-inspect', 'inspect-sandbox-running').split('\n').slice(0, 50).join('\n') + '\n';
    const t = runFormat(dockerInspect, cut, PATH);
    expect(t.counters).toEqual({ lines: 50, records: 0, events: 0, skipped: 0, unparsed: 50 });
    expect(t.unparsed[0]!.reason).toBe('truncated JSON (no closing ])');
  });

  it(`a document over ${MAX_JSON_CHARS} characters is refused with a note; the next one is read`, () => {
    // Lines under ingest's line cap (1 MiB, --max-line-length), which the helper's line cutter applies too.
    const big = 'x'.repeat(512 * 1024);
    const lines = ['[', '    {', `        "Id": "${B_SB}",`, '        "State": {},', ...Array.from({ length: 33 }, () => `        "Pad": "${big}",`), '        "End": 1', '    }', ']'];
    const text = lines.join('\n') + '\n' + fixture('docker-inspect', 'inspect-sandbox-running');
    const r = runFormat(dockerInspect, text, PATH);
    expect(r.notes).toEqual([`JSON document over ${MAX_JSON_CHARS} characters not read (starting at line 1)`]);
    expect(r.counters.unparsed).toBe(lines.length);
    expect(r.events.map((e) => e.ids[0])).toEqual([B_SB]);
    expect(r.events[0]!.source.line).toBe(lines.length + 3);
  });

  it('its samples (real lines, unread keys left out) form one container', () => {
    const r = runFormat(dockerInspect, dockerInspect.samples.join('\n') + '\n', PATH);
    expect(r.counters).toMatchObject({ events: 1, unparsed: 0 });
    expect(r.events[0]!.attrs).toMatchObject({ sandbox: true, pod: 'elk/beats-gateway-qtvcfcrcxd-7x6g9' });
  });
});
