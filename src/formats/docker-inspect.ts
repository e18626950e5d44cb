// `docker inspect <container>…` (sos: sos_commands/docker/containers/docker_inspect_<id>): a JSON array of container objects.

import { parseK8sName } from './_k8s-name.js';
import { JsonDocParser, cut, isObject, lineOf, str, type JsonDoc } from './_json-doc.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

const HEX64 = /^[0-9a-f]{64}$/;
const ID_LINE = /^\s*"Id": "[0-9a-f]{64}",?$/;

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => l.replace(/\r$/, ''));
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined || !/^\s*\[/.test(first)) return null;
  const id = lines.some((l) => ID_LINE.test(l)) || /"Id"\s*:\s*"[0-9a-f]{64}"/.test(head.text);
  // Networks and volumes have an Id too; a container has "State" (and "HostConfig"/"Config" further down).
  if (!id || !/"State"\s*:\s*\{/.test(head.text)) return null;
  return { score: 0.95, why: '`docker inspect` of containers: JSON array, "Id" of 64 hex and a "State" object' };
}

class InspectParser extends JsonDocParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'a `docker inspect` array');
  }

  protected doc(doc: JsonDoc): void {
    const all = Array.isArray(doc.value) ? doc.value : [doc.value];
    const starts = Array.isArray(doc.value) ? doc.elementStarts.get(2) ?? [] : [doc.firstLine];
    let objectIndex = 0;
    all.forEach((el, i) => {
      // Element start lines are known for objects only; other values take the array's first line.
      const at = isObject(el) ? starts[objectIndex++] ?? doc.firstLine : doc.firstLine;
      const next = isObject(el) ? starts[objectIndex] ?? Infinity : at;
      this.container(el, doc, at, next - 1, i);
    });
  }

  private container(el: unknown, doc: JsonDoc, at: number, until: number, index: number): void {
    const bad = (reason: string) => this.ctx.unparsed(at, reason, doc.lines[at - doc.firstLine] ?? '');
    if (!isObject(el)) return bad(`element ${index} is not an object`);
    const id = str(el.Id) ?? '';
    if (!HEX64.test(id)) return bad(`element ${index} has no 64-hex "Id" (an image, network or volume?)`);
    if (!isObject(el.State)) return bad(`element ${index} has no "State": not a container`);
    const state = el.State;
    const config = isObject(el.Config) ? el.Config : {};
    const labels = isObject(config.Labels) ? config.Labels : {};
    const host = isObject(el.HostConfig) ? el.HostConfig : {};
    const name = (str(el.Name) ?? '').replace(/^\//, '');
    const k8s = parseK8sName(name);
    const ns = str(labels['io.kubernetes.pod.namespace']) ?? k8s?.namespace ?? null;
    const podName = str(labels['io.kubernetes.pod.name']) ?? k8s?.pod ?? null;
    const type = str(labels['io.kubernetes.docker.type']);
    const sandbox = type ? type === 'podsandbox' : (k8s?.sandbox ?? false);
    const sandboxId = str(labels['io.kubernetes.sandbox.id']) ?? (sandbox ? id : null);
    const idLine = lineOf(doc, at, /"Id"\s*:/, until) ?? { line: at, text: doc.lines[at - doc.firstLine] ?? '' };
    this.ctx.event({
      kind: 'container.observed',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: [id],
      prefixes: [],
      attrs: {
        name,
        pod: ns && podName ? `${ns}/${podName}` : null,
        container: str(labels['io.kubernetes.container.name']) ?? k8s?.container ?? null,
        sandbox,
        sandboxId: sandboxId && HEX64.test(sandboxId) ? sandboxId : null,
        running: state.Running === true,
        status: str(state.Status),
        exitCode: typeof state.ExitCode === 'number' ? state.ExitCode : null,
        startedAt: str(state.StartedAt),
        finishedAt: str(state.FinishedAt),
        networkMode: str(host.NetworkMode),
        source: 'docker inspect',
      },
      source: { path: this.ctx.path, line: idLine.line },
      text: cut(idLine.text.trim()),
    });
  }
}

export const dockerInspect: Format = {
  id: 'docker-inspect',
  title: '`docker inspect` of containers (sos_commands/docker/containers/docker_inspect_<id>)',
  reference: 'https://github.com/moby/moby/blob/master/api/types/container/container.go (InspectResponse); docker/cli cli/command/inspect (4-space indent)',
  // Lines of samples/formats/docker-inspect/inspect-sandbox-running (docker CLI 28.2.2), keys the parser does not read left out.
  samples: [
    '[',
    '    {',
    '        "Id": "c8110a220547a31bd67baf489cbc0cf3c7a8a0d58002bf76098fadefdf13cc60",',
    '        "State": {',
    '            "Status": "running",',
    '            "Running": true,',
    '            "Pid": 74188,',
    '            "ExitCode": 0,',
    '            "StartedAt": "2025-09-23T04:51:45.758603105Z",',
    '            "FinishedAt": "0001-01-01T00:00:00Z"',
    '        },',
    '        "Name": "/k8s_POD_beats-gateway-qtvcfcrcxd-7x6g9_elk_26b1aec5-f1ac-4db9-9bc3-89159ab62ce3_0",',
    '        "HostConfig": {',
    '            "NetworkMode": "none"',
    '        },',
    '        "Config": {',
    '            "Labels": {',
    '                "io.kubernetes.pod.name": "beats-gateway-qtvcfcrcxd-7x6g9",',
    '                "io.kubernetes.pod.namespace": "elk",',
    '                "io.kubernetes.pod.uid": "26b1aec5-f1ac-4db9-9bc3-89159ab62ce3",',
    '                "io.kubernetes.container.name": "POD",',
    '                "io.kubernetes.docker.type": "podsandbox"',
    '            }',
    '        }',
    '    }',
    ']',
  ],
  detect,
  open: (ctx) => new InspectParser(ctx),
};
