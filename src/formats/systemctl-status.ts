// `systemctl status <unit>` and `systemctl status --all` (sos: sos_commands/systemd/systemctl_status_--all):
// per unit a header ("● docker.service - …", "   Active: …", the CGroup tree), a blank line, then the unit's
// last journal lines in journalctl's short format. Those lines are read as journal records; the ones the
// terminal cut (systemctl ellipsizes to the width unless -l; the pager chops) are counted, not read.

import { LocaleMonths } from '../time/months.js';
import { PendingRecord } from './_pending-record.js';
import { bareChop, CUT_REASON, displayWidth, terminalCut } from './_terminal-cut.js';
import { cutReadable } from './_cut-readable.js';
import { cutOrigin, cutTimestamp, shortRecord } from './journal-short.js';
import { cleanLine, unescapeHtml } from './_paste-clean.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

const COLOUR = /\x1b\[[\d;]*m/g;
// "● docker.service - Docker Application Container Engine" (○ inactive, × failed, * without UTF-8; some pastes lose the bullet)
const UNIT = /^(?:[●○×*↻] )?([\w:@.\\-]+\.(?:service|socket|scope|mount|automount|timer|target|slice|path|device|swap))(?: - .*)?$/;
// "   Loaded: loaded (…)", " Main PID: 1234 (dockerd)", "  Drop-In: …"
const PROPERTY = /^\s+[A-Z][A-Za-z -]*: /;
const HINT = /^(?:Hint|Warning): /;
// systemctl's own word that it ellipsized this unit's lines (print_status_info, since systemd 208).
const ELLIPSIZED = /^Hint: Some lines were ellipsized/;
/** A terminal narrower than this wraps nothing a journal prefix leaves room for (paste.ts: MIN_WRAP). */
const MIN_WRAP = 60;
/** A unit's journal lines are few (10 unless -n): held until the unit ends, to know the widest. */
const HOLD_MAX = 5000;

interface Held {
  text: string;
  lineNo: number;
  width: number;
}

/** Lines a ticket may write above the output (prompts, the commands that printed it: minikube#10374). */
const MAX_LEAD = 8;
/** The command line that printed the block, prompt or not ("docker@minikube:~$ sudo systemctl status docker"). */
const STATUS_COMMAND = /(?:^|[$#>] )(?:sudo )?systemctl (?:.* )?status\b/;

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => l.replace(COLOUR, '')).filter((l) => l.trim() !== '');
  // The output opens with a unit's header, or follows the command that printed it after at most a ticket's few
  // lines that are no journal's (its prompts and commands); the same header inside a journal message (a script
  // logging `systemctl status` output, `journalctl -o cat`) is that journal's.
  const first = lines.findIndex((l, i) => UNIT.test(l) && /^\s+Loaded: /.test(lines[i + 1] ?? ''));
  if (first < 0 || first > MAX_LEAD) return null;
  if (first > 0 && !STATUS_COMMAND.test(lines[first - 1]!)) return null;
  const months = new LocaleMonths();
  if (lines.slice(0, first).some((l) => cutTimestamp(l, months) !== null)) return null;
  const units = lines.filter((l, i) => UNIT.test(l) && /^\s+Loaded: /.test(lines[i + 1] ?? '')).length;
  const lead = first > 0 ? `, after ${first} line(s) of the ticket` : ', the first at the top';
  return { score: first === 0 ? 0.9 : 0.8, why: `${units} "● <unit> - …" header(s) followed by "Loaded:"${lead}` };
}

class StatusParser implements LineParser {
  private state: 'none' | 'header' | 'journal' = 'none';
  private unit = '';
  private held: Held[] = [];
  /** The unit's block carries systemctl's "Some lines were ellipsized" hint. */
  private ellipsized = false;
  private readonly months = new LocaleMonths();
  /** Width of the journal line read last (wrapRest), and how many wrapped rests were joined. */
  private prevWidth = 0;
  private wrapped = 0;
  /** journalctl indents a multi-line message's continuation by the prefix width. */
  private readonly pending: PendingRecord;

  constructor(private readonly ctx: FormatContext) {
    this.pending = new PendingRecord(ctx, /^\s/);
  }

  line(raw: string, lineNo: number): void {
    // A block copied from a rendered page keeps its HTML escapes (`time=&quot;…`): undone, widths then as shown.
    const text = unescapeHtml(raw.replace(COLOUR, '').replace(/\r$/, ''));
    const unit = this.state !== 'header' ? UNIT.exec(text) : null;
    if (unit) {
      this.release();
      this.state = 'header';
      this.unit = unit[1]!;
      return this.ctx.skipped(lineNo, 'systemctl status unit header');
    }
    if (this.state === 'header') {
      if (text.trim() === '') {
        this.state = 'journal';
        return this.ctx.skipped(lineNo, 'empty line');
      }
      // Properties and the CGroup tree are indented; an unindented line starts the journal (a paste that lost the blank line).
      // systemd ≥ 245 right-aligns the names on "TriggeredBy:", the longest, which so starts at the first column.
      if (/^\s|^TriggeredBy: /.test(text)) return this.ctx.skipped(lineNo, 'systemctl status property');
      this.state = 'journal';
    }
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    if (HINT.test(text)) {
      if (ELLIPSIZED.test(text)) this.ellipsized = true;
      return this.ctx.skipped(lineNo, 'systemctl hint or warning');
    }
    if (this.state === 'none') return this.ctx.unparsed(lineNo, 'before any "● <unit>" header', raw);
    this.held.push({ text, lineNo, width: displayWidth(text) });
    if (this.held.length >= HOLD_MAX) this.release();
  }

  /**
   * Read the unit's held journal lines, now that the widest of them is known. An ellipsis marks a cut line only
   * when systemctl said it ellipsized ("Stopping … Engine..." may well be the widest line); a pager's ">" when
   * it closes nothing (no "<nil>", no klog " >").
   */
  private release(): void {
    const widest = this.held.reduce((w, h) => Math.max(w, h.width), 0);
    const ends = this.held.filter((h) => h.width === widest && bareChop(h.text));
    const chopped = new Set(ends.map((h) => h.text)).size >= 1;
    this.prevWidth = 0;
    for (const h of this.held) this.journalLine(h, widest, chopped);
    this.held = [];
    this.ellipsized = false;
    this.pending.flush();
  }

  private journalLine(h: Held, widest: number, chopped: boolean): void {
    const prevWidth = this.prevWidth;
    this.prevWidth = h.width;
    if (this.pending.continueWith(h.text, h.lineNo, h.text.trimStart())) return;
    const env = cutTimestamp(h.text, this.months);
    const origin = env ? cutOrigin(env.rest) : null;
    if ((!env || !origin) && this.wrapRest(h, prevWidth, widest)) return;
    this.pending.flush();
    if (!env || !origin) return this.ctx.unparsed(h.lineNo, `not a journal line under ${this.unit}`, h.text);
    const cut = terminalCut(h.text, h.width, widest);
    // A cut line whose deciding words and IDs survive the cut is read as it stands (_cut-readable.ts), as paste does.
    if (((cut === 'ellipsized' && this.ellipsized) || (cut === 'chopped' && chopped)) && !cutReadable(h.text)) return this.ctx.unparsed(h.lineNo, CUT_REASON[cut], h.text);
    this.pending.start(shortRecord(env, origin, this.ctx.path, h.lineNo, h.text));
  }

  /**
   * Under a unit every line is a journal record or its indented continuation (show_journal_by_unit), so an
   * unindented line that is neither, right after the block's widest line, is that line's rest, wrapped by the
   * terminal or the pager (less wraps at its width: minikube#10374). Glued back as it was cut, nothing between.
   * A prompt or command after the output is the ticket's, never a rest.
   */
  private wrapRest(h: Held, prevWidth: number, widest: number): boolean {
    const rec = this.pending.open();
    if (rec === null || prevWidth !== widest || widest < MIN_WRAP || /^\s/.test(h.text) || cleanLine(h.text, 0, () => false).prompt) return false;
    rec.message += h.text;
    rec.raw += '\n' + h.text;
    rec.endLine = h.lineNo;
    this.wrapped++;
    this.ctx.skipped(h.lineNo, `wrapped rest of line ${rec.source.line}, joined to it`);
    return true;
  }

  end(): void {
    this.release();
    if (this.wrapped > 0) this.ctx.note(`${this.wrapped} journal line(s) wrapped by the terminal joined to the line before`);
  }
}

export const systemctlStatus: Format = {
  id: 'systemctl-status',
  title: 'systemctl status (unit headers, then each unit\'s last journal lines)',
  reference: 'https://github.com/systemd/systemd/blob/main/src/systemctl/systemctl-show.c (print_status_info, show_journal_by_unit)',
  samples: [
    '● docker.service - Docker Application Container Engine',
    '   Loaded: loaded (/lib/systemd/system/docker.service; disabled; vendor preset: enabled)',
    '   Active: active (running) since Mon 2019-04-08 11:34:39 CEST; 33s ago',
    'Apr 08 11:34:39 tinyos dockerd[13714]: time="2019-04-08T11:34:39.398401944+02:00" level=info msg="Loading containers: start."',
  ],
  detect,
  open: (ctx) => new StatusParser(ctx),
};
