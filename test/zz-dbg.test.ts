import { it } from 'vitest';
import { runJournal } from '/work/wt/fieldpaste/test/helpers/run-journal.js';
it('dbg', () => {
  for (const f of (process.env.F ?? '').split(',')) {
    const r = runJournal(f);
    console.log(f, r.format?.id, r.why);
    for (const rec of r.records) console.log('  R', rec.source.line, rec.ident, JSON.stringify(rec.message).slice(0, 200));
    for (const u of r.unparsed) console.log('  U', u.line, u.reason.slice(0, 80), u.text.slice(0, 80));
    console.log('  notes', r.notes);
  }
});
