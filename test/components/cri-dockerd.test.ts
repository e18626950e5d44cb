import { describe, expect, it } from 'vitest';
import { criDockerd } from '../../src/components/cri-dockerd.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const F26F = 'f26f7b48f42af6cf3374b7248638a5eae041d651b9f31c131a3d9c3e889260cf';
const scenario = journalRecords('short-english-months');
const setupFailed = journalRecords('short-iso-kubelet-err-multiline-blocks');
const sos = journalRecords('short-precise-sos-c-locale-systemd-252-units');
const recognize = (recs: typeof scenario, line: number) => criDockerd.recognize(inputOf(recordAt(recs, line)));

describe('cri-dockerd: sandbox lines', () => {
  it('resolv.conf rewrite → sandbox.started with the 64-hex id from the path, evidence from the record', () => {
    const rec = recordAt(scenario, 23);
    const evs = criDockerd.recognize(inputOf(rec));
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject(
      {
        kind: 'sandbox.started',
        stamp: rec.stamp,
        absUs: null,
        domain: 'journal',
        ids: [B096],
        prefixes: [],
        attrs: { ident: 'cri-dockerd', pid: 1530, via: 'cri-dockerd' },
        source: { path: 'journal/short-english-months', line: 23 },
        text: rec.raw,
      },
    );
  });

  it('seed report: the line with CNI JSON glued before time= still gives sandbox.started for fb7c…', () => {
    const seed = journalRecords('short-zh_CN-seed-glued-cni-json')[0]!;
    const evs = criDockerd.recognize(inputOf(seed));
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pid])).toEqual([['sandbox.started', [FB7C], 9246]]);
    expect(evs[0]!.stamp).toMatchObject({ month: 9, day: 14, hour: 11, minute: 39, second: 49 });
  });

  it('resolv.conf under a non-default docker root (/data/kube/docker) and /var/lib/docker both match', () => {
    expect(recognize(setupFailed, 8).map((e) => e.ids)).toEqual([[F26F]]);
    expect(recognize(sos, 3).map((e) => e.ids)).toEqual([['f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5']]);
  });

  it('"Error adding pod … to network {docker <id>}:…" → sandbox.setup.failed with pod, plugin, network, error', () => {
    const evs = recognize(setupFailed, 9);
    expect(evs).toHaveLength(1);
    expect(evs[0]!.kind).toBe('sandbox.setup.failed');
    expect(evs[0]!.ids).toEqual([F26F]);
    expect(evs[0]!.attrs).toMatchObject({ pod: 'iot/mqtt-broker-gmjrldxcn5-hjndf', plugin: 'bridge', network: 'edge-net' });
    expect(evs[0]!.attrs.error).toBe(
      'plugin type="portmap" failed (add): unable to setup DNAT: running [/usr/sbin/iptables -t nat -N CNI-DN-978fd9934a8e31ca14e1f --wait]: exit status 4: iptables: Resource temporarily unavailable.\n',
    );
  });

  it('"Error deleting pod … from network {docker <id>}:<netns>:…" → sandbox.teardown.failed with netns', () => {
    const evs = recognize(setupFailed, 10);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', [F26F]]]);
    expect(evs[0]!.attrs).toMatchObject({ pod: 'iot/mqtt-broker-gmjrldxcn5-hjndf', plugin: 'bridge', network: 'edge-net', netns: '/proc/52871/ns/net' });
    expect(String(evs[0]!.attrs.error).startsWith('plugin type="portmap" failed (delete): could not teardown ipv4 dnat')).toBe(true);
  });

  it('a blind DEL after the checkpoint is gone: empty pod and netns (catalogue §2.3 shape `{docker id}::bridge:cbr0`)', () => {
    const rec = withMessage(recordAt(setupFailed, 10), `time="2025-10-14T10:08:45+02:00" level=error msg="Error deleting pod / from network {docker ${F26F}}::bridge:edge-net: some error"`);
    const evs = criDockerd.recognize(inputOf(rec));
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.netns, e.attrs.error])).toEqual([['sandbox.teardown.failed', [F26F], null, '', 'some error']]);
  });

  it('"Both sandbox container and checkpoint could not be found with id %q" → sandbox.teardown.blind (catalogue §2.3)', () => {
    const rec = withMessage(
      recordAt(setupFailed, 10),
      `time="2025-10-14T10:08:45+02:00" level=info msg="Both sandbox container and checkpoint could not be found with id \\"${F26F}\\". Proceed without further sandbox information."`,
    );
    expect(criDockerd.recognize(inputOf(rec)).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.blind', [F26F]]]);
  });

  it('v0.2.0–v0.2.2 format that ID with %d (core/sandbox_stop.go:66, fixed in 1b781cbb): `%!d(string=<id>)` is read too', () => {
    const rec = withMessage(
      recordAt(setupFailed, 10),
      `time="2022-05-10T10:08:45+02:00" level=info msg="Both sandbox container and checkpoint could not be found with id %!d(string=${F26F}). Proceed without further sandbox information."`,
    );
    expect(criDockerd.recognize(inputOf(rec)).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.blind', [F26F]]]);
  });

  it('"Failed to stop sandbox <id>: …" → sandbox.stop.failed with the docker error', () => {
    const evs = recognize(scenario, 15);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.error, e.attrs.via])).toEqual([
      ['sandbox.stop.failed', [FB7C], 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'cri-dockerd'],
    ]);
  });
});

describe('cri-dockerd: daemon lines', () => {
  it('"Starting cri-dockerd 0.3.16 (7119864)" → daemon.starting with the version', () => {
    expect(recognize(sos, 74).map((e) => [e.kind, e.attrs.daemon, e.attrs.version])).toEqual([['daemon.starting', 'cri-dockerd', '0.3.16']]);
  });

  it('"Start cri-dockerd grpc backend" → daemon.started', () => {
    expect(recognize(sos, 83).map((e) => [e.kind, e.attrs.daemon])).toEqual([['daemon.started', 'cri-dockerd']]);
  });

  it('the other start-up lines say nothing', () => {
    for (const line of [75, 76, 77, 78, 79, 80, 81, 82]) expect(recognize(sos, line), `line ${line}`).toEqual([]);
  });

  it('non-logrus records (kubelet, systemd) say nothing', () => {
    expect(recognize(scenario, 16)).toEqual([]);
    expect(recognize(scenario, 9)).toEqual([]);
  });
});
