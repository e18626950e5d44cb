// Test bundles made at test time in os.tmpdir(): sample folders renamed per host, packed in every wrapping with the system tools.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dnatChainName, masqChainName } from '../../src/timeline/chain-hash.js';
import { analyze, type Analysis } from '../../src/report.js';
import type { DiscoverOptions } from '../../src/bundle/discover.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const STALE_SAMPLE = path.join(ROOT, 'samples/hostport-stale-dnat');
export const CLEAN_SAMPLE = path.join(ROOT, 'samples/variants/clean-teardown');
/** The sample's host name, in `hostname` and in every journal line. */
const SAMPLE_HOST = 'centos79';

/** A fresh scratch folder under the system temp folder, removed by the returned function. */
export function scratch(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `podmortem-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Copy a sample bundle to `dest` as the collection of `host`: the name in `hostname` and in the
 * journal lines is replaced. With `newIds`, every 64-hex ID (and its 12-hex short form, and the
 * CNI chains portmap and the bridge derive from it on cbr0) gets a different first digit, so two nodes
 * share no sandbox, as two real nodes never do.
 */
export function nodeBundle(sample: string, dest: string, host: string, newIds = false): string {
  cpSync(sample, dest, { recursive: true });
  rmSync(path.join(dest, 'SOURCE.md'), { force: true });
  rmSync(path.join(dest, 'expected.json'), { force: true });
  const files = filesUnder(dest);
  const ids = new Set<string>();
  if (newIds) for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\b[0-9a-f]{64}\b/g)) ids.add(m[0]);
  const swaps: [string, string][] = [];
  for (const id of ids) {
    const other = ((parseInt(id[0]!, 16) + 1) % 16).toString(16) + id.slice(1);
    swaps.push([dnatChainName('cbr0', id), dnatChainName('cbr0', other)], [masqChainName('cbr0', id), masqChainName('cbr0', other)], [id.slice(0, 12), other.slice(0, 12)]);
  }
  for (const f of files) {
    let text = readFileSync(f, 'utf8');
    const base = path.basename(f);
    if (base === 'hostname' || base.startsWith('journalctl')) text = text.split(SAMPLE_HOST).join(host);
    for (const [a, b] of swaps) text = text.split(a).join(b);
    writeFileSync(f, text);
  }
  return dest;
}

export type Wrapping = 'folder' | 'tar' | 'tar.gz' | 'tar.xz' | 'tar.zst' | 'zip';
export const WRAPPINGS: Wrapping[] = ['folder', 'tar', 'tar.gz', 'tar.xz', 'tar.zst', 'zip'];

/** Pack the folder `src` (its name becomes the archive's top folder) into `outDir/<name>.<wrapping>`; returns the input path. */
export function pack(src: string, wrapping: Wrapping, outDir: string, name = path.basename(src)): string {
  const parent = path.dirname(src);
  const top = path.basename(src);
  const out = path.join(outDir, `${name}.${wrapping}`);
  // Sorted names and fixed owners: the same archive on every machine (GNU tar).
  const tarArgs = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', parent];
  switch (wrapping) {
    case 'folder':
      return src;
    case 'tar':
      execFileSync('tar', ['-cf', out, ...tarArgs, top]);
      break;
    case 'tar.gz':
      execFileSync('tar', ['-czf', out, ...tarArgs, top]);
      break;
    case 'tar.xz':
      execFileSync('tar', ['-cJf', out, ...tarArgs, top]);
      break;
    case 'tar.zst':
      execFileSync('tar', ['--zstd', '-cf', out, ...tarArgs, top]);
      break;
    case 'zip':
      execFileSync('zip', ['-qr', '-X', out, top], { cwd: parent });
      break;
  }
  return out;
}

/** Compress one file next to itself with a system tool (gzip, xz or zstd), removing the original. */
export function compressFile(file: string, tool: 'gzip' | 'xz' | 'zstd'): string {
  execFileSync(tool, tool === 'zstd' ? ['-q', '--rm', file] : [file]);
  return file + (tool === 'gzip' ? '.gz' : tool === 'xz' ? '.xz' : '.zst');
}

/** The first `fraction` of a file's bytes, written next to it. */
export function truncated(file: string, fraction: number, name: string): string {
  const bytes = readFileSync(file);
  const out = path.join(path.dirname(file), name);
  writeFileSync(out, bytes.subarray(0, Math.floor(statSync(file).size * fraction)));
  return out;
}

/** Non-directory members of an archive as the system tool lists them. */
export function listMembers(archive: string): string[] {
  const text = archive.endsWith('.zip') ? execFileSync('unzip', ['-Z1', archive], { encoding: 'utf8' }) : execFileSync('tar', ['-tf', archive], { encoding: 'utf8' });
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.endsWith('/'))
    .sort();
}

/** Run the whole pipeline in process. */
export function run(inputs: string[], bundle?: DiscoverOptions): Promise<Analysis> {
  return analyze(inputs, { tz: null, year: null, host: null, bundle }, 'test');
}

/** Findings reduced to what must not depend on the wrapping. */
export function findingKeys(a: Analysis): string[] {
  return a.report.findings.map((f) => `${f.rule} ${f.severity} ${f.containerId} ${f.host} ${f.time}`);
}

/** Timeline events reduced to kind, time, IDs, and source position below the bundle's top folder. */
export function timelineKeys(a: Analysis, prefix: string): string[] {
  return a.timeline.events.map((e) => {
    if (!e.source.path.startsWith(prefix)) throw new Error(`event path ${e.source.path} is not under ${prefix}`);
    return `${e.kind} ${e.time} ${e.ids.join(',')} ${e.host} ${e.source.path.slice(prefix.length)}:${e.source.line}`;
  });
}
