import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseLogrus, parseLogrusJson, unquoteGo } from '../../src/components/logrus.js';
import { journalRecords, recordAt } from '../helpers/fixtures.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const scenario = journalRecords('short-english-months');
const setupFailed = journalRecords('short-iso-kubelet-err-multiline-blocks');
const sos = journalRecords('short-precise-sos-c-locale-systemd-252-units');
const body = (recs: typeof scenario, line: number) => recordAt(recs, line).message;

describe('logrus: dockerd / containerd bodies (RFC3339Nano, fixed 9 digits)', () => {
  it('time with nanoseconds and +08:00, level, msg, no fields, no prefix', () => {
    expect(parseLogrus(body(scenario, 10))).toEqual({
      time: { year: 2024, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 42, micro: 15893, offsetMin: 480 },
      timeText: '2024-09-14T11:39:42.015893387+08:00',
      level: 'info',
      msg: "Processing signal 'terminated'",
      fields: {},
      prefix: '',
    });
  });

  it('fields after msg, bare and quoted: the dockerd task-delete line', () => {
    const l = parseLogrus(body(scenario, 12))!;
    expect(l.msg).toBe('ignoring event');
    expect(l.fields).toEqual({ container: FB7C, module: 'libcontainerd', namespace: 'moby', topic: '/tasks/delete', type: '*events.TaskDelete' });
  });

  it('containerd warning level and id field', () => {
    const l = parseLogrus(body(setupFailed, 13))!;
    expect(l.level).toBe('warning');
    expect(l.msg).toBe('cleaning up after shim disconnected');
    expect(l.fields).toEqual({ id: 'f26f7b48f42af6cf3374b7248638a5eae041d651b9f31c131a3d9c3e889260cf', namespace: 'moby' });
    expect(l.time).toMatchObject({ year: 2025, month: 10, day: 14, hour: 10, minute: 7, second: 45, micro: 413892, offsetMin: 120 });
  });

  it('keys with dashes and a quoted field value: "Docker daemon" and the event-stream shutdown', () => {
    expect(parseLogrus(body(sos, 69))!.fields).toEqual({ commit: '980b856', 'containerd-snapshotter': 'false', 'storage-driver': 'overlay2', version: '28.3.3' });
    expect(parseLogrus(body(sos, 61))!.fields).toEqual({ error: 'context canceled', module: 'libcontainerd', namespace: 'moby' });
  });
});

describe('logrus: cri-dockerd bodies (RFC3339, whole seconds)', () => {
  it('second precision: micro 0, offset kept', () => {
    const l = parseLogrus(body(scenario, 15))!;
    expect(l.time).toEqual({ year: 2024, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 47, micro: 0, offsetMin: 480 });
    expect(l.level).toBe('error');
    expect(l.msg).toBe(`Failed to stop sandbox ${FB7C}: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`);
  });

  it('Go escapes inside msg are undone: \\" becomes " and a trailing \\n a newline', () => {
    const l = parseLogrus(body(setupFailed, 9))!;
    expect(l.msg.startsWith('Error adding pod iot/mqtt-broker-gmjrldxcn5-hjndf to network {docker f26f7b48')).toBe(true);
    expect(l.msg).toContain(': plugin type="portmap" failed (add): unable to setup DNAT');
    expect(l.msg.endsWith('iptables: Resource temporarily unavailable.\n')).toBe(true);
    expect(l.msg).not.toContain('\\"');
  });

  it('a %+v struct in msg stays as printed', () => {
    expect(parseLogrus(body(sos, 81))!.msg).toBe('Docker cri received runtime config &RuntimeConfig{NetworkConfig:&NetworkConfig{PodCidr:10.42.3.0/24,},}');
  });

  it('seed report: CNI JSON glued in front of time= is kept as prefix; the logrus part still parses', () => {
    const seed = journalRecords('short-zh_CN-seed-glued-cni-json')[0]!;
    const l = parseLogrus(seed.message)!;
    expect(l.prefix).toBe(
      '{"cniVersion":"0.3.1","hairpinMode":true,"ipMasq":false,"ipam":{"ranges":[[{"subnet":"10.187.2.0/24"}]],"routes":[{"dst":"10.187.0.0/16"}],"type":"host-local"},"isDefaultGateway":true,"isGateway":true,"mtu":1450,"name":"cbr0","type":"bridge"}',
    );
    expect(l.timeText).toBe('2024-09-14T11:39:49+08:00');
    expect(l.level).toBe('info');
    expect(l.msg).toBe(
      `Will attempt to re-write config file /data/kube/docker/containers/${FB7C}/resolv.conf as [nameserver 10.186.0.2 search default123.svc.cluster1.local. svc.cluster1.local. cluster1.local. options ndots:5]`,
    );
    // nothing from the JSON leaks into the fields
    expect(l.fields).toEqual({});
  });
});

describe('logrus: not logrus', () => {
  it('klog, systemd, blob placeholder and free text give null', () => {
    expect(parseLogrus(body(scenario, 1))).toBeNull();
    expect(parseLogrus(body(scenario, 9))).toBeNull();
    expect(parseLogrus(body(scenario, 3))).toBeNull();
    expect(parseLogrus('uninstall-docker: stopping docker before package removal')).toBeNull();
  });

  it('a line with level= and msg= but no time= still parses (log-format without timestamp)', () => {
    expect(parseLogrus('level=info msg="shim disconnected" id=abc')).toMatchObject({ time: null, timeText: null, level: 'info', msg: 'shim disconnected', fields: { id: 'abc' } });
  });

  it('an unreadable time= keeps timeText and gives time null', () => {
    expect(parseLogrus('time="2024-13-40T11:39:42+08:00" level=info msg="x"')).toMatchObject({ time: null, timeText: '2024-13-40T11:39:42+08:00', msg: 'x' });
  });
});

describe('logrus: unquoteGo', () => {
  it('undoes strconv.Quote escapes', () => {
    expect(unquoteGo('"a\\"b\\n\\t\\\\c\\x41\\u00e9\\U0001F600"')).toBe('a"b\n\t\\cAé😀');
  });

  it('leaves bare values alone', () => {
    expect(unquoteGo('/tasks/delete')).toBe('/tasks/delete');
  });
});

describe('logrus: values whose inner quotes were left bare (logrus v0.11–v1.0.3 QuoteCharacter)', () => {
  it('msg and error end at the quote before the next key or the end (containerd/containerd#2744)', () => {
    const l = parseLogrus('time="2018-11-13T18:24:26.039214509Z" level=error msg="StopContainer for "89fec9b1cad4f" failed" error="failed to kill container "89fec9b1cad4f27d229c25ec649fde5003ef7b2e30f4da2351b3c675acfc5b4f" init process: context canceled: unknown"')!;
    expect(l.msg).toBe('StopContainer for "89fec9b1cad4f" failed');
    expect(l.fields.error).toBe('failed to kill container "89fec9b1cad4f27d229c25ec649fde5003ef7b2e30f4da2351b3c675acfc5b4f" init process: context canceled: unknown');
  });

  it('an escaped value followed by a blank is read as before (no bare-quote recovery)', () => {
    expect(parseLogrus('time="2022-08-10T15:05:23.911464274+08:00" level=info msg="StopPodSandbox for \\"abc\\"" id=1')!.msg).toBe('StopPodSandbox for "abc"');
  });
});

describe('logrus: JSONFormatter bodies (containerd debug.format = "json"), as a journal carries them', () => {
  // Real stderr of containerd 1.6.20 (samples/formats/logrus-json/SOURCE.md).
  const lines = readFileSync(new URL('../../samples/formats/logrus-json/containerd-1.6.20-ctr-run', import.meta.url), 'utf8').split('\n');
  const ID = '4f2e9c1d7b3a5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';

  it('level, msg, time and the other keys as fields, whatever their order', () => {
    const shim = lines.find((l) => l.includes('"msg":"cleaning up after shim disconnected"'))!;
    expect(parseLogrus(shim)).toMatchObject({ level: 'warning', msg: 'cleaning up after shim disconnected', timeText: '2026-12-07T22:39:09.183763819Z', fields: { id: ID, namespace: 'default' }, prefix: '' });
    expect(parseLogrus(shim)!.time).toMatchObject({ year: 2026, month: 12, day: 7, hour: 22, minute: 39, second: 9, micro: 183763, offsetMin: 0 });
    const start = parseLogrus(lines[0]!)!;
    expect([start.msg, start.fields.version, start.fields.revision]).toEqual(['starting containerd', '1.6.20~ds1', '1.6.20~ds1-1+deb12u3']);
  });

  it('its text lines (the shim writes logrus text to the same stderr) still parse as text', () => {
    const text = lines.find((l) => l.startsWith('time='))!;
    expect(parseLogrus(text)).toMatchObject({ level: 'info' });
  });

  it('an object without string level and msg, or no object, is not one (klog --logging-format=json, blobs)', () => {
    expect(parseLogrusJson('{"ts":1753121332053.9302,"caller":"kubelet/kubelet.go:446","msg":"Attempting to sync node with API server","v":0}')).toBeNull();
    expect(parseLogrusJson('{"level":"info","msg":"cut in the mid')).toBeNull();
    expect(parseLogrusJson('plain text "msg": here')).toBeNull();
    // a non-string value is kept as its JSON text
    expect(parseLogrusJson('{"level":"info","msg":"x","pid":4242,"ok":true}')!.fields).toMatchObject({ pid: '4242', ok: 'true' });
  });
});

