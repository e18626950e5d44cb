// libcni result cache: <cacheDir>/results/<network>-<containerID>-<ifname>, compact JSON with "kind":"cniCacheV1".

import { JsonDocParser, cut, isObject, str, type JsonDoc } from './_json-doc.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

const KIND = /"kind"\s*:\s*"cniCacheV1"/;
const HEX64 = /^[0-9a-f]{64}$/;

function detect(head: Head): Detection | null {
  if (!/^\s*\{/.test(head.text) || !KIND.test(head.text)) return null;
  const named = /(^|\/)results\/[^/]+$/.test(head.path);
  return { score: named ? 0.97 : 0.95, why: `libcni result cache: JSON object with "kind":"cniCacheV1"${named ? ' under results/' : ''}` };
}

/** The pod IPs of a CNI result: "ips" (CNI ≥ 0.3.0, "10.66.2.38/24") or "ip4"/"ip6" (0.1.0/0.2.0). */
export function resultIps(result: unknown): string[] {
  if (!isObject(result)) return [];
  const out: string[] = [];
  if (Array.isArray(result.ips)) for (const e of result.ips) if (isObject(e) && typeof e.address === 'string') out.push(e.address.split('/')[0]!);
  for (const k of ['ip4', 'ip6']) {
    const v = result[k];
    if (isObject(v) && typeof v.ip === 'string') out.push(v.ip.split('/')[0]!);
  }
  return out.filter((ip) => ip !== '');
}

/** hostPort, protocol and hostIP of each runtimeConfig/capabilityArgs portMappings entry (kubelet's shape). */
export function portMappings(v: unknown): { ports: number[]; protos: string[]; hostIps: string[] } {
  const out = { ports: [] as number[], protos: [] as string[], hostIps: [] as string[] };
  if (!Array.isArray(v)) return out;
  for (const m of v) {
    if (!isObject(m)) continue;
    const port = Number(m.hostPort);
    if (!Number.isInteger(port) || port <= 0) continue;
    out.ports.push(port);
    out.protos.push((str(m.protocol) || 'tcp').toLowerCase());
    out.hostIps.push(str(m.hostIP) ?? '');
  }
  return out;
}

class CacheParser extends JsonDocParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'a cniCacheV1 object');
  }

  protected doc(doc: JsonDoc): void {
    const v = doc.value;
    const first = doc.lines[0] ?? '';
    if (!isObject(v) || v.kind !== 'cniCacheV1') return this.refuse(doc, 'JSON that is not a cniCacheV1 object');
    const id = str(v.containerId) ?? '';
    const args = new Map<string, string>();
    if (Array.isArray(v.cniArgs)) for (const p of v.cniArgs) if (Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') args.set(p[0], p[1]);
    const ns = args.get('K8S_POD_NAMESPACE');
    const name = args.get('K8S_POD_NAME');
    const caps = isObject(v.capabilityArgs) ? v.capabilityArgs : {};
    const pm = portMappings(caps.portMappings);
    const ips = resultIps(v.result);
    this.ctx.event({
      kind: 'cni.cache.present',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: HEX64.test(id) ? [id] : [],
      prefixes: [],
      attrs: {
        network: str(v.networkName),
        ifname: str(v.ifName),
        cniId: id,
        pod: ns && name ? `${ns}/${name}` : null,
        sandboxId: args.get('K8S_POD_INFRA_CONTAINER_ID') ?? null,
        ip: ips[0] ?? null,
        ips,
        ports: pm.ports,
        protos: pm.protos,
        hostIps: pm.hostIps,
        netns: str(v.netns),
        file: this.ctx.path,
      },
      source: { path: this.ctx.path, line: doc.firstLine },
      text: cut(first),
    });
  }
}

export const cniCache: Format = {
  id: 'cni-cache',
  title: 'libcni result cache (/var/lib/cni/cache/results/<net>-<id>-<ifname>)',
  reference: 'https://github.com/containernetworking/cni/blob/main/libcni/api.go (cachedInfo, cacheAdd)',
  samples: [
    // A whole cache file of the targz-orphan-lease-cache dev bundle (one line, no trailing newline).
    '{"kind":"cniCacheV1","containerId":"83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c","config":"ewogICJjbmlWZXJzaW9uIjogIjAuMy4xIiwKICAibmFtZSI6ICJsYWJuZXQiLAogICJwbHVnaW5zIjogWwogICAgewogICAgICAidHlwZSI6ICJicmlkZ2UiLAogICAgICAiYnJpZGdlIjogImNuaTAiLAogICAgICAibXR1IjogMTQ1MCwKICAgICAgImlzR2F0ZXdheSI6IHRydWUsCiAgICAgICJpc0RlZmF1bHRHYXRld2F5IjogdHJ1ZSwKICAgICAgImlwTWFzcSI6IGZhbHNlLAogICAgICAiaGFpcnBpbk1vZGUiOiB0cnVlLAogICAgICAiaXBhbSI6IHsKICAgICAgICAidHlwZSI6ICJob3N0LWxvY2FsIiwKICAgICAgICAic3VibmV0IjogIjEwLjY2LjIuMC8yNCIsCiAgICAgICAgInJvdXRlcyI6IFsgeyAiZHN0IjogIjEwLjY2LjAuMC8xNiIgfSBdCiAgICAgIH0KICAgIH0sCiAgICB7CiAgICAgICJ0eXBlIjogInBvcnRtYXAiLAogICAgICAic25hdCI6IHRydWUsCiAgICAgICJjYXBhYmlsaXRpZXMiOiB7ICJwb3J0TWFwcGluZ3MiOiB0cnVlIH0KICAgIH0KICBdCn0K","ifName":"eth0","networkName":"labnet","cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAMESPACE","elk"],["K8S_POD_NAME","es-curator-29311920-p6bm2"],["K8S_POD_INFRA_CONTAINER_ID","83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c"]],"capabilityArgs":{"ipRanges":[[{"subnet":"10.66.2.0/24"}]],"portMappings":[]},"result":{"cniVersion":"0.3.1","dns":{},"interfaces":[{"mac":"f6:4e:8a:45:c7:46","name":"cni0"},{"mac":"9a:e4:db:f4:e7:c1","name":"veth1ce36156"},{"mac":"5a:4a:9e:33:6c:53","name":"eth0","sandbox":"/proc/40212/ns/net"}],"ips":[{"address":"10.66.2.39/24","gateway":"10.66.2.1","interface":2,"version":"4"}],"routes":[{"dst":"10.66.0.0/16"},{"dst":"0.0.0.0/0","gw":"10.66.2.1"}]}}',
  ],
  detect,
  open: (ctx) => new CacheParser(ctx),
};
