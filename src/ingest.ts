// Streams every input file through its format and the components, keeping only events.

import { Readable } from 'node:stream';
import split2 from 'split2';
import { discover, type DiscoverOptions, type Skipped, type SourceFile } from './bundle/discover.js';
import { parseKlog } from './components/klog.js';
import { parseLogrus } from './components/logrus.js';
import { COMPONENTS } from './components/index.js';
import type { ComponentInput } from './components/types.js';
import { excerpt, newStat, type InputStat } from './diagnostics/counters.js';
import type { LogRecord, PmEvent } from './events/types.js';
import type { EventDraft, FormatContext, MetaFact } from './formats/types.js';
import { HEAD_BYTES, headFromBytes, sniff } from './sniff/sniff.js';
import { ClockBook, type ClockOverrides } from './time/clock.js';
import { KlogStitcher } from './timeline/stitch.js';
import { CoverageTracker, type Coverage } from './timeline/coverage.js';

export interface IngestOptions extends ClockOverrides {
  host: string | null;
  /** Caps, progress and stdin for the bundle layer. */
  bundle?: DiscoverOptions;
}

export interface Ingested {
  events: PmEvent[];
  inputs: InputStat[];
  assumptions: ClockBook['assumptions'];
  hosts: Map<string, string>;
  /** Per journal file: identifiers and time span, for rules that claim an absence. */
  coverage: Coverage[];
}

/** Lines longer than this are cut and counted: a log line is never that long, garbage often is. */
const MAX_LINE = 1024 * 1024;
/** A file whose lines keep failing is probably not the chosen format: stop and say so. */
const ABANDON_AFTER = 1000;

/** Read all inputs into one list of events with resolved times and hosts. */
export async function ingest(inputs: string[], opts: IngestOptions): Promise<Ingested> {
  const skippedFiles: Skipped[] = [];
  const stats: InputStat[] = [];
  const events: PmEvent[] = [];
  const rootHostname = new Map<string, string>();
  const rootJournalHosts = new Map<string, Map<string, number>>();
  const hostOfRoot = (root: string): string => {
    if (opts.host) return opts.host;
    const named = rootHostname.get(root);
    if (named) return named;
    const votes = rootJournalHosts.get(root);
    if (votes && votes.size > 0) return [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    return root.split('/').pop()!.replace(/^sosreport-/, '').replace(/\.(tar\.(gz|xz|zst|bz2)|tgz|txz|tzst|tar|zip|gz|xz|zst)$/, '');
  };
  const clock = new ClockBook(opts, hostOfRoot);
  const trackers = new Map<string, { root: string; tracker: CoverageTracker }>();
  let seq = 0;

  for await (const file of discover(inputs, skippedFiles, opts.bundle)) {
    const stat = newStat(file.path, file.root);
    stats.push(stat);
    clock.file(file.path, file.root, file.mtimeUs);
    // The same array: caps reached and truncation found while the file is read land in the report too.
    stat.notes = file.notes;
    let opened: { bytes: Buffer; stream: Readable; more: boolean };
    try {
      opened = await peek(file.open());
    } catch (e) {
      stat.why = `not readable: ${(e as Error).message}`;
      continue;
    }
    const { bytes, stream } = opened;
    const head = headFromBytes(bytes, file.path, opened.more);
    const link = linkPlaceholder(head.lines, file);
    if (link) {
      stat.why = `placeholder for the sos link to ${link}`;
      if (!file.drain) stream.destroy();
      continue;
    }
    const picked = sniff(head, bytes);
    stat.why = picked.why;
    if (!picked.format) {
      if (!file.drain) stream.destroy();
      continue;
    }
    stat.format = picked.format.id;
    await readFile(file, stream, picked.format, stat);
  }
  for (const s of skippedFiles) stats.push({ ...newStat(s.path, s.root ?? s.path), why: s.reason, notes: s.notes ?? [] });

  async function readFile(file: SourceFile, input: Readable, format: NonNullable<ReturnType<typeof sniff>['format']>, stat: InputStat): Promise<void> {
    let consecutiveUnparsed = 0;
    let abandoned = false;
    const stitcher = new KlogStitcher((rec) => handleRecord(rec));
    const ctx: FormatContext = {
      path: file.path,
      record: (rec) => {
        stat.records++;
        if (rec.stamp) clock.stamp(file.path, rec.stamp);
        // Every log file says what it covers: journals, plain daemon logs, deploy logs.
        {
          let t = trackers.get(file.path);
          if (!t) trackers.set(file.path, (t = { root: file.root, tracker: new CoverageTracker() }));
          t.tracker.add(rec.ident, rec.stamp, rec.absUs);
        }
        if (rec.domain === 'journal' && rec.host) {
          const votes = rootJournalHosts.get(file.root) ?? new Map<string, number>();
          votes.set(rec.host, (votes.get(rec.host) ?? 0) + 1);
          rootJournalHosts.set(file.root, votes);
        }
        stitcher.push(rec);
      },
      event: (draft) => addEvent(draft),
      meta: (fact: MetaFact, line) => {
        if (fact.kind === 'hostname') rootHostname.set(file.root, fact.value);
        if (fact.kind === 'capture') {
          const priority = /(^|\/)date(_--utc)?$/.test(file.path) ? 0 : 1;
          clock.capture(file.root, fact.stamp, file.path, line, fact.text, priority);
          addEvent({ kind: 'bundle.captured', stamp: fact.stamp, absUs: null, domain: 'host', ids: [], prefixes: [], attrs: {}, source: { path: file.path, line }, text: fact.text });
        }
      },
      unparsed: (line, reason, text) => {
        stat.unparsed++;
        stat.unparsedReasons[reason] = (stat.unparsedReasons[reason] ?? 0) + 1;
        if (stat.unparsedSamples.length < 5) stat.unparsedSamples.push({ line, reason, excerpt: excerpt(text) });
        consecutiveUnparsed++;
      },
      skipped: () => {
        stat.skipped++;
      },
      note: (text) => {
        if (!stat.notes.includes(text)) stat.notes.push(text);
      },
    };

    function addEvent(d: EventDraft): void {
      stat.events++;
      if (d.stamp) clock.stamp(file.path, d.stamp);
      events.push({ ...d, time: null, clockKey: file.path, host: file.root, seq: seq++ });
    }

    function handleRecord(rec: LogRecord): void {
      const msg = rec.message;
      let logrus: ComponentInput['logrus'] | undefined;
      let klog: ComponentInput['klog'] | undefined;
      const input: ComponentInput = {
        rec,
        get logrus() {
          if (logrus === undefined) logrus = parseLogrus(msg);
          return logrus;
        },
        get klog() {
          if (klog === undefined) klog = parseKlog(msg);
          return klog;
        },
      };
      // Daemons' own instants date the journal: zone of the host and year of year-less lines.
      if (msg.includes('time="')) {
        const l = input.logrus;
        if (l?.time && l.time.offsetMin !== null) {
          clock.daemonOffset(file.root, l.time.offsetMin, `${rec.source.path}:${rec.source.line} time="${l.timeText}"`);
          if (rec.stamp) clock.hint(file.path, rec.stamp, l.time, `${rec.source.path}:${rec.source.line}`);
        }
      }
      for (const c of COMPONENTS) {
        if (c.keywords.length > 0 && !c.keywords.some((k) => msg.includes(k))) continue;
        for (const d of c.recognize(input)) addEvent(d);
      }
    }

    if (format.openBytes) {
      // Binary length-prefixed values (journal export): the raw bytes go to the format; lines are counted as split2 would.
      const bytesParser = format.openBytes(ctx);
      let last = 0x0a;
      try {
        for await (const chunk of input as AsyncIterable<Buffer>) {
          for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) stat.lines++;
          if (chunk.length > 0) last = chunk[chunk.length - 1]!;
          if (abandoned) continue;
          const records = stat.records;
          try {
            bytesParser.write(chunk);
          } catch (e) {
            ctx.note(`parser error: ${(e as Error).message}`);
            abandoned = true;
          }
          if (stat.records > records) consecutiveUnparsed = 0;
          if (!abandoned && consecutiveUnparsed >= ABANDON_AFTER) {
            abandoned = true;
            ctx.note(`abandoned after ${ABANDON_AFTER} consecutive unparsed lines near line ${stat.lines}: probably not ${format.id}; the remaining lines were counted, not read`);
          }
        }
      } catch (e) {
        ctx.note(`reading stopped after line ${stat.lines}: ${(e as Error).message}`);
      }
      if (last !== 0x0a) stat.lines++;
      try {
        if (!abandoned) bytesParser.end();
      } catch (e) {
        ctx.note(`parser error at end of file: ${(e as Error).message}`);
      }
      stitcher.end();
      return;
    }

    const parser = format.open(ctx);
    let lineNo = 0;
    const stream = input.pipe(split2(/\n/, { maxLength: MAX_LINE }));
    input.on('error', (e) => stream.destroy(e));
    try {
      for await (const line of stream as AsyncIterable<string>) {
        lineNo++;
        stat.lines++;
        if (abandoned) continue;
        const before = stat.unparsed;
        try {
          parser.line(line, lineNo);
        } catch (e) {
          ctx.unparsed(lineNo, `parser error: ${(e as Error).message}`, line);
        }
        if (stat.unparsed === before) consecutiveUnparsed = 0;
        else if (consecutiveUnparsed >= ABANDON_AFTER) {
          abandoned = true;
          ctx.note(`abandoned after ${ABANDON_AFTER} consecutive unparsed lines at line ${lineNo}: probably not ${format.id}; the remaining lines were counted, not read`);
        }
      }
    } catch (e) {
      ctx.note(`reading stopped at line ${lineNo + 1}: ${(e as Error).message.includes('maximum buffer') ? `a line longer than ${MAX_LINE} bytes` : (e as Error).message}`);
    }
    try {
      parser.end();
    } catch (e) {
      ctx.note(`parser error at end of file: ${(e as Error).message}`);
    }
    stitcher.end();
  }

  clock.resolve();
  for (const e of events) {
    e.time = clock.instant(e.stamp, e.absUs, e.domain, e.clockKey);
    // Whole-second envelope, finer daemon stamp within the same second: keep the finer one.
    if (e.time !== null && e.fineUs != null && Math.abs(e.fineUs - e.time) < 1_000_000) e.time = e.fineUs;
    e.host = hostOfRoot(e.host!);
  }
  for (const s of stats) s.host = s.format ? hostOfRoot(s.root) : null;
  const hosts = new Map<string, string>();
  for (const s of stats) hosts.set(s.root, hostOfRoot(s.root));
  stats.sort((a, b) => a.path.localeCompare(b.path));
  const coverage: Coverage[] = [...trackers].map(([path, { root, tracker }]) => ({
    host: hostOfRoot(root),
    path,
    idents: [...tracker.idents].sort(),
    from: tracker.first ? clock.instant(tracker.first.stamp, tracker.first.absUs, 'journal', path) : null,
    to: tracker.last ? clock.instant(tracker.last.stamp, tracker.last.absUs, 'journal', path) : null,
  }));
  return { events, inputs: stats, assumptions: clock.assumptions, hosts, coverage };
}

/** sos replaces some files by links ("hostname" → sos_commands/host/hostname); copies may keep the target as text. */
function linkPlaceholder(lines: string[], file: SourceFile): string | null {
  if (lines.length !== 1) return null;
  const target = lines[0]!.trim();
  if (!/^[\w.-]+(\/[\w.-]+)+$/.test(target) || target.includes('..')) return null;
  return file.exists(target) ? target : null;
}

/** Read the first bytes of a stream for sniffing, and give back a stream that replays them. */
async function peek(source: Readable): Promise<{ bytes: Buffer; stream: Readable; more: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const it = source[Symbol.asyncIterator]();
  let done = false;
  while (total < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const c = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    chunks.push(c);
    total += c.length;
  }
  const head = Buffer.concat(chunks);
  const stream = Readable.from(
    (async function* () {
      yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  return { bytes: head.subarray(0, HEAD_BYTES), stream, more: !done || head.length > HEAD_BYTES };
}
