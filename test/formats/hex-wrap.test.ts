// A 64-hex ID the poster's copy broke over two lines is joined back exactly; nothing else is glued on, and no ID is
// ever completed from a piece that does not make 64 hex (haiwen/seafile-docker#496).

import { describe, expect, it } from 'vitest';
import { joinHexWrap } from '../../src/formats/_hex-wrap.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { logrusFile } from '../../src/formats/logrus-file.js';
import { runFormat } from '../helpers/run-format.js';

const ID = '1ab17352d91f95b7bcdb39d2bc068bbee209b257154378bb3ad00ceccdf355d4';

describe('joinHexWrap', () => {
  it('joins a cut 64-hex ID and only then', () => {
    expect(joinHexWrap(`x container=${ID.slice(0, 8)}`, ID.slice(8))).toBe(`x container=${ID}`);
    expect(joinHexWrap(`x container=${ID.slice(0, 8)}`, `${ID.slice(8)} namespace=moby`)).toBe(`x container=${ID} namespace=moby`);
    // too short, too long, not hex, or the record's end is no hex run
    expect(joinHexWrap(`x container=${ID.slice(0, 8)}`, ID.slice(9))).toBeNull();
    expect(joinHexWrap(`x container=${ID.slice(0, 8)}`, `${ID.slice(8)}ab`)).toBeNull();
    expect(joinHexWrap(`x container=${ID.slice(0, 8)}`, 'Aug 03 13:16:19 pandora dockerd[1]: x')).toBeNull();
    expect(joinHexWrap('x msg="done"', ID.slice(8))).toBeNull();
    expect(joinHexWrap(`x container=${ID}`, 'abcdef')).toBeNull();
  });
});

describe('formats glue the rest of a wrapped ID back on', () => {
  it('journal-short: the record carries the whole ID, the second line is counted as its rest', () => {
    const r = runFormat(journalShort, `Aug 03 13:16:19 pandora dockerd[3906408]: time="2026-08-03T13:16:19.246566562+02:00" level=info msg="Container failed to exit within 10s of signal 15 - using the force" container=${ID.slice(0, 8)}\n${ID.slice(8)}\n`);
    expect(r.unparsed).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.message.endsWith(`container=${ID}`)).toBe(true);
    expect(r.records[0]!.raw).toContain('\n');
  });

  it('logrus-file too; a hex line that does not complete it stays unparsed', () => {
    const ok = runFormat(logrusFile, `time="2024-08-30T00:58:39.719359178Z" level=info msg="shim disconnected" id=${ID.slice(0, 30)}\n${ID.slice(30)}\n`, 'var/log/containerd.log');
    expect(ok.records.map((x) => x.message.endsWith(`id=${ID}`))).toEqual([true]);
    const no = runFormat(logrusFile, `time="2024-08-30T00:58:39.719359178Z" level=info msg="shim disconnected" id=${ID.slice(0, 30)}\n${ID.slice(31)}\n`, 'var/log/containerd.log');
    expect(no.unparsed).toHaveLength(1);
  });
});
