import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPONENTS } from '../../src/components/index.js';
import { criContainerd } from '../../src/components/cri-containerd.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const CAPTURE = fileURLToPath(new URL('../../samples/captures/cri-containerd-1.0.0-beta.1/cri-containerd.log', import.meta.url));
const base = { ...recordAt(journalRecords('short-english-months'), 1), ident: 'cri-containerd' };
const read = (line: string) => criContainerd.recognize(inputOf(withMessage(base, line)));
const ONES = '1'.repeat(64);

describe('cri-containerd (glog): the real capture of 1.0.0-beta.1', () => {
  const lines = readFileSync(CAPTURE, 'utf8').split('\n').filter((l) => l !== '');

  it('reads the failed RunPodSandbox calls, the stop of a sandbox that does not exist and the daemon stop; nothing else', () => {
    const events = lines.flatMap((l, i) => read(l).map((e) => `${i + 1} ${e.kind}${e.ids[0] ? ' ' + e.ids[0].slice(0, 4) : ''}`));
    expect(events).toEqual([
      '19 sandbox.setup.failed', // the image had no entrypoint
      '24 sandbox.teardown.start 1111',
      '25 sandbox.stop.failed 1111',
      '33 sandbox.setup.failed', // runc: no cgroup mount
      '45 sandbox.setup.failed',
      '46 daemon.stopping',
      '48 daemon.stopping',
    ]);
  });

  it('every component together gives each line one event at most: containerd\'s logrus reader leaves these alone', () => {
    for (const l of lines) expect(COMPONENTS.flatMap((c) => c.recognize(inputOf(withMessage(base, l)))).length).toBeLessThanOrEqual(1);
  });
});

describe('cri-containerd (glog): the lines no capture brought (format strings of v1.0.0-beta.1)', () => {
  const SB = '4b1c9e2f7a3d5b8c0e6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d';
  const meta = '&PodSandboxMetadata{Name:web-0,Uid:0529db22,Namespace:default,Attempt:0,}';
  const kinds = (line: string) => read(line).map((e) => [e.kind, e.ids]);

  it('returns sandbox id → sandbox.started with the pod; returns successfully → sandbox.stopped / sandbox.removed', () => {
    expect(read(`I1220 10:00:00.000000    4242 instrumented_service.go:42] RunPodSandbox for ${meta} returns sandbox id "${SB}"`).map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.started', [SB], 'default/web-0']]);
    expect(kinds(`I1220 10:00:00.000000    4242 instrumented_service.go:78] StopPodSandbox for "${SB}" returns successfully`)).toEqual([['sandbox.stopped', [SB]]]);
    expect(kinds(`I1220 10:00:00.000000    4242 instrumented_service.go:90] RemovePodSandbox "${SB}" returns successfully`)).toEqual([['sandbox.removed', [SB]]]);
  });

  it('a stop whose error is the network\'s is sandbox.teardown.failed; the entries say nothing; a non-hex ID is no ID', () => {
    expect(kinds(`E1220 10:00:00.000000    4242 instrumented_service.go:76] StopPodSandbox for "${SB}" failed, error: failed to destroy network for sandbox "${SB}": failed to find plugin "portmap" in path [/opt/cni/bin]`)).toEqual([['sandbox.teardown.failed', [SB]]]);
    expect(kinds(`I1220 10:00:00.000000    4242 instrumented_service.go:85] RemovePodSandbox for "${SB}"`)).toEqual([]);
    expect(kinds(`I1208 00:55:22.849422   10193 instrumented_service.go:90] RemovePodSandbox "error:" returns successfully`)).toEqual([]);
    expect(kinds(`I1220 10:00:00.000000    4242 sandbox_stop.go:85] TearDown network for sandbox "${SB}" successfully`)).toEqual([['sandbox.teardown.done', [SB]]]);
    expect(kinds(`E1220 10:00:00.000000    4242 sandbox_run.go:118] Failed to destroy network for sandbox "${SB}": plugin failed`)).toEqual([['sandbox.teardown.failed', [SB]]]);
  });

  it('containerd 1.1+\'s logrus lines of the same calls are containerd\'s, not read here', () => {
    expect(read(`time="2024-09-14T11:39:43.530117387+08:00" level=info msg="StopPodSandbox for \\"${ONES}\\""`)).toEqual([]);
  });
});
