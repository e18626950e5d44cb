// cri-dockerd (and dockershim) sandbox checkpoint: <root>/sandbox/<64hex>, compact JSON written on RunPodSandbox.

import { JsonDocParser, cut, isObject, str, type JsonDoc } from './_json-doc.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

const HEX64 = /^[0-9a-f]{64}$/;

function detect(head: Head): Detection | null {
  const t = head.text;
  if (!/^\s*\{/.test(t) || !/"version"\s*:\s*"v1"/.test(t) || !/"checksum"\s*:\s*\d/.test(t) || !/"namespace"\s*:\s*"/.test(t)) return null;
  const named = /(^|\/)sandbox\/[0-9a-f]{64}$/.test(head.path);
  return { score: named ? 0.95 : 0.85, why: `sandbox checkpoint: {"version":"v1", …, "namespace", …, "checksum"}${named ? ' named sandbox/<64hex>' : ''}` };
}

class CheckpointParser extends JsonDocParser {
  private readonly fileId: string;

  constructor(ctx: FormatContext) {
    super(ctx, 'a sandbox checkpoint');
    this.fileId = ctx.path.split('/').pop() ?? '';
  }

  protected doc(doc: JsonDoc): void {
    const v = doc.value;
    if (!isObject(v) || typeof v.version !== 'string' || typeof v.name !== 'string' || typeof v.namespace !== 'string') return this.refuse(doc, 'JSON that is not a sandbox checkpoint');
    if (v.version !== 'v1') this.ctx.note(`checkpoint version ${JSON.stringify(v.version)}: read as v1`);
    // core/checkpoint.go: Data and every PortMapping field are omitempty.
    const data = isObject(v.data) ? v.data : {};
    const ports: number[] = [];
    const protos: string[] = [];
    const containerPorts: number[] = [];
    if (Array.isArray(data.port_mappings)) {
      for (const m of data.port_mappings) {
        if (!isObject(m)) continue;
        const hp = Number(m.host_port);
        if (!Number.isInteger(hp) || hp <= 0) continue;
        ports.push(hp);
        protos.push((str(m.protocol) || 'tcp').toLowerCase());
        containerPorts.push(Number.isInteger(Number(m.container_port)) ? Number(m.container_port) : 0);
      }
    }
    const id = HEX64.test(this.fileId) ? this.fileId : null;
    if (!id) this.ctx.note(`file name ${JSON.stringify(this.fileId)} is not a 64-hex sandbox ID: the checkpoint names no sandbox`);
    this.ctx.event({
      kind: 'sandbox.checkpoint',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: id ? [id] : [],
      prefixes: [],
      attrs: { pod: `${v.namespace}/${v.name}`, ports, protos, containerPorts, hostNetwork: data.host_network === true, version: v.version, file: this.ctx.path },
      source: { path: this.ctx.path, line: doc.firstLine },
      text: cut(doc.lines[0] ?? ''),
    });
  }
}

export const criDockerdCheckpoint: Format = {
  id: 'cri-dockerd-checkpoint',
  title: 'cri-dockerd / dockershim sandbox checkpoint (/var/lib/cri-dockerd/sandbox/<id>)',
  reference: 'https://github.com/Mirantis/cri-dockerd/blob/master/core/checkpoint.go (PodSandboxCheckpoint)',
  samples: ['{"version":"v1","name":"beats-gateway-qtvcfcrcxd-7x6g9","namespace":"elk","data":{"port_mappings":[{"protocol":"tcp","container_port":5045,"host_port":5045}]},"checksum":1876044621}'],
  detect,
  open: (ctx) => new CheckpointParser(ctx),
};
