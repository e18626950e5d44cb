import { it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { FORMATS } from '../src/formats/index.js';
import { runFormat, headOf } from './helpers/run-format.js';
const paths: Record<string, string> = {
  'cni-ipam/lease-crlf-no-trailing-newline': 'ipam-datadir/cbr0/10.187.2.34',
  'cni-ipam/bookkeeping-last-reserved-ip': 'var/lib/cni/networks/cbr0/last_reserved_ip.0',
  'cni-ipam/bookkeeping-lock-empty': 'var/lib/cni/networks/cbr0/lock',
  'host-meta/date-numeric-offset': 'sos_commands/date/date',
  'host-meta/date-utc': 'sos_commands/date/date_--utc',
  'host-meta/hostname-no-trailing-newline': 'sos_commands/host/hostname',
  'host-meta/hostname-with-trailing-newline': 'par-worker-2-collect-20251014/hostname',
};
it('explore', () => {
  const root = '/work/main/samples/formats';
  for (const fid of readdirSync(root)) {
    if (fid.endsWith('.md')) continue;
    for (const c of readdirSync(`${root}/${fid}`)) {
      const key = `${fid}/${c}`;
      const text = readFileSync(`${root}/${key}/input`, 'utf8');
      const p = paths[key] ?? `bundle/input`;
      const f = FORMATS.find((x) => x.id === fid)!;
      const r = runFormat(f, text, p);
      const det = FORMATS.map((x) => [x.id, x.detect(headOf(text, p))?.score.toFixed(3)]).filter((x) => x[1]);
      console.log(key, JSON.stringify(r.counters), JSON.stringify(det), 'notes', JSON.stringify(r.notes), 'unparsed', JSON.stringify(r.unparsed.map(u=>[u.line,u.reason])), 'meta', JSON.stringify(r.meta).slice(0,300));
    }
  }
});
