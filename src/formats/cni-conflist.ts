// CNI network configuration: /etc/cni/net.d/*.conflist (network list) and *.conf / *.json (one plugin).

import { JsonDocParser, cut, isObject, str, type JsonDoc } from './_json-doc.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

const PLUGINS = /"plugins"\s*:\s*\[/;
const NAME = /"name"\s*:\s*"/;
const TYPE = /"type"\s*:\s*"/;
const VERSION = /"cniVersion"\s*:\s*"/;

function detect(head: Head): Detection | null {
  if (!/^\s*\{/.test(head.text) || /"kind"\s*:\s*"cniCacheV1"/.test(head.text)) return null;
  if (!NAME.test(head.text)) return null;
  const netD = /(^|\/)net\.d\/[^/]+$/.test(head.path);
  const ext = /\.(conflist|conf|json)$/.test(head.path);
  if (PLUGINS.test(head.text)) {
    if (netD || ext) return { score: 0.9, why: `CNI network list: "name" and a "plugins" array${netD ? ' in net.d/' : ` in a .${/\.(\w+)$/.exec(head.path)![1]} file`}` };
    if (VERSION.test(head.text)) return { score: 0.8, why: 'CNI network list: "cniVersion", "name" and a "plugins" array' };
    return null;
  }
  if (TYPE.test(head.text) && (netD || /\.conf$/.test(head.path))) return { score: VERSION.test(head.text) ? 0.8 : 0.7, why: 'CNI network config: one plugin ("name", "type") in net.d/ or a .conf file' };
  return null;
}

class ConfParser extends JsonDocParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'a CNI network configuration');
  }

  protected doc(doc: JsonDoc): void {
    const v = doc.value;
    if (!isObject(v) || typeof v.name !== 'string' || v.name === '') return this.refuse(doc, 'JSON that is not a CNI network configuration (no "name")');
    // libcni: a list has "plugins"; a single config is one plugin with "type" at the top.
    const list = Array.isArray(v.plugins);
    const plugins = (list ? (v.plugins as unknown[]) : [v]).filter(isObject);
    if (plugins.length === 0 || plugins.some((p) => typeof p.type !== 'string')) return this.refuse(doc, list ? 'CNI network list with a plugin without "type"' : 'CNI network config without "type"');
    const types = plugins.map((p) => p.type as string);
    const portmap = plugins.some((p) => p.type === 'portmap' && isObject(p.capabilities) && p.capabilities.portMappings === true);
    const at = doc.lines.findIndex((l) => /"name"\s*:/.test(l));
    this.ctx.event({
      kind: 'cni.network',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: [],
      prefixes: [],
      attrs: { network: v.name, plugins: types, portmap, cniVersion: str(v.cniVersion), form: list ? 'conflist' : 'conf', file: this.ctx.path },
      source: { path: this.ctx.path, line: doc.firstLine + Math.max(at, 0) },
      text: cut((doc.lines[Math.max(at, 0)] ?? '').trim()),
    });
  }
}

export const cniConflist: Format = {
  id: 'cni-conflist',
  title: 'CNI network configuration (/etc/cni/net.d/*.conflist, *.conf)',
  reference: 'https://github.com/containernetworking/cni/blob/main/SPEC.md#configuration-format (libcni/conf.go ConfListFromBytes, ConfFromBytes)',
  samples: ['{ "name": "cbr0", "cniVersion": "0.3.1", "plugins": [ { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } }, { "type": "portmap", "capabilities": { "portMappings": true } } ] }'],
  detect,
  open: (ctx) => new ConfParser(ctx),
};
