import { describe, expect, it } from 'vitest';
import { klogValue, parseKlog, parseKlogCut } from '../../src/components/klog.js';
import { journalRecords, recordAt, stitched } from '../helpers/fixtures.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const F26F = 'f26f7b48f42af6cf3374b7248638a5eae041d651b9f31c131a3d9c3e889260cf';
const scenario = journalRecords('short-english-months');
const klogAt = (line: number) => parseKlog(recordAt(scenario, line).message)!;

describe('klog: header', () => {
  it('level, year-less stamp with microseconds, pid, file:line, quoted message and the rest', () => {
    expect(klogAt(1)).toEqual({
      level: 'I',
      stamp: { year: null, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 118431, offsetMin: null },
      pid: 1789,
      file: 'kubelet.go:2430',
      msg: 'SyncLoop DELETE',
      rest: ' source="api" pods=["default/hostport-app-0"]',
      quoted: true,
    });
  });

  it('error lines: level E and the newer CRI helper file name', () => {
    expect(klogAt(16)).toMatchObject({ level: 'E', file: 'remote_runtime.go:222', msg: 'StopPodSandbox from runtime service failed' });
    const rec = recordAt(journalRecords('short-iso-kubelet-err-multiline-blocks'), 15);
    expect(parseKlog(rec.message)).toMatchObject({ level: 'E', file: 'log.go:32', pid: 1533, msg: 'RunPodSandbox from runtime service failed', rest: ' err=<' });
  });

  it('a pid right-aligned in 7 columns with more digits (58211) is read whole', () => {
    const rec = recordAt(journalRecords('short-precise-sos-c-locale-systemd-252-units'), 86);
    expect(parseKlog(rec.message)).toMatchObject({ pid: 58211, file: 'server.go:486', msg: 'Kubelet version' });
  });

  it('printf-style line (no quoted message): the whole text is the message', () => {
    expect(parseKlog('I0914 11:39:02.118431    1789 kubelet.go:2430] Starting kubelet main sync loop.')).toMatchObject({ msg: 'Starting kubelet main sync loop.', rest: '' });
  });

  it('a fraction finer than klog\'s six digits (flannel-io/flannel#1178, retyped) is read to the microsecond, truncated', () => {
    const line = 'E1006 23:24:04.0311835  5123 remote_runtime.go:269] "StopPodSandbox from runtime service failed" err="rpc" error: code = Unknown desc = failed to destroy network for sandbox \\"51077...29ab7\\": cni config uninitialized"';
    expect(parseKlog(line)).toMatchObject({ level: 'E', stamp: { month: 10, day: 6, second: 4, micro: 31183 }, pid: 5123, file: 'remote_runtime.go:269', msg: 'StopPodSandbox from runtime service failed' });
    expect(parseKlogCut('23:24:04.0311835  5123 remote_runtime.go:269] "StopPodSandbox from runtime service failed"')).toMatchObject({ pid: 5123, msg: 'StopPodSandbox from runtime service failed' });
    // Ten digits are no fraction of klog's, retyped or not.
    expect(parseKlog('E1006 23:24:04.0311835123  5123 remote_runtime.go:269] "StopPodSandbox from runtime service failed"')).toBeNull();
  });

  it('not klog: logrus body, systemd text, month 13, a header cut before the file', () => {
    expect(parseKlog(recordAt(scenario, 10).message)).toBeNull();
    expect(parseKlog('Stopping Docker Application Container Engine...')).toBeNull();
    expect(parseKlog('I1314 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE"')).toBeNull();
    expect(parseKlog('I0914 11:39:02.118431    1789')).toBeNull();
  });
});

describe('klog: key/values', () => {
  it('quoted string, JSON list and bare token', () => {
    const k = klogAt(1);
    expect(klogValue(k.rest, 'source')).toBe('api');
    expect(klogValue(k.rest, 'pods')).toBe('["default/hostport-app-0"]');
  });

  it('"pod" is not found inside "podUID"; bare and quoted neighbours', () => {
    const k = klogAt(2);
    expect(klogValue(k.rest, 'pod')).toBe('default/hostport-app-0');
    expect(klogValue(k.rest, 'podUID')).toBe('6f0a3c2e-5b1d-4c7a-9e8f-2d4b6a8c0e1f');
    expect(klogValue(k.rest, 'containerID')).toBe('docker://5e1c0d9a7b3f');
    expect(klogValue(k.rest, 'gracePeriod')).toBe('30');
    expect(klogValue(k.rest, 'nope')).toBeNull();
  });

  it('klog ≥ 2.100 struct as JSON: podSandboxID={"Type":"docker","ID":"…"}', () => {
    expect(klogValue(klogAt(17).rest, 'podSandboxID')).toBe(`{"Type":"docker","ID":"${FB7C}"}`);
  });

  it('older klog struct as %+v: podSandboxID={Type:docker ID:…} (catalogue §1.2)', () => {
    expect(klogValue(` podSandboxID={Type:docker ID:${FB7C}}`, 'podSandboxID')).toBe(`{Type:docker ID:${FB7C}}`);
  });

  it('PLEG event struct, JSON and older &{…} form', () => {
    expect(klogValue(klogAt(24).rest, 'event')).toBe(
      '{"ID":"0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a","Type":"ContainerStarted","Data":"0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2"}',
    );
    expect(klogValue(' pod="default/x" event=&{ID:0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a Type:ContainerDied Data:abc}', 'event')).toBe(
      '{ID:0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a Type:ContainerDied Data:abc}',
    );
  });

  it('an err value with escaped quotes is unescaped; the key after it is still found', () => {
    const k = klogAt(18);
    const err = klogValue(k.rest, 'err')!;
    expect(err.startsWith('failed to "KillPodSandbox" for "6f0a3c2e-5b1d-4c7a-9e8f-2d4b6a8c0e1f" with KillPodSandboxError: "rpc error:')).toBe(true);
    expect(err).toContain('networkPlugin cni failed to teardown pod \\"hostport-app-0_default\\" network');
    expect(klogValue(k.rest, 'pod')).toBe('default/hostport-app-0');
    expect(klogValue(k.rest, 'patch')!.startsWith('{"status":{"conditions":[')).toBe(true);
  });

  // Was a bug: klogValue() does not read klog's multi-line form `key=<` TAB-indented lines ` >`
  // (serialize.writeStringValue); for the stitched RunPodSandbox record it returns "<" instead of the text.
  it('a stitched multi-line value err=< … > is returned as its text', () => {
    const rec = recordAt(stitched(journalRecords('short-iso-kubelet-err-multiline-blocks')), 15);
    const err = klogValue(parseKlog(rec.message)!.rest, 'err')!;
    expect(err).toContain(`failed to set up sandbox container "${F26F}" network`);
    expect(err).not.toMatch(/^</);
  });

  it('a stitched multi-line value is at least not mistaken for the next key', () => {
    const rec = recordAt(stitched(journalRecords('short-iso-kubelet-err-multiline-blocks')), 20);
    expect(klogValue(parseKlog(rec.message)!.rest, 'pod')).toBe('iot/mqtt-broker-gmjrldxcn5-hjndf');
  });
});

describe('klog: a header cut from the left (pastes, tools that strip it)', () => {
  it('`file.go:N] msg` (rancher/rke#3440): no level, stamp or pid; the message and key/values as with the header', () => {
    expect(parseKlogCut('kubelet.go:2215] "SyncLoop DELETE" source="api" pods="[ingress-nginx/nginx-ingress-controller-rgm7x]"')).toEqual({
      level: null,
      stamp: null,
      pid: null,
      file: 'kubelet.go:2215',
      msg: 'SyncLoop DELETE',
      rest: ' source="api" pods="[ingress-nginx/nginx-ingress-controller-rgm7x]"',
      quoted: true,
    });
    // flannel-io/flannel#890: printf-era text after the cut header.
    expect(parseKlogCut('cni.go:319] Error deleting network: failed to find plugin "portmap" in path [/opt/flannel/bin /opt/cni/bin]')).toMatchObject({ file: 'cni.go:319', msg: 'Error deleting network: failed to find plugin "portmap" in path [/opt/flannel/bin /opt/cni/bin]', quoted: false });
  });

  it('partial headers: the clock and pid kept but timeless; with the level and date the stamp is read', () => {
    expect(parseKlogCut('11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api"')).toMatchObject({ level: null, stamp: null, pid: 1789, file: 'kubelet.go:2430', msg: 'SyncLoop DELETE' });
    expect(parseKlogCut('1789 kubelet.go:2430] "SyncLoop DELETE"')).toMatchObject({ pid: 1789, msg: 'SyncLoop DELETE' });
    expect(parseKlogCut('I0914 11:39:02.118431 kubelet.go:2430] "SyncLoop DELETE"')).toMatchObject({ level: 'I', stamp: { month: 9, day: 14, hour: 11, micro: 118431 }, pid: null });
  });

  it('not a cut header: no Go file, no line number, text before the file, a whole header (parseKlog reads those)', () => {
    expect(parseKlogCut('Started Session 5 of user root.')).toBeNull();
    expect(parseKlogCut('main.c:12] not go')).toBeNull();
    expect(parseKlogCut('kubelet.go:] "SyncLoop DELETE"')).toBeNull();
    expect(parseKlogCut('kubelet.go:12 "SyncLoop DELETE"')).toBeNull();
    expect(parseKlogCut('see kubelet.go:12] "SyncLoop DELETE"')).toBeNull();
    expect(parseKlogCut('I0914 11:39:02.118431 x kubelet.go:2430] "SyncLoop DELETE"')).toBeNull();
  });
});

describe('klogValue of a line cut inside a quoted value', () => {
  it('gives what is there, unescaped one level, not null', () => {
    expect(klogValue(' err="rpc error: failed for sandbox \\"abc\\": plug>', 'err')).toBe('rpc error: failed for sandbox "abc": plug>');
    expect(klogValue(' err="whole" pod="x"', 'err')).toBe('whole');
  });
});
