// Deploy logs written by other loggers than Python's: bracketed, slashed and zoned stamps.

import { describe, expect, it } from 'vitest';
import { classifyStep } from '../../src/components/deploy.js';
import { deployLog, deployMessage } from '../../src/formats/deploy-log.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const TEXT = [
  '[2024-09-14 11:39:30] INFO uninstall docker ...',
  '2024/09/14 11:39:41 systemctl stop docker',
  '2024-09-14T11:44:00.730+08:00 [deploy] 启动docker',
].join('\n');

describe('deploy-log stamp variants', () => {
  it('claims the file', () => {
    expect(deployLog.detect(headOf(TEXT, 'var/log/deploy.log'))!.score).toBeGreaterThan(0.5);
  });

  it('reads each stamp, keeping a stated zone', () => {
    const r = runFormat(deployLog, TEXT, 'var/log/deploy.log');
    expect(r.counters).toEqual({ lines: 3, records: 3, events: 0, skipped: 0, unparsed: 0 });
    expect(r.records.map((x) => [x.stamp!.hour, x.stamp!.minute, x.stamp!.second, x.stamp!.micro, x.stamp!.offsetMin])).toEqual([
      [11, 39, 30, 0, null],
      [11, 39, 41, 0, null],
      [11, 44, 0, 730000, 480],
    ]);
    expect(r.records.map((x) => classifyStep(deployMessage(x.message).msg).cls)).toEqual(['runtime.uninstall', 'runtime.stop', 'runtime.start']);
  });

  it('leaves a short-iso journal to journal-short', () => {
    const journal = '2024-09-14T11:39:41+0800 centos79 uninstall-docker[27310]: uninstall-docker: stopping docker before package removal';
    expect(deployLog.detect(headOf(journal, 'x'))).toBeNull();
    expect(journalShort.detect(headOf(journal, 'x'))!.score).toBeGreaterThan(0.5);
  });
});
