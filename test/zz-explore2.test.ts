import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { journalShort } from '../src/formats/journal-short.js';
import { COMPONENTS } from '../src/components/index.js';
import { parseLogrus } from '../src/components/logrus.js';
import { parseKlog } from '../src/components/klog.js';
import { KlogStitcher } from '../src/timeline/stitch.js';
import { runFormat } from './helpers/run-format.js';
import type { LogRecord } from '../src/events/types.js';
it('explore', () => {
  for (const c of ['short-english-months', 'short-iso-kubelet-err-multiline-blocks', 'short-precise-sos-c-locale-systemd-252-units', 'short-zh_CN-seed-glued-cni-json', 'with-unit-unit-name-as-identifier']) {
    const r = runFormat(journalShort, readFileSync(`samples/formats/journal-short/${c}/input`, 'utf8'));
    const recs: LogRecord[] = [];
    const st = new KlogStitcher((x) => recs.push(x));
    r.records.forEach((x) => st.push(x));
    st.end();
    console.log('=====', c, r.records.length, recs.length);
    for (const rec of recs) {
      const input = { rec, logrus: parseLogrus(rec.message), klog: parseKlog(rec.message) };
      const out = COMPONENTS.flatMap((k) => k.recognize(input).map((e) => `${k.id}:${e.kind} ${JSON.stringify(e.ids)} ${JSON.stringify(e.attrs).slice(0, 200)}`));
      console.log(rec.source.line, rec.ident, out.length ? out.join(' | ') : '-');
    }
  }
});
