import { describe, expect, it } from 'vitest';
import { cniConflist } from '../../src/formats/cni-conflist.js';
import { FORMATS } from '../../src/formats/index.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

type Counters = ReturnType<typeof runFormat>['counters'];

// Each case runs under the net.d file name it would have on a node; every line belongs to the one object.
const CASES: Record<string, { path: string; counters: Counters; attrs: Record<string, unknown>; line: number }> = {
  'conflist-bridge-portmap-labnet': {
    path: 'lab-node-5-netdebug-20250923/etc/cni/net.d/10-labnet.conflist',
    counters: { lines: 25, records: 0, events: 1, skipped: 24, unparsed: 0 },
    attrs: { network: 'labnet', plugins: ['bridge', 'portmap'], portmap: true, cniVersion: '0.3.1', form: 'conflist' },
    line: 3,
  },
  'conflist-flannel-portmap-seed': {
    path: 'etc/cni/net.d/10-flannel.conflist',
    counters: { lines: 19, records: 0, events: 1, skipped: 18, unparsed: 0 },
    attrs: { network: 'cbr0', plugins: ['flannel', 'portmap'], portmap: true, cniVersion: '0.3.1', form: 'conflist' },
    line: 2,
  },
  'conf-single-bridge-plugin-config': {
    path: 'etc/cni/net.d/10-cbr0.conf',
    counters: { lines: 21, records: 0, events: 1, skipped: 20, unparsed: 0 },
    attrs: { network: 'cbr0', plugins: ['bridge'], portmap: false, cniVersion: '0.3.1', form: 'conf' },
    line: 3,
  },
};

const run = (c: string, path = CASES[c]!.path) => runFormat(cniConflist, fixture('cni-conflist', c), path);

describe('cni-conflist: captured cases', () => {
  it('every case folder has a golden entry', () => {
    expect(fixtureCases('cni-conflist')).toEqual(Object.keys(CASES).sort());
  });

  for (const [c, { path, counters, attrs, line }] of Object.entries(CASES)) {
    it(`${c}: golden counters, no notes`, () => {
      const r = run(c);
      expect(r.counters).toEqual(counters);
      expect(r.notes).toEqual([]);
    });

    it(`${c}: one cni.network event with network, plugin types and the portmap capability, at the "name" line`, () => {
      const [e] = run(c).events;
      expect(e!.kind).toBe('cni.network');
      expect(e!.ids).toEqual([]);
      expect(e!.attrs).toEqual({ ...attrs, file: path });
      expect(e!.source).toEqual({ path, line });
      expect(fixture('cni-conflist', c).split('\n')[line - 1]!.trim()).toBe(e!.text);
    });

    it(`${c}: detect() claims it in net.d above every other format`, () => {
      const head = headOf(fixture('cni-conflist', c), path);
      const mine = cniConflist.detect(head);
      expect(mine!.score).toBeGreaterThanOrEqual(0.7);
      for (const other of FORMATS.filter((f) => f !== cniConflist)) expect(other.detect(head)?.score ?? 0, other.id).toBeLessThan(mine!.score);
    });
  }

  it('detect(): a network list is recognised by content alone; a single plugin config only in net.d or as .conf', () => {
    expect(cniConflist.detect(headOf(fixture('cni-conflist', 'conflist-flannel-portmap-seed'), 'collected/cni-config'))?.score).toBe(0.8);
    expect(cniConflist.detect(headOf(fixture('cni-conflist', 'conf-single-bridge-plugin-config'), 'cni/podA-1-bridge-ADD.stdin.json'))).toBeNull();
  });

  it('the seed report\'s flattened one-line text (the sample) reads the same', () => {
    const r = runFormat(cniConflist, cniConflist.samples.join('\n') + '\n', 'etc/cni/net.d/10-flannel.conflist');
    expect(r.counters).toEqual({ lines: 1, records: 0, events: 1, skipped: 0, unparsed: 0 });
    expect(r.events[0]!.attrs).toMatchObject(CASES['conflist-flannel-portmap-seed']!.attrs);
  });
});

describe('cni-conflist: what it refuses, counted and never thrown', () => {
  it('detect(): cache files, checkpoints, kubectl JSON and docker inspect are not network configs', () => {
    for (const [text, path] of [
      [fixture('cni-cache', 'cniCacheV1-portmapping-5044'), 'var/lib/cni/cache/results/labnet-x-eth0'],
      [fixture('cri-dockerd-checkpoint', 'v1-hostport-tcp'), 'var/lib/cri-dockerd/sandbox/x'],
      [fixture('kubectl-pods', 'json-list-all-namespaces'), 'kubectl_get_pods_-A_-o_json'],
      [fixture('docker-inspect', 'inspect-sandbox-running'), 'sos_commands/docker/containers/docker_inspect_c8110a220547'],
      ['{"name": "x"}', 'etc/cni/net.d/99-x.conflist'],
    ]) expect(cniConflist.detect(headOf(text!, path!)), path).toBeNull();
  });

  it('a plugin without "type", a config without "name", garbage and a truncated file are unparsed', () => {
    const p = 'etc/cni/net.d/10-x.conflist';
    const noType = runFormat(cniConflist, '{"name":"x","plugins":[{"type":"bridge"},{"capabilities":{}}]}', p);
    expect(noType.unparsed.map((u) => u.reason)).toEqual(['CNI network list with a plugin without "type"']);
    const noName = runFormat(cniConflist, '{\n  "plugins": []\n}\n', p);
    expect(noName.counters).toMatchObject({ events: 0, unparsed: 3 });
    const junk = runFormat(cniConflist, 'cat: /etc/cni/net.d/10-x.conflist: Permission denied\n', p);
    expect(junk.unparsed.map((u) => u.reason)).toEqual(['not JSON (expected a CNI network configuration)']);
    const text = fixture('cni-conflist', 'conflist-bridge-portmap-labnet');
    const cut = runFormat(cniConflist, text.split('\n').slice(0, 10).join('\n') + '\n', p);
    expect(cut.counters).toEqual({ lines: 10, records: 0, events: 0, skipped: 0, unparsed: 10 });
    expect(new Set(cut.unparsed.map((u) => u.reason))).toEqual(new Set(['truncated JSON (no closing })']));
  });

  it('portmap without the portMappings capability does not count as hostPort-capable', () => {
    const r = runFormat(cniConflist, '{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"ptp"},{"type":"portmap"}]}', 'etc/cni/net.d/n.conflist');
    expect(r.events[0]!.attrs).toMatchObject({ plugins: ['ptp', 'portmap'], portmap: false, cniVersion: '1.0.0' });
  });
});
