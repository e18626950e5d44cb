// Every installed glibc locale's month names (`locale abmon`, what journalctl's strftime("%b") prints) read back
// as their months through the journal-short format: a year of lines "<abmon> 14 11:39:02 node kubelet[1789]: …"
// per locale, padding kept (ja_JP's " 9月"). The locales come from Debian's locales-all
// (scripts/system-tools.sh test installs it); src/time/month-names.ts is generated from the same data.

import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { journalShort } from '../../src/formats/journal-short.js';
import { LocaleMonths } from '../../src/time/months.js';
import { runFormat } from '../helpers/run-format.js';

interface LocaleNames {
  locale: string;
  charmap: string;
  abmon: string[];
}

/** Bytes in a locale's charmap → text (TextDecoder where it knows the charmap, iconv otherwise). */
function decode(bytes: Buffer, charmap: string): string {
  if (charmap === 'UTF-8' || charmap === 'ANSI_X3.4-1968') return bytes.toString('utf8');
  try {
    return new TextDecoder(charmap, { fatal: true }).decode(bytes);
  } catch {
    return execFileSync('iconv', ['-f', charmap, '-t', 'UTF-8'], { input: bytes }).toString('utf8');
  }
}

let cached: LocaleNames[] | null = null;

/** `locale charmap abmon` under every locale `locale -a` lists, in one shell. */
function installed(): LocaleNames[] {
  if (cached) return cached;
  const out = execFileSync('bash', ['-c', 'for l in $(locale -a); do printf "%s\\n" "$l"; LC_ALL=$l locale charmap abmon; done'], { maxBuffer: 64 << 20 });
  const lines: Buffer[] = [];
  for (let at = 0; at < out.length; ) {
    const nl = out.indexOf(0x0a, at);
    lines.push(out.subarray(at, nl === -1 ? out.length : nl));
    at = nl === -1 ? out.length : nl + 1;
  }
  const names: LocaleNames[] = [];
  for (let i = 0; i + 2 < lines.length; i += 3) {
    const charmap = lines[i + 1]!.toString('latin1');
    names.push({ locale: lines[i]!.toString('latin1'), charmap, abmon: decode(lines[i + 2]!, charmap).split(';') });
  }
  return (cached = names);
}

const hasLocale = spawnSync('locale', ['-a'], { encoding: 'utf8' });
const count = hasLocale.status === 0 ? hasLocale.stdout.split('\n').filter(Boolean).length : 0;
const root = process.getuid?.() === 0;
// locales-all gives ~500 locales; a bare system has C, C.utf8 and POSIX.
const enough = count > 100;

describe('month names of every installed locale', () => {
  it('has the locales to test (locales-all; scripts/system-tools.sh test installs it as root)', () => {
    if (!enough && !root) {
      console.warn(`skipped: ${count} locales installed and not root to install locales-all`);
      return;
    }
    expect(count, 'apt-get install locales-all (scripts/system-tools.sh test)').toBeGreaterThan(100);
  });

  it.runIf(enough)('reads each locale\'s twelve %b names as months 1-12, in a journalctl short file of that locale', () => {
    const all = installed();
    expect(all.length).toBe(count);
    const wrong: string[] = [];
    for (const { locale, abmon } of all) {
      expect(abmon, locale).toHaveLength(12);
      const text = abmon.map((name, i) => `${name} 14 11:39:02 node kubelet[1789]: line of month ${i + 1}`).join('\n');
      const run = runFormat(journalShort, text, `node/journalctl_${locale}`);
      const got = run.records.map((r) => r.stamp?.month ?? 0);
      if (run.unparsed.length > 0 || got.length !== 12) wrong.push(`${locale}: ${abmon.join(';')} → ${got.join(',')} (${run.unparsed.length} unparsed)`);
      // A name several languages print is read in the one the file's earlier names settled; before they
      // settle it, the reading is a choice the file's notes name.
      got.forEach((month, i) => {
        const name = abmon[i]!.trim();
        if (month !== i + 1 && !run.notes.some((n) => n.includes(`"${name}" read as month ${month} `))) wrong.push(`${locale}: ${JSON.stringify(name)} read as ${month} without a note`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it.runIf(enough)('reads each name alone as its month, or says which languages it had to choose between', () => {
    const wrong = new Set<string>();
    for (const { locale, abmon } of installed()) {
      abmon.forEach((name, i) => {
        const months = new LocaleMonths();
        const month = months.read(name);
        if (month !== i + 1 && months.guessed === null) wrong.add(`${locale.split(/[_.@]/)[0]} ${JSON.stringify(name.trim())}: ${month}, want ${i + 1}`);
      });
    }
    // The one silent choice: a name that is also English is read as English (sos runs journalctl under LC_ALL=C).
    expect([...wrong]).toEqual(['st "Jan": 1, want 6']);
  });
});

describe('LocaleMonths', () => {
  it('reads a name shared by languages in the language the file\'s other names settled', () => {
    const cs = new LocaleMonths();
    expect(cs.read('říj')).toBe(10);
    expect(cs.read('lis')).toBe(11);
    expect(cs.guessed).toBeNull();
    const hr = new LocaleMonths();
    expect(hr.read('stu')).toBe(11);
    expect(hr.read('lis')).toBe(10);
    expect(hr.guessed).toBeNull();
  });

  it('says when nothing settled it, and takes the reading most languages share', () => {
    const m = new LocaleMonths();
    expect(m.read('lis')).toBe(11);
    expect(m.guessed).toMatch(/"lis" read as month 11 \(cs pl szl\), not 10 in hr/);
  });

  it('takes English without a word when a name is also English ("Jan" is June in st)', () => {
    const m = new LocaleMonths();
    expect(m.read('Jan')).toBe(1);
    expect(m.guessed).toBeNull();
  });

  it('knows no month in a word no locale prints', () => {
    expect(new LocaleMonths().read('Sept')).toBe(0);
    expect(new LocaleMonths().read('13月')).toBe(0);
  });
});
