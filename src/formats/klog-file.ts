// Plain klog files (kubelet --log-file, /var/log/kubelet.log): "I0914 11:39:02.118431    1789 kubelet.go:2430] …",
// and the same lines with the header cut from the left as people paste them ("kubelet.go:2430] …"): timeless.

import { parseKlog, parseKlogCut } from '../components/klog.js';
import { unitFromName } from './journal-cat.js';
import { PlainLogParser } from './_plain-log.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

// klog internal/buffer FormatHeader: Lmmdd hh:mm:ss.uuuuuu threadid file:line]
export const HEADER = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ [^\]\s]+\] /;

function detect(head: Head): Detection | null {
  // `journalctl -o cat` output looks the same; journal-cat reads it as the journal export it is when the file
  // name says the unit (sos). Any other path that mentions journalctl (a ticket's "containerd-journalctl.txt") is
  // read here: journal-cat would refuse it, and nothing else reads these lines.
  if (unitFromName(head.path) !== null) return null;
  const lines = head.lines.filter((l) => l.trim() !== '' && !/^\s/.test(l));
  if (lines.length === 0) return null;
  // A "Log file created at: 2024/09/14 11:39:02" header (glog) may open the file.
  const hits = lines.filter((l) => HEADER.test(l)).length;
  const ratio = hits / lines.length;
  if (ratio >= 0.6) return { score: 0.55 + ratio * 0.35, why: `${hits}/${lines.length} head lines start with a klog header` };
  // Cut headers say less (no date): read them only when nearly every line has one.
  const cuts = lines.filter((l) => HEADER.test(l) || parseKlogCut(l) !== null).length;
  const cutRatio = cuts / lines.length;
  if (cutRatio < 0.6 || cuts < 1) return null;
  return { score: 0.45 + cutRatio * 0.35, why: `${cuts}/${lines.length} head lines start with a klog header or what is left of one (file.go:N])` };
}

// Multi-line values (err=< … >) and stack traces continue the record above: klog indents them.
const CONTINUATION = /^\s/;

class KlogFileParser extends PlainLogParser {
  private prevMonth = 0;
  private yearShift = 0;

  constructor(ctx: FormatContext) {
    super(ctx, 'kubelet', CONTINUATION);
  }

  protected read(text: string, lineNo: number): void {
    if (/^Log file (created at|running on|created by)|^Running on machine|^Binary: |^Log line format: /.test(text)) return this.ctx.skipped(lineNo, 'glog file header');
    const raw = text;
    let k = HEADER.test(text) ? parseKlog(text) : parseKlogCut(text);
    if (!k && /^[ \t]/.test(text)) {
      // A paste indents its lines; an indented line that opens with a klog header (whole, or cut with its clock
      // left) is a record, not a continuation: err=< … > blocks and stack traces never start with hh:mm:ss.uuuuuu.
      const t = text.replace(/^[ \t]+/, '');
      const j = HEADER.test(t) ? parseKlog(t) : parseKlogCut(t);
      if (j && (j.stamp !== null || /^\d{2}:\d{2}:\d{2}\.\d{6}\s/.test(t))) {
        k = j;
        text = t;
      }
    }
    if (!k) {
      if (this.pending.continueWith(text, lineNo)) return;
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'no klog header', text);
    }
    const stamp = k.stamp === null ? null : { ...k.stamp };
    if (stamp !== null) {
      // klog has no year: count December→January rollovers like the journal short family does.
      if (this.prevMonth && stamp.month < this.prevMonth && this.prevMonth - stamp.month >= 6) this.yearShift++;
      this.prevMonth = stamp.month;
      stamp.yearShift = this.yearShift;
    }
    this.startRecord(stamp, text, raw, lineNo, k.pid);
  }
}

export const klogFile: Format = {
  id: 'klog-file',
  title: 'plain klog file (kubelet writing to a file)',
  reference: 'https://github.com/kubernetes/klog/blob/main/internal/buffer/buffer.go',
  samples: [
    'I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
    'E0914 11:39:47.412507    1789 kuberuntime_manager.go:1380] "Failed to stop sandbox" podSandboxID={"Type":"docker","ID":"fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"}',
    'kubelet.go:2215] "SyncLoop DELETE" source="api" pods="[ingress-nginx/nginx-ingress-controller-rgm7x]"',
  ],
  detect,
  open: (ctx) => new KlogFileParser(ctx),
};
