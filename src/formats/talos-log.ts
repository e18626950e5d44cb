// Talos Linux's machined log: Go's log package with the prefix "[talos] " and its standard flags (`[talos] 2024/12/09
// 14:46:11 service[containerd](Starting): Starting service`), as `talosctl logs machined`, `docker logs` of a Talos
// container and the console print it. The kernel log gets the same lines without the date (`[  103.387923] [talos]
// service[kubelet](Waiting): …`, talosctl dmesg), read by the envelope fallback (enveloped.ts): timeless, or timed
// by the stamp talosctl puts before them. Talos has no journal: this is where its services' lifecycle is written.

import { makeStamp, validStamp } from '../time/stamp.js';
import { PlainLogParser } from './_plain-log.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

// log.SetPrefix("[talos] ") with log.LstdFlags (Ldate|Ltime: "2006/01/02 15:04:05", the node's local time, UTC on
// Talos); the kernel log's writer drops the date (machined's kmsg logging: the kernel stamps each line itself).
const LINE = /^(?:\[ *\d+\.\d{6}\] )?\[talos\] (?:(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) )?(.*)$/s;
// The console and `dmesg` of a Talos node: the kernel's own lines between machined's, each after the seconds since
// boot (`[155595.175339] cni0: port 1(veth0cdf4d7e) entered disabled state`, siderolabs/talos#9603): kernel records,
// timeless. machined's lines there carry the same stamp before their "[talos] " (LINE).
const KMSG = /^\[ *\d+\.\d{6}\] (.*)$/s;

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const talos = lines.filter((l) => LINE.test(l)).length;
  const kernel = lines.filter((l) => !LINE.test(l) && KMSG.test(l)).length;
  const ratio = (talos + kernel) / lines.length;
  if (talos === 0 || ratio < 0.6) return null;
  const among = kernel > 0 ? `, ${kernel} kernel lines among them` : '';
  return { score: 0.6 + ratio * 0.3, why: `${talos}/${lines.length} head lines are Talos machined's "[talos] …"${among}` };
}

class TalosParser extends PlainLogParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'talos');
  }

  protected read(text: string, lineNo: number): void {
    const m = LINE.exec(text);
    const kernel = m ? null : KMSG.exec(text);
    if (kernel) {
      this.pending.start({ stamp: null, absUs: null, domain: 'host', host: null, ident: 'kernel', pid: null, message: kernel[1]!, source: { path: this.ctx.path, line: lineNo }, raw: text });
      return;
    }
    if (!m) {
      // A message's own newlines (a Go error printed over several lines) follow the line that logged them.
      if (!this.pending.continueWith(text, lineNo)) this.ctx.unparsed(lineNo, 'no "[talos] " at the start', text);
      return;
    }
    let stamp = null;
    if (m[1] !== undefined) {
      stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), 0, null);
      if (!validStamp(stamp)) {
        this.pending.flush();
        return this.ctx.unparsed(lineNo, 'impossible date or time', text);
      }
    }
    this.startRecord(stamp, m[7]!, text, lineNo);
  }
}

export const talosLog: Format = {
  id: 'talos-log',
  title: "Talos Linux machined's log ([talos] <date> <time> service[…](…): …)",
  reference: 'https://github.com/siderolabs/talos/blob/v1.9.0/internal/app/machined/pkg/system/service_runner.go',
  samples: [
    // siderolabs/talos#11190 (docker logs of a Talos 1.10 node container)
    '[talos] 2025/06/10 15:09:23 service[containerd](Starting): Starting service',
    // siderolabs/talos#2097 (the kernel log's form, the date dropped)
    '[talos] service[kubelet](Waiting): Waiting for service "containerd" to be "up", service "networkd" to be "up"',
  ],
  detect,
  open: (ctx) => new TalosParser(ctx),
};
