import { describe, expect, it } from 'vitest';
import { k3s } from '../../src/components/k3s.js';
import { containerd } from '../../src/components/containerd.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const base = recordAt(journalRecords('short-english-months'), 1);
const logrus = (msg: string) => withMessage(base, `time="2020-07-29T20:08:07.145963348+08:00" level=info msg="${msg}"`);
const read = (msg: string) => k3s.recognize(inputOf(logrus(msg))).map((e) => [e.kind, e.attrs.daemon, e.attrs.version, e.attrs.revision, e.attrs.role]);

describe('k3s/rke2: the start line naming the version (catalogue "## k3s")', () => {
  it('server, agent and rke2 (code index files 32847791208, 94488601, 32740126508)', () => {
    expect(read('Starting k3s v1.18.6+k3s1 (6f56fa1d)')).toEqual([['daemon.starting', 'k3s', 'v1.18.6+k3s1', '6f56fa1d', 'server']]);
    expect(read('Starting k3s agent v1.17.0+k3s.1 (0f644650)')).toEqual([['daemon.starting', 'k3s', 'v1.17.0+k3s.1', '0f644650', 'agent']]);
    expect(read('Starting rke2 v1.26.10+rke2r2 (21e3a8c82da71473f2b846065dcab197a9b2c9d8)')).toEqual([['daemon.starting', 'rke2', 'v1.26.10+rke2r2', '21e3a8c82da71473f2b846065dcab197a9b2c9d8', 'server']]);
  });

  it('not the controllers k3s starts on every boot', () => {
    expect(read('Starting k3s.cattle.io/v1, Kind=Addon controller')).toEqual([]);
    expect(read('Starting k3s agent')).toEqual([]);
  });
});

describe('k3s/rke2: the children it starts and its readiness (catalogue "## k3s")', () => {
  const kinds = (msg: string, ident = 'k3s') => k3s.recognize(inputOf({ ...logrus(msg), ident })).map((e) => [e.kind, e.attrs.daemon, e.attrs.via]);
  it('containerd forked and answering, kubelet run in-process; rke2\'s identifier names the parent', () => {
    expect(kinds('Running containerd -c /var/lib/rancher/rke2/agent/etc/containerd/config.toml -a /run/k3s/containerd/containerd.sock', 'rke2')).toEqual([['daemon.starting', 'containerd', 'rke2']]);
    expect(kinds('Containerd is now running')).toEqual([['daemon.started', 'containerd', 'k3s']]);
    expect(kinds('containerd is now running', 'rke2')).toEqual([['daemon.started', 'containerd', 'rke2']]);
    expect(kinds('Running kubelet --address=0.0.0.0 --anonymous-auth=false')).toEqual([['daemon.starting', 'kubelet', 'k3s']]);
    expect(kinds('k3s is up and running')).toEqual([['daemon.started', 'k3s', 'self']]);
    expect(kinds('rke2 is up and running', 'rke2')).toEqual([['daemon.started', 'rke2', 'self']]);
  });
  it('not the control plane it also runs, nor its waits', () => {
    expect(kinds('Running kube-apiserver --advertise-port=6443')).toEqual([]);
    expect(kinds('Waiting for containerd startup: rpc error: code = Unavailable')).toEqual([]);
    expect(kinds('Kube API server is now running')).toEqual([]);
  });
});

describe('containerd 0.2: its stop line in dockerd\'s stream', () => {
  it('"stopping containerd after receiving terminated" → daemon.stopping of containerd with the signal', () => {
    const ev = containerd.recognize(inputOf(logrus('stopping containerd after receiving terminated')));
    expect(ev.map((e) => [e.kind, e.attrs.daemon, e.attrs.signal])).toEqual([['daemon.stopping', 'containerd', 'terminated']]);
  });
});
