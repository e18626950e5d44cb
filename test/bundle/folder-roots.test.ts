// A folder's node is told from its own listing (sos_commands/ or sos_reports/ anywhere, a `hostname` file outside
// another node's folder and not in etc/), and the same folders packed in a tar give the same hosts: the walk reads
// each folder once, the archive learns from member names. Every file is listed with its host and reason.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pack, run, scratch } from './_bundles.js';

const tmp = scratch('folder-roots');
afterAll(() => tmp.cleanup());

function write(rel: string, text: string): void {
  const at = path.join(tmp.dir, rel);
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, text);
}

describe('roots of a folder tree', () => {
  it('come from each folder\'s entries, as from the member names of the same tree in a tar', async () => {
    const top = 'collected';
    // A collection named by its hostname file, holding a node by its sos_commands/ folder (its own root: its
    // hostname is not the collection's) and folders of the collection's own.
    write(`${top}/hostname`, 'toplevel\n');
    write(`${top}/node-a/sos_commands/host/hostname`, 'node-a\n');
    write(`${top}/node-a/proc/1/status`, 'VmRSS:\t811983 kB\n');
    write(`${top}/node-b/hostname`, 'node-b\n');
    write(`${top}/node-b/etc/hostname`, 'node-b\n');
    write(`${top}/node-b/etc/sysctl.conf`, 'net.ipv4.ip_forward = 1\n');
    // A folder named hostname is no hostname file.
    write(`${top}/loose/hostname/value`, '1\n');
    write(`${top}/loose/sys/class/net/eth0/mtu`, '1500\n');
    const folder = path.join(tmp.dir, top);
    const tar = pack(folder, 'tar', tmp.dir);
    const onDisk = await run([folder]);
    const inTar = await run([tar]);
    const roots = (prefix: string, a: Awaited<ReturnType<typeof run>>): string[] =>
      a.report.inputs.filter((i) => i.path.startsWith(prefix)).map((i) => `${i.path.slice(prefix.length)} @${i.host}: ${i.format ?? i.why}`);
    // Read files carry their root's host (the collection's: the last hostname read in it); every file nothing
    // reads is listed with its reason.
    const expected = [
      'hostname @node-b: host-meta',
      'loose/hostname/value @null: content matches no known format',
      'loose/sys/class/net/eth0/mtu @null: content matches no known format',
      'node-a/proc/1/status @null: content matches no known format',
      'node-a/sos_commands/host/hostname @node-a: host-meta',
      'node-b/etc/hostname @node-b: host-meta',
      'node-b/etc/sysctl.conf @null: content matches no known format',
      'node-b/hostname @node-b: host-meta',
    ];
    expect(roots(`${top}/`, onDisk).sort()).toEqual(expected);
    expect(roots(`${path.basename(tar)}/${top}/`, inTar).sort()).toEqual(expected);
  }, 60_000);
});
