// `podmortem explain <inputs…> --id X`: everything the bundle knows about one sandbox, chain, IP or pod.

import type { Command } from 'commander';
import { analyze, isoTime } from '../../report.js';
import { dnatChainName } from '../../timeline/chain-hash.js';
import type { Container, Timeline } from '../../timeline/timeline.js';
import { addClockOptions, clockOptions, resolveInputs, version, type CommonOptions } from '../common.js';
import { EXIT_OK, UserError } from '../exit-codes.js';
import type { Io } from '../io.js';
import { compareText } from '../../text-order.js';

export interface ExplainOptions extends CommonOptions {
  id: string;
}

/** Containers the key names: full ID or prefix (≥ 6 hex), CNI chain, IP, pod name or ns/name. */
export function resolveKey(tl: Timeline, key: string): Container[] {
  const k = key.trim();
  return [...tl.containers.values()]
    .filter((c) => (/^[0-9a-f]{6,64}$/.test(k) && c.id.startsWith(k)) || c.chains.has(k) || c.ips.has(k) || c.pods.has(k) || [...c.pods].some((p) => p.endsWith('/' + k)))
    .sort((a, b) => compareText(a.id, b.id));
}

function line(e: { source: { path: string; line: number }; time: number | null; text: string }): string {
  const text = e.text.split('\n')[0]!;
  return `${isoTime(e.time) ?? '(no time)'}  ${e.source.path}:${e.source.line}  ${text.length > 160 ? text.slice(0, 159) + '…' : text}`;
}

/** The explanation as text. */
export function renderExplain(tl: Timeline, findings: { rule: string; severity: string; containerId: string | null }[], key: string): string {
  const matches = resolveKey(tl, key);
  if (matches.length === 0) {
    const unowned = unownedChain(tl, key.trim());
    if (unowned) return unowned;
  }
  if (matches.length === 0) throw new UserError(`Nothing in the bundle is named "${key}": give a sandbox ID or prefix, a CNI chain, an IP or a pod name.`);
  const out: string[] = [];
  for (const c of matches) {
    out.push(`${c.id}${c.isSandbox ? ' (sandbox)' : ''} on ${c.host}`);
    out.push(`  pods: ${[...c.pods].join(', ') || '-'}`);
    out.push(`  IPs: ${[...c.ips].join(', ') || '-'}`);
    for (const net of [...c.networks].sort()) {
      const chain = dnatChainName(net, c.id);
      const seen = c.chains.has(chain);
      const nft = c.events.some((e) => e.attrs.target === chain && String(e.attrs.form).startsWith('nft'));
      out.push(`  chain: "CNI-DN-" + sha512hex("${net}" + "${c.id}")[0:21] = ${chain}${seen ? (nft ? ' (present in the nft listing)' : ' (present in the iptables dump)') : ''}`);
    }
    for (const ch of [...c.chains].filter((x) => x.startsWith('CNI-DN-') && ![...c.networks].some((n) => dnatChainName(n, c.id) === x))) out.push(`  chain: ${ch} is NOT the portmap hash of this ID on any known network`);
    const jumps = c.events.filter((e) => e.kind === 'cni.dnat.present');
    for (const j of jumps) {
      out.push(`  DNAT jump: rule ${j.attrs.position} of ${j.attrs.chain} in ${j.source.path}:${j.source.line} (${j.attrs.proto}/${(j.attrs.ports as number[]).join(',')} -> ${j.attrs.target ?? j.attrs.dnatTo ?? 'DNAT'})`);
      // nft listings drop iptables-nft's comment: say how the jump was tied to this sandbox.
      if (typeof j.attrs.resolvedBy === 'string') out.push(`    no comment in this ${j.attrs.form} listing; owner found by chain hash: ${j.attrs.resolvedBy}`);
      if (typeof j.attrs.portsShown === 'string') out.push(`    ports: ${j.attrs.portsShown}`);
    }
    for (const t of c.events.filter((e) => e.kind === 'cni.dnat.target')) {
      const to = t.attrs.ip === null ? `${String(t.attrs.targetHidden ?? 'not shown')}` : `${t.attrs.ip}:${t.attrs.port}`;
      out.push(`  DNAT target: ${to} for hostPort ${(t.attrs.hostPorts as number[]).join(',')} (${t.source.path}:${t.source.line})`);
    }
    const leases = c.events.filter((e) => e.kind === 'ipam.lease');
    for (const l of leases) out.push(`  lease: ${l.attrs.ip} on ${l.attrs.network} held (${l.source.path})`);
    for (const f of tl.leaseFolders.filter((f) => f.host === c.host && c.networks.has(f.network) && !f.leases.some((l) => l.ids.includes(c.id))))
      out.push(`  lease: none in ${f.folder.attrs.folder}/ (host-local released it or never gave one)`);
    const mine = findings.filter((f) => f.containerId === c.id);
    for (const f of mine) out.push(`  finding: ${f.severity} ${f.rule}`);
    const logs = c.events.filter((e) => e.domain !== 'capture').slice(-10);
    if (logs.length) {
      out.push('  last log lines:');
      for (const e of logs) out.push(`    ${e.kind.padEnd(22)} ${line(e)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** A CNI-DN chain the dumps jump to that no known sandbox hashes to: what is known, and that the owner is not. */
function unownedChain(tl: Timeline, key: string): string | null {
  const jumps = tl.dumps.flatMap((d) => d.jumps.filter((j) => j.attrs.target === key && j.ids.length === 0));
  if (jumps.length === 0) return null;
  const out = [`${key}: owner unknown`];
  for (const j of jumps) {
    out.push(`  DNAT jump: rule ${j.attrs.position} of ${j.attrs.chain} in ${j.source.path}:${j.source.line} (${j.attrs.proto}/${(j.attrs.ports as number[]).join(',')})`);
    out.push(`    ${String(j.attrs.unresolved ?? 'its comment names no sandbox')}`);
  }
  for (const d of tl.dumps) for (const t of d.targets.get(key) ?? []) out.push(`  DNAT target: ${t.attrs.ip === null ? String(t.attrs.targetHidden ?? 'not shown') : `${t.attrs.ip}:${t.attrs.port}`} (${t.source.path}:${t.source.line})`);
  out.push('');
  return out.join('\n');
}

export async function runExplain(inputs: string[], opts: ExplainOptions, io: Io): Promise<number> {
  const { timeline, report } = await analyze(resolveInputs(inputs), clockOptions(opts), version());
  io.stdout.write(renderExplain(timeline, report.findings, opts.id));
  return EXIT_OK;
}

export function register(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('explain')
    .description('everything the bundle knows about one sandbox ID/prefix, CNI chain, IP or pod')
    .argument('[inputs...]', 'bundle folders or files (default: the bundled sample)')
    .requiredOption('--id <key>', 'sandbox ID or prefix, CNI-DN- chain, IP or pod name')
    .action(async (inputs: string[], opts: ExplainOptions) => done(await runExplain(inputs, opts, io)));
  addClockOptions(cmd);
}
