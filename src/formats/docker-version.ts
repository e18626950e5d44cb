// `docker version` (sos: sos_commands/docker/docker_version): the daemon's, containerd's and runc's versions as the
// running dockerd reports them, as version.seen state at capture time. The client's own version is not the daemon's.

import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// docker/cli cli/command/system/version.go template: "Client:[ <platform>]", "Server:[ <platform>]", then per server
// component " <name>:" and "  Version:" (docker 17.06+); docker ≤ 17.05 printed the server's " Version:" directly.
const SECTION = /^(Client|Server):(?: (.*))?$/;
const COMPONENT = /^ ([\w.-]+):$/;
const VERSION = /^ {1,2}Version: +(\S+)$/;
const NO_DAEMON = /^(?:Cannot connect to the Docker daemon|Error response from daemon|error during connect)/;

/** Server components whose version the Software table shows, by the name `docker version` prints. */
const SERVER_PARTS: Readonly<Record<string, string>> = { Engine: 'dockerd', containerd: 'containerd', runc: 'runc' };

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (!SECTION.test(lines[0] ?? '') || !lines[0]!.startsWith('Client:')) return null;
  if (!lines.some((l) => VERSION.test(l))) return null;
  const sos = /(^|\/)docker_version$/.test(head.path);
  return { score: sos ? 0.95 : 0.85, why: `\`docker version\` output ("Client:" section${lines.some((l) => l.startsWith('Server:')) ? ' and "Server:"' : ''})` };
}

class DockerVersionParser implements LineParser {
  private section: string | null = null;
  private part: string | null = null;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    text = text.replace(/\r$/, '');
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const s = SECTION.exec(text);
    if (s) {
      [this.section, this.part] = [s[1]!, null];
      return this.ctx.skipped(lineNo, `${s[1]} section`);
    }
    if (NO_DAEMON.test(text)) {
      this.ctx.note(`"${text.trim()}": the daemon did not answer, only the client's version is here`);
      return this.ctx.skipped(lineNo, 'daemon not reachable');
    }
    const c = COMPONENT.exec(text);
    if (c && this.section === 'Server') {
      this.part = c[1]!;
      return this.ctx.skipped(lineNo, 'server component');
    }
    const v = VERSION.exec(text);
    // The server's version: under " Engine:" (17.06+) or directly under "Server:" (older).
    const software = v && this.section === 'Server' ? (this.part === null ? 'dockerd' : (SERVER_PARTS[this.part] ?? null)) : null;
    if (v && software !== null) {
      this.ctx.event({ kind: 'version.seen', stamp: null, absUs: null, domain: 'capture', ids: [], prefixes: [], attrs: { software, version: v[1]!, via: 'docker version' }, source: { path: this.ctx.path, line: lineNo }, text });
      return;
    }
    if (/^ {1,2}[\w ./-]+: *\S/.test(text) || c) return this.ctx.skipped(lineNo, 'field podmortem does not use');
    this.ctx.unparsed(lineNo, 'not `docker version` output', text);
  }

  end(): void {}
}

export const dockerVersion: Format = {
  id: 'docker-version',
  title: '`docker version` (client and server versions)',
  reference: 'https://github.com/docker/cli/blob/master/cli/command/system/version.go',
  samples: [
    'Client: Docker Engine - Community',
    ' Version:           24.0.5',
    ' API version:       1.43',
    'Server: Docker Engine - Community',
    ' Engine:',
    '  Version:          24.0.5',
    '  API version:      1.43 (minimum version 1.12)',
    ' containerd:',
    '  Version:          1.6.22',
    '  GitCommit:        8165feabfdfe38c65b599c4993d227328c231fca',
    ' runc:',
    '  Version:          1.1.8',
  ],
  detect,
  open: (ctx: FormatContext) => new DockerVersionParser(ctx),
};
