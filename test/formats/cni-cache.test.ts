import { describe, expect, it } from 'vitest';
import { cniCache, portMappings, resultIps } from '../../src/formats/cni-cache.js';
import { FORMATS } from '../../src/formats/index.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

type Counters = ReturnType<typeof runFormat>['counters'];

const X = '552aa97f22726c219abc8876b79e3ce3445d2b2ebf5c75bdcc73c48e54a0358d';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const DIR = 'lab-node-5-netdebug-20250923/var/lib/cni/cache/results';

// One compact JSON object a file, no trailing newline: one line, one event.
const CASES: Record<string, { id: string; counters: Counters }> = {
  'cniCacheV1-portmapping-5044': { id: X, counters: { lines: 1, records: 0, events: 1, skipped: 0, unparsed: 0 } },
  'cniCacheV1-no-portmappings': { id: Z, counters: { lines: 1, records: 0, events: 1, skipped: 0, unparsed: 0 } },
};

const pathOf = (id: string) => `${DIR}/labnet-${id}-eth0`;
const run = (c: string) => runFormat(cniCache, fixture('cni-cache', c), pathOf(CASES[c]!.id));

describe('cni-cache: captured cases', () => {
  it('every case folder has a golden entry', () => {
    expect(fixtureCases('cni-cache')).toEqual(Object.keys(CASES).sort());
  });

  it('the files are byte-exact: compact JSON, no trailing newline', () => {
    for (const c of Object.keys(CASES)) {
      const text = fixture('cni-cache', c);
      expect(text.startsWith('{"kind":"cniCacheV1","containerId":"')).toBe(true);
      expect(text.endsWith('}')).toBe(true);
    }
  });

  for (const [c, { id, counters }] of Object.entries(CASES)) {
    it(`${c}: golden counters, no notes`, () => {
      const r = run(c);
      expect(r.counters).toEqual(counters);
      expect(r.notes).toEqual([]);
    });

    it(`${c}: detect() claims it above every other format, under results/ or not`, () => {
      for (const [path, score] of [[pathOf(id), 0.97], ['collected/labnet-cache', 0.95]] as const) {
        const head = headOf(fixture('cni-cache', c), path);
        expect(cniCache.detect(head)?.score).toBe(score);
        for (const other of FORMATS.filter((f) => f !== cniCache)) expect(other.detect(head)?.score ?? 0, other.id).toBeLessThan(score);
      }
    });
  }
});

describe('cni-cache: the cni.cache.present event', () => {
  it('names the sandbox, its pod, IP and hostPorts (kubelet portMappings)', () => {
    const [e] = run('cniCacheV1-portmapping-5044').events;
    expect(e!.kind).toBe('cni.cache.present');
    expect(e!.ids).toEqual([X]);
    expect(e!.prefixes).toEqual([]);
    expect(e!.attrs).toEqual({
      network: 'labnet',
      ifname: 'eth0',
      cniId: X,
      pod: 'elk/beats-gateway-xdht8ctvcb-qlnxp',
      sandboxId: X,
      ip: '10.66.2.38',
      ips: ['10.66.2.38'],
      ports: [5044],
      protos: ['tcp'],
      hostIps: [''],
      netns: null,
      file: pathOf(X),
    });
    expect(e!.source).toEqual({ path: pathOf(X), line: 1 });
    expect(e!.stamp).toBeNull();
    expect(e!.domain).toBe('capture');
  });

  it('an empty portMappings list gives no ports', () => {
    const [e] = run('cniCacheV1-no-portmappings').events;
    expect(e!.attrs).toMatchObject({ pod: 'elk/es-curator-29311920-p6bm2', ip: '10.66.2.39', ports: [], protos: [] });
  });

  it('evidence text is a prefix of the line, cut and marked', () => {
    const [e] = run('cniCacheV1-portmapping-5044').events;
    expect(e!.text.length).toBe(200);
    expect(e!.text.endsWith('…')).toBe(true);
    expect(fixture('cni-cache', 'cniCacheV1-portmapping-5044').startsWith(e!.text.slice(0, -1))).toBe(true);
  });

  it('its sample is the real file of sandbox Z, read without a complaint', () => {
    expect(cniCache.samples).toEqual([fixture('cni-cache', 'cniCacheV1-no-portmappings')]);
  });
});

describe('cni-cache: helpers', () => {
  it('resultIps reads CNI ≥ 0.3 "ips" and 0.1/0.2 "ip4"/"ip6", prefix length dropped', () => {
    expect(resultIps({ ips: [{ address: '10.66.2.38/24' }, { address: 'fd00::5/64' }] })).toEqual(['10.66.2.38', 'fd00::5']);
    expect(resultIps({ ip4: { ip: '10.1.2.3/24' }, ip6: { ip: 'fd00::3/64' } })).toEqual(['10.1.2.3', 'fd00::3']);
    expect(resultIps(null)).toEqual([]);
    expect(resultIps({ ips: 'x' })).toEqual([]);
  });

  it('portMappings keeps real hostPorts only, lower-cases the protocol, defaults it to tcp', () => {
    expect(portMappings([{ hostPort: 53, protocol: 'UDP', hostIP: '169.254.20.10' }, { hostPort: 80 }, { hostPort: 0 }, { hostPort: 'x' }, 'junk', null])).toEqual({
      ports: [53, 80],
      protos: ['udp', 'tcp'],
      hostIps: ['169.254.20.10', ''],
    });
  });
});

describe('cni-cache: what it refuses, counted and never thrown', () => {
  it('detect(): other formats\' files are not cache files', () => {
    for (const [text, path] of [
      [fixture('cni-conflist', 'conflist-bridge-portmap-labnet'), 'etc/cni/net.d/10-labnet.conflist'],
      [fixture('cri-dockerd-checkpoint', 'v1-hostport-tcp'), `var/lib/cri-dockerd/sandbox/${X}`],
      [`${X}\r\neth0`, 'var/lib/cni/networks/labnet/10.66.2.38'],
      [fixture('kubectl-pods', 'json-single-pod'), 'kubectl_get_pods_-o_json'],
      ['{"cniVersion":"0.3.1","ips":[{"address":"10.66.2.38/24"}]}', `${DIR}/labnet-${X}-eth0`],
    ]) expect(cniCache.detect(headOf(text!, path!)), path).toBeNull();
  });

  it('garbage lines around the object are unparsed; the object is still read', () => {
    const r = runFormat(cniCache, `garbage before\n${fixture('cni-cache', 'cniCacheV1-portmapping-5044')}\n\n} trailing`, pathOf(X));
    expect(r.counters).toEqual({ lines: 4, records: 0, events: 1, skipped: 1, unparsed: 2 });
    expect(r.unparsed.map((u) => [u.line, u.reason])).toEqual([
      [1, 'not JSON (expected a cniCacheV1 object)'],
      [4, 'not JSON (expected a cniCacheV1 object)'],
    ]);
  });

  it('a truncated object, an object of another kind and an array are unparsed, with no event', () => {
    const full = fixture('cni-cache', 'cniCacheV1-portmapping-5044');
    const cut = runFormat(cniCache, full.slice(0, 700), pathOf(X));
    expect(cut.counters).toMatchObject({ events: 0, unparsed: 1 });
    expect(cut.unparsed[0]!.reason).toBe('truncated JSON (no closing })');
    const other = runFormat(cniCache, full.replace('cniCacheV1', 'cniCacheV2'), pathOf(X));
    expect(other.counters).toMatchObject({ events: 0, unparsed: 1 });
    expect(other.unparsed[0]!.reason).toBe('JSON that is not a cniCacheV1 object');
    const bad = runFormat(cniCache, '{"kind":"cniCacheV1", nope}', pathOf(X));
    expect(bad.unparsed.map((u) => u.reason)).toEqual(['invalid JSON']);
    const arr = runFormat(cniCache, '[1,2]', pathOf(X));
    expect(arr.unparsed.map((u) => u.reason)).toEqual(['JSON that is not a cniCacheV1 object']);
  });

  it('a cache without cniArgs or result still names its sandbox; a non-hex containerId names none', () => {
    const r = runFormat(cniCache, `{"kind":"cniCacheV1","containerId":"${X}","ifName":"eth0","networkName":"labnet"}`, pathOf(X));
    expect(r.events[0]!.ids).toEqual([X]);
    expect(r.events[0]!.attrs).toMatchObject({ pod: null, ip: null, ports: [] });
    const s = runFormat(cniCache, '{"kind":"cniCacheV1","containerId":"abc","ifName":"eth0","networkName":"labnet","result":{"ip4":{"ip":"10.1.0.7/16"}}}', pathOf(X));
    expect(s.events[0]!.ids).toEqual([]);
    expect(s.events[0]!.attrs).toMatchObject({ cniId: 'abc', ip: '10.1.0.7' });
  });
});
