// docs/catalogue.md is the registry of what the components read: every entry has a real sample, and every sample
// passes the journal gate and its component's keyword filter, and gives exactly the entry's event with its ID.
// A component whose pre-filter (Component.gate) would drop a message it recognises fails here.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { identFlags, NEED_RECORD, RecordGate } from '../../src/components/gate.js';
import { COMPONENTS } from '../../src/components/index.js';
import { KeywordSet } from '../../src/components/keywords.js';
import { EVENT_KINDS } from '../../src/events/vocabulary.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { enveloped } from '../../src/formats/enveloped.js';
import { logrusTty } from '../../src/formats/logrus-tty.js';
import { talosLog } from '../../src/formats/talos-log.js';
import { inputOf, journalRecords, recordAt, stitched, withMessage } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const CATALOGUE = fileURLToPath(new URL('../../docs/catalogue.md', import.meta.url));

interface Sample {
  where: string;
  /** This sample's ID when it is not the entry's. */
  id: string | null;
  text: string;
}

interface Entry {
  component: string;
  title: string;
  line: number;
  fields: Record<string, string>;
  samples: Sample[];
}

/** The entries of the catalogue: `### title` under `## component`, `- key: value` lines, fenced samples. */
function entries(text: string): Entry[] {
  const out: Entry[] = [];
  const lines = text.split('\n');
  let component: string | null = null;
  let entry: Entry | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('## ')) {
      component = l.slice(3).trim();
      entry = null;
    } else if (l.startsWith('### ') && component !== null) {
      entry = { component, title: l.slice(4).trim(), line: i + 1, fields: {}, samples: [] };
      out.push(entry);
    } else if (entry !== null) {
      const sample = /^- sample: (.+)$/.exec(l);
      const field = /^- (\w+): (.+)$/.exec(l);
      if (sample) {
        if (lines[i + 1] !== '```text') throw new Error(`catalogue.md:${i + 1}: a sample is followed by a \`\`\`text block`);
        const body: string[] = [];
        for (i += 2; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
        const own = /^(.*?) — id (none|[0-9a-f]{64})$/.exec(sample[1]!);
        entry.samples.push({ where: own ? own[1]! : sample[1]!, id: own ? own[2]! : null, text: body.join('\n') });
      } else if (field) entry.fields[field[1]!] = field[2]!.replace(/^`|`$/g, '');
    }
  }
  return out;
}

const ENTRIES = entries(readFileSync(CATALOGUE, 'utf8'));
const BASE = recordAt(journalRecords('short-english-months'), 1);
/** `<stamp> <host> <ident>[pid]: message` in the short renderings the samples use (English, localized, ISO, precise, monotonic). */
// A journal line, or one whose prefix its poster cut down to `ident[pid]: ` (journal-bare).
const JOURNAL = /^(?:(?:\S+ +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+|\[ *\d+\.\d{6}\]) \S+ )?([^\s[:]+)(?:\[(\d+)\])?: /;

/**
 * The record a sample stands for, and where its message starts in the (first) line the gate sees. A sample of
 * several lines is a klog `err=<` block, one journal entry a line: cut and stitched as the pipeline does.
 */
function recordOf(e: Entry, s: Sample) {
  if (s.text.includes('\n')) {
    const run = runFormat(journalShort, s.text + '\n', 'catalogue');
    expect(run.counters.unparsed).toBe(0);
    const rec = stitched(run.records)[0]!;
    const first = s.text.slice(0, s.text.indexOf('\n'));
    return { rec, line: first, msgStart: first.length - rec.message.slice(0, rec.message.indexOf('\n')).length };
  }
  const j = JOURNAL.exec(s.text);
  // A line of a daemon that writes no journal (Talos' machined, also after talosctl dmesg's envelope) or of a terminal
  // (Pouch's logrus TTY): its format's record, as the pipeline cuts it; the journal gate does not see such lines (msgStart -1).
  // (talosctl's `<node>: <facility>: …` in front would pass for a cut journal prefix: Talos' lines always go to its format.)
  const formats = e.component === 'talos' ? [talosLog, enveloped] : j ? [] : [logrusTty];
  const own = formats.find((f) => f.detect({ path: 'catalogue', text: s.text, lines: [s.text] }) !== null);
  if (own !== undefined) {
    const run = runFormat(own, s.text + '\n', 'catalogue');
    expect(run.counters.unparsed).toBe(0);
    return { rec: run.records[0]!, line: s.text, msgStart: -1 };
  }
  const ident = j ? j[1]! : e.component;
  const message = j ? s.text.slice(j[0].length) : s.text;
  const rec = { ...withMessage(BASE, message), ident, pid: j?.[2] ? Number(j[2]) : 1, raw: s.text };
  return { rec, line: s.text, msgStart: s.text.length - message.length };
}

describe('docs/catalogue.md', () => {
  it('has entries for every component that reads journal lines, each with kind, id, source, versions and a sample', () => {
    expect(ENTRIES.length).toBeGreaterThan(40);
    for (const c of COMPONENTS) if (c.id !== 'deploy') expect(ENTRIES.some((e) => e.component === c.id), `${c.id} has no catalogue entry`).toBe(true);
    for (const e of ENTRIES) {
      const at = `catalogue.md:${e.line} (${e.title})`;
      expect(COMPONENTS.map((c) => c.id), at).toContain(e.component);
      expect(Object.keys(EVENT_KINDS), `${at}: kind`).toContain(e.fields.kind);
      expect(e.fields.id, `${at}: id`).toMatch(/^(none|[0-9a-f]{64})$/);
      expect(e.fields.source, `${at}: source`).toMatch(/\S/);
      expect(e.fields.versions, `${at}: versions`).toMatch(/\S/);
      expect(e.samples.length, `${at}: no sample`).toBeGreaterThan(0);
      for (const s of e.samples) expect(s.where, `${at}: sample without a source`).toMatch(/^(https:\/\/|samples\/|.*code index file \d+)/);
    }
  });

  for (const e of ENTRIES) {
    for (const [n, s] of e.samples.entries()) {
      it(`${e.component}: ${e.title} (sample ${n + 1})`, () => {
        const component = COMPONENTS.find((c) => c.id === e.component)!;
        const { rec, line, msgStart } = recordOf(e, s);
        // The journal gate keeps the line, and the component's keyword filter lets it be read.
        if (msgStart >= 0) expect(new RecordGate().need(line, msgStart, line.length, identFlags(rec.ident), true)).toBe(NEED_RECORD);
        const keywords = component.gate.keywords;
        if (keywords.length > 0) expect(new KeywordSet(keywords).in(rec.message, 0, rec.message.length)).toBe(true);
        // Exactly one event from all the components: the entry's, with its ID.
        const events = COMPONENTS.flatMap((c) => c.recognize(inputOf(rec)).map((d) => ({ by: c.id, kind: d.kind, ids: d.ids })));
        const id = s.id ?? e.fields.id;
        expect(events).toEqual([{ by: e.component, kind: e.fields.kind, ids: id === 'none' ? [] : [id] }]);
      });
    }
  }
});
