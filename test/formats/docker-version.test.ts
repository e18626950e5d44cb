// docker version: the server's engine, containerd and runc versions become version.seen state; the client's does not.

import { describe, expect, it } from 'vitest';
import { dockerVersion } from '../../src/formats/docker-version.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { fixture } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const PATH = 'sos_commands/docker/docker_version';
const CASES: Record<string, CapturedCase> = {
  'debian11-docker-24.0.5': { path: PATH, counters: { lines: 27, records: 0, events: 3, skipped: 24, unparsed: 0 }, score: 0.95 },
  'debian12-daemon-not-running': {
    path: PATH,
    counters: { lines: 10, records: 0, events: 0, skipped: 10, unparsed: 0 },
    notes: ['"Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?": the daemon did not answer, only the client\'s version is here'],
    score: 0.95,
  },
};

describe('docker-version: captured cases', () => describeCapturedCases(dockerVersion, CASES));

describe('docker-version: versions', () => {
  it('reads the server\'s Engine, containerd and runc versions with their lines, not the client\'s or docker-init\'s', () => {
    const r = runFormat(dockerVersion, fixture('docker-version', 'debian11-docker-24.0.5'), PATH);
    expect(r.events.map((e) => [e.kind, e.domain, e.source.line, e.attrs.software, e.attrs.version, e.attrs.via])).toEqual([
      ['version.seen', 'capture', 12, 'dockerd', '24.0.5', 'docker version'],
      ['version.seen', 'capture', 20, 'containerd', '1.6.22', 'docker version'],
      ['version.seen', 'capture', 23, 'runc', '1.1.8', 'docker version'],
    ]);
  });

  it('docker ≤ 17.05 printed the server\'s Version right under "Server:"', () => {
    const r = runFormat(dockerVersion, 'Client:\n Version:      1.13.1\n API version:  1.26\n\nServer:\n Version:      1.13.1\n API version:  1.26 (minimum version 1.12)\n', PATH);
    expect(r.events.map((e) => [e.attrs.software, e.attrs.version])).toEqual([['dockerd', '1.13.1']]);
  });
});
