import { describe, expect, it } from 'vitest';
import { dockerPs } from '../../src/formats/docker-ps.js';
import { parseK8sName } from '../../src/formats/_k8s-name.js';
import { fixture } from '../helpers/fixtures.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const PATH = 'sosreport-lab-node-5/sos_commands/docker/docker_ps_-a';
// header = 1 skip; each container row = 1 event.
const CASES: Record<string, CapturedCase> = {
  'ps-a-lab-node-5': { path: PATH, counters: { lines: 5, records: 0, events: 4, skipped: 1, unparsed: 0 }, score: 0.95 },
  'ps-a-exited-created-restarting-ports': { path: PATH, counters: { lines: 9, records: 0, events: 8, skipped: 1, unparsed: 0 }, score: 0.95 },
  'ps-a-no-trunc': { path: PATH, counters: { lines: 5, records: 0, events: 4, skipped: 1, unparsed: 0 }, score: 0.95 },
  'ps-a-empty': { path: PATH, counters: { lines: 1, records: 0, events: 0, skipped: 1, unparsed: 0 }, score: 0.95 },
};

const run = (c: string, path = PATH) => runFormat(dockerPs, fixture('docker-ps', c), path);
const BEATS_SB = 'c8110a220547a31bd67baf489cbc0cf3c7a8a0d58002bf76098fadefdf13cc60';

describe('docker-ps: captured cases (real docker CLI output)', () => describeCapturedCases(dockerPs, CASES));

describe('docker-ps: container.observed', () => {
  it('lab-node-5: sandboxes and app containers, short IDs as prefixes, pods from k8s_ names', () => {
    const evs = run('ps-a-lab-node-5').events;
    expect(evs.map((e) => [e.prefixes, e.ids, e.attrs.pod, e.attrs.container, e.attrs.sandbox, e.attrs.running, e.attrs.status])).toEqual([
      [['0dfb76822cb0'], [], 'elk/beats-gateway-qtvcfcrcxd-7x6g9', 'beats', false, true, 'Up 26 minutes'],
      [['c8110a220547'], [], 'elk/beats-gateway-qtvcfcrcxd-7x6g9', 'POD', true, true, 'Up 26 minutes'],
      [['f39c1e35f521'], [], 'elk/kibana-5vwg92sx45-l48tf', 'kibana', false, true, 'Up 3 hours'],
      [['915bd7e8bcca'], [], 'elk/kibana-5vwg92sx45-l48tf', 'POD', true, true, 'Up 3 hours'],
    ]);
    expect(evs[1]!.attrs).toEqual({
      name: 'k8s_POD_beats-gateway-qtvcfcrcxd-7x6g9_elk_26b1aec5-f1ac-4db9-9bc3-89159ab62ce3_0',
      pod: 'elk/beats-gateway-qtvcfcrcxd-7x6g9',
      container: 'POD',
      sandbox: true,
      status: 'Up 26 minutes',
      running: true,
      image: 'registry.k8s.io/pause:3.10',
      created: '26 minutes ago',
      source: 'docker ps',
    });
    expect(evs[1]!.source).toEqual({ path: PATH, line: 3 });
    expect(evs[1]!.text).toBe(fixture('docker-ps', 'ps-a-lab-node-5').split('\n')[2]);
  });

  it('--no-trunc: 64-hex IDs are ids, not prefixes', () => {
    const evs = run('ps-a-no-trunc').events;
    expect(evs[1]!.ids).toEqual([BEATS_SB]);
    expect(evs[1]!.prefixes).toEqual([]);
    expect(evs.every((e) => e.ids.length === 1 && e.prefixes.length === 0)).toBe(true);
  });

  it('exited, created and restarting containers are not running; empty and filled PORTS cells line up', () => {
    const evs = run('ps-a-exited-created-restarting-ports').events;
    expect(evs.map((e) => [e.attrs.name, e.attrs.status, e.attrs.running, e.attrs.sandbox, e.attrs.pod])).toEqual([
      ['k8s_curator_es-curator-29311980-x2vq7_elk_7c1e9a52-3b4d-4f0e-9a8b-2d6c5e4f3a1b_0', 'Exited (0) 2 hours ago', false, false, 'elk/es-curator-29311980-x2vq7'],
      ['k8s_POD_es-curator-29311980-x2vq7_elk_7c1e9a52-3b4d-4f0e-9a8b-2d6c5e4f3a1b_0', 'Exited (0) 2 hours ago', false, true, 'elk/es-curator-29311980-x2vq7'],
      ['k8s_node-exporter_node-exporter-7dw4k_monitoring_d41e6f2a-8b9c-4d0e-a1f2-3b4c5d6e7f80_1_3fa2c91d', 'Up 3 days', true, false, 'monitoring/node-exporter-7dw4k'],
      ['k8s_POD_node-exporter-7dw4k_monitoring_d41e6f2a-8b9c-4d0e-a1f2-3b4c5d6e7f80_0', 'Up 3 days', true, true, 'monitoring/node-exporter-7dw4k'],
      ['k8s_node-exporter_node-exporter-7dw4k_monitoring_d41e6f2a-8b9c-4d0e-a1f2-3b4c5d6e7f80_0', 'Exited (137) 3 days ago', false, false, 'monitoring/node-exporter-7dw4k'],
      ['registry', 'Up 6 days', true, false, null],
      ['debug-shell', 'Created', false, false, null],
      ['flaky-sidecar', 'Restarting (1) 12 seconds ago', false, false, null],
    ]);
  });

  it('parseK8sName follows core/naming.go: 6 parts, or 7 with a random 8-hex suffix', () => {
    expect(parseK8sName('/k8s_POD_web-0_default_0f1e-2d_3')).toEqual({ container: 'POD', pod: 'web-0', namespace: 'default', uid: '0f1e-2d', attempt: 3, sandbox: true });
    expect(parseK8sName('k8s_app_web-0_default_uid_0_1a2b3c4d')).toMatchObject({ container: 'app', sandbox: false });
    expect(parseK8sName('k8s_app_web-0_default_uid_0_xyz')).toBeNull();
    expect(parseK8sName('k8s_app_web-0_default_uid')).toBeNull();
    expect(parseK8sName('registry')).toBeNull();
  });
});

describe('docker-ps: other layouts and refusals, counted and never thrown', () => {
  it('the 20-wide columns of older docker releases are cut at the header\'s positions too', () => {
    // Hand-built with text/tabwriter's rule (width = max(20, longest cell + 3)); no such CLI here.
    const widths = [20, 23, 20, 20, 20, 20];
    const line = (cells: string[]) => cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).join('');
    const text = [line(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']), line(['c8110a220547', 'k8s.gcr.io/pause:3.2', '"/pause"', '2 hours ago', 'Up 2 hours', '', 'k8s_POD_web-0_default_0f1e_0'])].join('\n');
    const r = runFormat(dockerPs, text + '\n', PATH);
    expect(r.counters).toEqual({ lines: 2, records: 0, events: 1, skipped: 1, unparsed: 0 });
    expect(r.notes).toEqual([]);
    expect(r.events[0]!.attrs).toMatchObject({ status: 'Up 2 hours', sandbox: true, pod: 'default/web-0', image: 'k8s.gcr.io/pause:3.2', created: '2 hours ago' });
  });

  it('rows that do not line up are split on runs of 3+ blanks (an empty PORTS cell restored), with a note', () => {
    const header = fixture('docker-ps', 'ps-a-lab-node-5').split('\n')[0]!;
    const r = runFormat(dockerPs, `${header}\nc8110a220547   registry.k8s.io/pause:3.10   "/pause"   26 minutes ago   Up 26 minutes   k8s_POD_web-0_default_0f1e_0\n`, PATH);
    expect(r.counters).toMatchObject({ events: 1, unparsed: 0 });
    expect(r.events[0]!.attrs).toMatchObject({ status: 'Up 26 minutes', name: 'k8s_POD_web-0_default_0f1e_0' });
    expect(r.notes).toEqual(['rows do not line up with the header: cells split on runs of 3 or more blanks']);
  });

  it('detect(): other tables and files are not docker ps', () => {
    for (const text of [
      fixture('kubectl-pods', 'wide-all-namespaces'),
      'CONTAINER           IMAGE               CREATED             STATE               NAME                ATTEMPT             POD ID              POD',
      fixture('docker-inspect', 'inspect-sandbox-running'),
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    ]) expect(dockerPs.detect(headOf(text, PATH))).toBeNull();
  });

  it('a daemon error, a row before the header, a bad ID and a torn row are unparsed', () => {
    const header = fixture('docker-ps', 'ps-a-lab-node-5').split('\n')[0]!;
    const row = fixture('docker-ps', 'ps-a-lab-node-5').split('\n')[2]!;
    const text = ['stray line', header, row, 'Error response from daemon: i/o timeout', row.replace('c8110a220547', 'c8110a22054z'), row.slice(0, 40), ''].join('\n');
    const r = runFormat(dockerPs, text, PATH);
    expect(r.counters).toEqual({ lines: 6, records: 0, events: 1, skipped: 1, unparsed: 4 });
    expect(r.unparsed.map((u) => [u.line, u.reason])).toEqual([
      [1, 'row before the `docker ps` header'],
      [4, 'row does not line up with the `docker ps` header'],
      [5, 'CONTAINER ID is not 12 or 64 hex digits'],
      [6, 'row does not line up with the `docker ps` header'],
    ]);
  });

  it('its samples (header and a real row) read as one event', () => {
    const r = runFormat(dockerPs, dockerPs.samples.join('\n') + '\n', PATH);
    expect(r.counters).toEqual({ lines: 2, records: 0, events: 1, skipped: 1, unparsed: 0 });
  });
});
