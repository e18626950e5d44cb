// `kubectl get pods [-A] [-o wide]` tables and `kubectl get pods -o json` (a List of Pods, or one Pod).

import { JsonDocReader, cut, isObject, lineOf, str, type Json, type JsonDoc } from './_json-doc.js';
import { cellsAt, headerColumns } from './_table.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

const HEADER = /^(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE(?:\s|$)/;
const READY = /^\d+\/\d+$/;
const IP = /^(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)$/;
const WIDE = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];
const NARROW = WIDE.slice(0, 5);
const DEFAULT_NS_NOTE = 'no NAMESPACE column: namespace "default" assumed (kubectl prints none for the current namespace or -n <ns>; use -A to be sure)';

/** Tokens of a table row: blank-separated, with kubectl ≥ 1.22's "2 (3h ago)" restarts kept as one cell. */
function tokens(row: string): string[] {
  const out: string[] = [];
  const parts = row.trim().split(/\s+/);
  for (let i = 0; i < parts.length; i++) {
    const prev = out[out.length - 1];
    if (prev !== undefined && /^\d+$/.test(prev) && parts[i]!.startsWith('(')) {
      let cell = `${prev} ${parts[i]}`;
      while (!cell.endsWith(')') && i + 1 < parts.length) cell += ` ${parts[++i]}`;
      out[out.length - 1] = cell;
    } else out.push(parts[i]!);
  }
  return out;
}

/** The columns a header-less row has, from where its READY cell sits (-o wide: 9 cells, 10 with NAMESPACE). */
function guessColumns(cells: string[]): string[] | null {
  if (READY.test(cells[1] ?? '') && (cells.length === 9 || cells.length === 5)) return cells.length === 9 ? WIDE : NARROW;
  if (READY.test(cells[2] ?? '') && (cells.length === 10 || cells.length === 6)) return ['NAMESPACE', ...(cells.length === 10 ? WIDE : NARROW)];
  return null;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) return null;
  if (HEADER.test(first)) return { score: 0.95, why: '`kubectl get pods` table header (NAME READY STATUS RESTARTS AGE …)' };
  if (/^\s*\{/.test(first)) {
    if (/"apiVersion"\s*:\s*"v1"/.test(head.text) && /"kind"\s*:\s*"Pod"/.test(head.text)) return { score: 0.9, why: '`kubectl get pods -o json`: v1 objects of kind Pod' };
    return null;
  }
  // `kubectl get pods -o wide | grep …`: rows without their header, every one with an IP and a node.
  const wideRow = (cells: string[]): boolean => {
    const cols = guessColumns(cells);
    const ip = cols?.includes('IP') ? cells[cols.indexOf('IP')]! : null;
    return ip !== null && (ip === '<none>' || IP.test(ip));
  };
  if (lines.every((l) => wideRow(tokens(l))))
    return { score: 0.6, why: 'rows shaped like `kubectl get pods -o wide` (ready n/m, IP, node) without a header' };
  return null;
}

class PodsParser implements LineParser {
  private mode: 'unknown' | 'table' | 'json' = 'unknown';
  private labels: string[] | null = null;
  private fixed: ReturnType<typeof headerColumns> | null = null;
  private reader: JsonDocReader | null = null;

  /** The JSON reader's counting context once the file turns out to be JSON (a line counted once). */
  constructor(private ctx: FormatContext) {}

  line(raw: string, lineNo: number): void {
    const text = raw.replace(/\r$/, '');
    if (this.mode === 'unknown') {
      if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
      if (/^\s*[{[]/.test(text)) {
        this.mode = 'json';
        this.reader = new JsonDocReader(this.ctx, 'a Pod or a List of Pods', (doc) => this.doc(doc));
        this.ctx = this.reader.ctx;
      } else this.mode = 'table';
    }
    if (this.reader) return this.reader.line(text, lineNo);
    this.row(text, lineNo);
  }

  end(): void {
    this.reader?.end();
  }

  private row(text: string, lineNo: number): void {
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    if (HEADER.test(text)) {
      this.labels = text.trim().match(/NOMINATED NODE|READINESS GATES|\S+/g) ?? [];
      const cols = headerColumns(text);
      this.fixed = cols.length === this.labels.length && cols.every((c, i) => c.label === this.labels![i]) ? cols : null;
      if (!this.labels.includes('NAMESPACE')) this.ctx.note(DEFAULT_NS_NOTE);
      return this.ctx.skipped(lineNo, 'table header');
    }
    if (/^No resources found/.test(text)) return this.ctx.skipped(lineNo, 'kubectl: no resources');
    let labels = this.labels;
    let cells: string[] | null = null;
    if (this.fixed) {
      cells = cellsAt(text, this.fixed);
      if (cells && !READY.test(cells[labels!.indexOf('READY')] ?? '')) cells = null;
    }
    if (!cells) {
      cells = tokens(text);
      if (!labels) {
        labels = guessColumns(cells);
        if (labels) {
          this.ctx.note(`no header: columns assumed to be ${labels.join(', ')} (kubectl get pods${labels[0] === 'NAMESPACE' ? ' -A' : ''}${labels.includes('IP') ? ' -o wide' : ''})`);
          if (labels[0] !== 'NAMESPACE') this.ctx.note(DEFAULT_NS_NOTE);
          this.labels = labels;
        }
      }
    }
    if (!labels || cells.length !== labels.length) return this.ctx.unparsed(lineNo, labels ? `row has ${cells.length} cells, the header ${labels.length}` : 'row before the `kubectl get pods` header', text);
    const get = (l: string): string | null => {
      const i = labels!.indexOf(l);
      const v = i < 0 ? null : cells![i]!;
      return v === null || v === '<none>' || v === '' ? null : v;
    };
    const name = get('NAME');
    const ready = get('READY');
    if (!name || !ready || !READY.test(ready)) return this.ctx.unparsed(lineNo, 'row without a pod name and READY n/m', text);
    const ip = get('IP');
    if (ip !== null && !IP.test(ip)) return this.ctx.unparsed(lineNo, `IP cell ${JSON.stringify(ip)} is not an address`, text);
    const restarts = get('RESTARTS');
    this.emit(
      {
        pod: `${get('NAMESPACE') ?? 'default'}/${name}`,
        ip,
        node: get('NODE'),
        status: get('STATUS'),
        phase: null,
        ready,
        restarts: restarts && /^\d+/.test(restarts) ? Number(/^\d+/.exec(restarts)![0]) : null,
        age: get('AGE'),
        hostPorts: [],
        protos: [],
        hostNetwork: null,
        uid: null,
        containerIds: [],
        form: 'table',
      },
      lineNo,
      text,
    );
  }

  private doc(doc: JsonDoc): void {
    const v = doc.value;
    if (!isObject(v)) return this.bad(doc, doc.firstLine, 'JSON that is neither a Pod nor a List');
    if (Array.isArray(v.items)) {
      const starts = doc.elementStarts.get(3) ?? [];
      let k = 0;
      for (const item of v.items) {
        const at = isObject(item) ? starts[k++] ?? doc.firstLine : doc.firstLine;
        this.pod(item, doc, at, isObject(item) ? (starts[k] ?? Infinity) - 1 : at);
      }
      return;
    }
    this.pod(v, doc, doc.firstLine, Infinity);
  }

  private bad(doc: JsonDoc, at: number, reason: string): void {
    this.ctx.unparsed(at, reason, doc.lines[at - doc.firstLine] ?? '');
  }

  private pod(item: unknown, doc: JsonDoc, at: number, until: number): void {
    if (!isObject(item)) return this.bad(doc, at, 'list item is not an object');
    if (item.kind !== undefined && item.kind !== 'Pod') return this.ctx.skipped(at, `not a Pod (${String(item.kind)})`);
    const meta: Json = isObject(item.metadata) ? item.metadata : {};
    const spec: Json = isObject(item.spec) ? item.spec : {};
    const status: Json = isObject(item.status) ? item.status : {};
    const name = str(meta.name);
    if (!name) return this.bad(doc, at, 'Pod without metadata.name');
    const hostPorts: number[] = [];
    const protos: string[] = [];
    for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
      if (!isObject(c) || !Array.isArray(c.ports)) continue;
      for (const p of c.ports) {
        if (!isObject(p) || !Number.isInteger(p.hostPort) || (p.hostPort as number) <= 0) continue;
        hostPorts.push(p.hostPort as number);
        protos.push((str(p.protocol) ?? 'TCP').toLowerCase());
      }
    }
    const containerIds: string[] = [];
    for (const key of ['initContainerStatuses', 'containerStatuses']) {
      for (const s of Array.isArray(status[key]) ? (status[key] as unknown[]) : []) {
        const id = isObject(s) ? str(s.containerID) : null;
        if (id) containerIds.push(id.replace(/^[a-z]+:\/\//, ''));
      }
    }
    const phase = str(status.phase);
    const where = lineOf(doc, at, new RegExp(`"name"\\s*:\\s*${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), until) ?? { line: at, text: doc.lines[at - doc.firstLine] ?? '' };
    const ip = str(status.podIP);
    this.emit(
      {
        pod: `${str(meta.namespace) ?? 'default'}/${name}`,
        ip: ip && IP.test(ip) ? ip : null,
        node: str(spec.nodeName),
        status: meta.deletionTimestamp ? 'Terminating' : (str(status.reason) ?? phase),
        phase,
        ready: null,
        restarts: null,
        age: null,
        hostPorts,
        protos,
        hostNetwork: spec.hostNetwork === true,
        uid: str(meta.uid),
        containerIds,
        form: 'json',
      },
      where.line,
      cut(where.text.trim()),
    );
    if (!str(meta.namespace)) this.ctx.note('a Pod without metadata.namespace: namespace "default" assumed');
  }

  private emit(attrs: Record<string, string | number | boolean | null | string[] | number[]>, line: number, text: string): void {
    this.ctx.event({ kind: 'pod.observed', stamp: null, absUs: null, domain: 'capture', ids: [], prefixes: [], attrs, source: { path: this.ctx.path, line }, text });
  }
}

export const kubectlPods: Format = {
  id: 'kubectl-pods',
  title: '`kubectl get pods` (-o wide table, or -o json)',
  reference: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go (printPod); staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go',
  // kubectl 1.32 output (samples/formats/kubectl-pods/wide-default-namespace-seed): header and the seed report's pod.
  samples: [
    'NAME                            READY   STATUS      RESTARTS        AGE     IP            NODE           NOMINATED NODE   READINESS GATES',
    'xxxx-gateway-55fc694d76-rbxc7   1/1     Running     0               3h53m   10.187.2.34   xxx.xx.xx.26   <none>           <none>',
  ],
  detect,
  open: (ctx) => new PodsParser(ctx),
};
