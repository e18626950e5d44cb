// `docker ps -a` default table (sos: sos_commands/docker/docker_ps_-a): fixed-width columns cut at the header's label positions.

import { parseK8sName } from './_k8s-name.js';
import { cellsAt, headerColumns, type Column } from './_table.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// docker/cli formatter: text/tabwriter, padding 3 (older releases: 20-wide minimum columns); `-s` adds SIZE after NAMES.
const HEADER = /^CONTAINER ID {2,}IMAGE {2,}COMMAND {2,}CREATED {2,}STATUS {2,}PORTS {2,}NAMES(?: {2,}SIZE)?\s*$/;
const ID = /^(?:[0-9a-f]{12}|[0-9a-f]{64})$/;

function detect(head: Head): Detection | null {
  const first = head.lines.find((l) => l.trim() !== '')?.replace(/\r$/, '');
  if (first === undefined || !HEADER.test(first)) return null;
  return { score: 0.95, why: '`docker ps` table header (CONTAINER ID … NAMES)' };
}

class PsParser implements LineParser {
  private cols: Column[] | null = null;
  private notedFallback = false;

  constructor(private readonly ctx: FormatContext) {}

  line(raw: string, lineNo: number): void {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    if (HEADER.test(text)) {
      this.cols = headerColumns(text);
      return this.ctx.skipped(lineNo, 'table header');
    }
    if (!this.cols) return this.ctx.unparsed(lineNo, 'row before the `docker ps` header', text);
    const cells = this.cells(text);
    if (!cells) return this.ctx.unparsed(lineNo, 'row does not line up with the `docker ps` header', text);
    const get = (label: string) => cells.get(label) ?? '';
    const id = get('CONTAINER ID');
    if (!ID.test(id)) return this.ctx.unparsed(lineNo, 'CONTAINER ID is not 12 or 64 hex digits', text);
    const status = get('STATUS');
    const names = get('NAMES').split(',').filter((n) => n !== '');
    const name = names.find((n) => !n.includes('/')) ?? names[0] ?? '';
    if (!name || !status) return this.ctx.unparsed(lineNo, 'row without a name or status', text);
    const k8s = parseK8sName(name);
    this.ctx.event({
      kind: 'container.observed',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: id.length === 64 ? [id] : [],
      prefixes: id.length === 12 ? [id] : [],
      attrs: {
        name,
        pod: k8s ? `${k8s.namespace}/${k8s.pod}` : null,
        container: k8s ? k8s.container : null,
        sandbox: k8s ? k8s.sandbox : false,
        status,
        // "Up 3 hours", "Up 2 days (Paused)", "Up 5 minutes (healthy)"; "Restarting (1) …" is not running.
        running: /^Up\b/.test(status),
        image: get('IMAGE') || null,
        created: get('CREATED') || null,
        source: 'docker ps',
      },
      source: { path: this.ctx.path, line: lineNo },
      text,
    });
  }

  end(): void {}

  /** Cells by label: at the header's positions, else split on 3+ blanks (PORTS may then be the one empty cell). */
  private cells(text: string): Map<string, string> | null {
    const cols = this.cols!;
    const labels = cols.map((c) => c.label);
    const fixed = cellsAt(text, cols);
    if (fixed && ID.test(fixed[0] ?? '')) return new Map(labels.map((l, i) => [l, fixed[i]!]));
    let parts = text.trim().split(/ {3,}/);
    const portsAt = labels.indexOf('PORTS');
    if (parts.length === labels.length - 1 && portsAt >= 0) parts = [...parts.slice(0, portsAt), '', ...parts.slice(portsAt)];
    if (parts.length !== labels.length) return null;
    if (!this.notedFallback) this.ctx.note('rows do not line up with the header: cells split on runs of 3 or more blanks');
    this.notedFallback = true;
    return new Map(labels.map((l, i) => [l, parts[i]!]));
  }
}

export const dockerPs: Format = {
  id: 'docker-ps',
  title: '`docker ps -a` table (sos_commands/docker/docker_ps_-a)',
  reference: 'https://github.com/docker/cli/blob/master/cli/command/formatter/container.go (defaultContainerTableFormat); Mirantis/cri-dockerd core/naming.go',
  // docker CLI 28.2.2 output (samples/formats/docker-ps/ps-a-lab-node-5): header and a sandbox row.
  samples: [
    'CONTAINER ID   IMAGE                                        COMMAND                  CREATED          STATUS          PORTS     NAMES',
    'c8110a220547   registry.k8s.io/pause:3.10                   "/pause"                 26 minutes ago   Up 26 minutes             k8s_POD_beats-gateway-qtvcfcrcxd-7x6g9_elk_26b1aec5-f1ac-4db9-9bc3-89159ab62ce3_0',
  ],
  detect,
  open: (ctx) => new PsParser(ctx),
};
