// What a ticket does to log lines, undone where it can be undone exactly: shell prompts between the outputs
// (`$ journalctl -u docker`, `[root@node ~]# …`) or the bare command written above its output, a prompt and its output glued on one line (a web page lost
// the newline), a code block's indentation or a quote's "> ", grep's "file:line:" prefix, a log collector's stamp, and lines
// hard-wrapped at a fixed width (an ID cut in two by the wrap is whole again once the pieces are joined).

/** A shell prompt, after a blog's line-number gutter ("1 2 $ …"): `$ `, `# `, `[user@host dir]# `, `user@host:dir$ `. */
const PROMPT = /^(?:\d+ )*(?:\[[^\]]*\][#$]|[\w.-]+@[\w.-]+:[^\s#$]*[#$]|[$#])(?: (.*))?$/s;
/**
 * The command a ticket writes on its own line above the output it printed, with no prompt ("journalctl -o cat -u
 * containerd", "sudo journalctl -u kubelet | grep nginx"): the programs people read node logs with, optionally
 * after sudo. Only a line that opens no record is taken for one, so a log line is never dropped as a command.
 */
const COMMAND = /^(?:sudo )?(?:journalctl|systemctl|crictl|docker|kubectl|k3s|microk8s(?:\.[\w-]+)?|minikube|ctr|cat|tail|head|grep|egrep|zgrep|zcat|less|more)(?: .*)?$/s;
/** grep over several files: "messages-2024-04-02-1712016061.gz:7612:" or "docker.log:". */
const GREP = /^[\w./-]+:(?:\d+:)?/;
/**
 * The RFC 3339 stamp a log collector writes before each line it relays: `docker logs -t` and `kubectl logs
 * --timestamps` (RFC3339Nano, "2021-03-09T10:41:30.123456789Z "), a CI runner's log ("…30.1234567Z "). The line
 * after it is the daemon's own (k3s in a k3d node: logrus and klog), with its own time.
 */
const COLLECTOR_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) +/;
/** A quote's "> ", `minikube logs`' "* " bullet, a Markdown inline-code backtick. */
const QUOTE = /^(?:> ?|\* |`)/;

export type Starts = (text: string) => boolean;

export interface Cleaned {
  /** The line once cleaned, or null when it is a prompt with nothing else on it. */
  text: string | null;
  /** A shell prompt was on the line (skipped; its glued output, if any, is `text`). */
  prompt: boolean;
  /** What was taken off its front (quote marker, grep prefix), for the note. */
  prefix: boolean;
  /** Markdown bold taken out of the line (EMPHASIS): the ticket's own sign, whatever else the line holds. */
  emphasis?: boolean;
  /** A rendered page's HTML escapes undone (unescapeHtml): the copy's sign, as emphasis is. */
  entities?: boolean;
}

/**
 * Markdown bold a poster put inside a log line to point at what matters (`**remote_runtime**.go:116]
 * "**RunPodSandbox from runtime service failed**"`, k3s-io/k3s#5672): "**" right before a non-blank and the next
 * "**" right after one, neither touching a '/' or another '*' (a glob's "/**\/" is a path, not emphasis). The
 * renderer drops the markers and keeps the words, so taking them out gives back the line as logged.
 */
const EMPHASIS = /(?<![/*])\*\*(?=[^\s*/])([^*\n]*?[^\s*/])\*\*(?![/*])/g;

/** The line with a poster's markdown bold taken out (EMPHASIS), or the line itself when it holds none. */
export function unemphasize(raw: string): string {
  return raw.includes('**') ? raw.replace(EMPHASIS, '$1') : raw;
}

/**
 * HTML's escapes, left in lines copied from a rendered page's source (a saved issue, a blog's code block, a web log
 * viewer): `time=&quot;2023-01-15T13:42:21Z&quot; level=info msg=&quot;…&quot;`, a pager's chop as `&gt;`. A line
 * is taken as escaped when it holds one of these and no bare double quote (a page escapes every quote; a log line
 * quoting an HTML body keeps its own quotes around it), and only these five and their numeric twins are undone.
 */
const ENTITY = /&(?:quot|amp|lt|gt|apos|#34|#39|#47);/g;
const ENTITY_TEST = /&(?:quot|amp|lt|gt|apos|#34|#39|#47);/;
const ENTITY_CHAR: Readonly<Record<string, string>> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&apos;': "'", '&#34;': '"', '&#39;': "'", '&#47;': '/' };

/** The line with a rendered page's HTML escapes undone (ENTITY), or the line itself when it holds none or a bare quote. */
export function unescapeHtml(raw: string): string {
  if (!raw.includes('&') || raw.includes('"') || !ENTITY_TEST.test(raw)) return raw;
  return raw.replace(ENTITY, (e) => ENTITY_CHAR[e]!);
}

/** Clean one line; `starts` says whether a text opens a record of the pasted format. */
export function cleanLine(raw: string, indent: number, starts: Starts): Cleaned {
  const unescaped = unescapeHtml(raw);
  const bare = unemphasize(unescaped);
  const c = cleanFront(bare, indent, starts);
  if (bare !== unescaped) c.emphasis = true;
  if (unescaped !== raw) c.entities = true;
  return c;
}

/** cleanLine of a line with no emphasis left: what a ticket put before the record. */
function cleanFront(raw: string, indent: number, starts: Starts): Cleaned {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  let prefix = false;
  const quote = QUOTE.exec(text);
  if (quote && !starts(text)) {
    text = text.slice(quote[0].length);
    // the backtick that closed the inline code
    if (quote[0] === '`' && text.endsWith('`')) text = text.slice(0, -1);
    prefix = true;
  }
  let lead = 0;
  while (lead < indent && text.charCodeAt(lead) === 32) lead++;
  if (lead === indent && lead > 0) text = text.slice(lead);
  if (!starts(text)) {
    for (const re of [GREP, COLLECTOR_STAMP]) {
      const pre = re.exec(text);
      if (pre && starts(text.slice(pre[0].length))) return { text: text.slice(pre[0].length), prompt: false, prefix: true };
    }
    const p = PROMPT.exec(text);
    if (p) return { text: gluedOutput(p[1] ?? '', starts), prompt: true, prefix };
    // A command with no prompt before it: skipped like a prompt line (nothing is glued after a bare command).
    if (COMMAND.test(text)) return { text: null, prompt: true, prefix };
  }
  // A quote or backtick is the ticket's sign only before a record: a stray "`" line is junk, not a quoted paste.
  return { text, prompt: false, prefix: prefix && starts(text) };
}

/** The output glued after a prompt's command ("… | grep fb7cdb0a4f8da 9月 14 11:39:49 centos79 …"), or null. */
function gluedOutput(command: string, starts: Starts): string | null {
  // A background daemon writes behind the next prompt ("user@host:~$ INFO[…] Starting up").
  if (starts(command)) return command;
  for (let at = command.indexOf(' '); at !== -1; at = command.indexOf(' ', at + 1)) {
    const rest = command.slice(at + 1);
    if (starts(rest)) return rest;
  }
  return null;
}

/** The indentation of the first line that, once indented no more, opens a record (a code block's indent). */
export function pasteIndent(lines: readonly string[], starts: Starts): number {
  for (const l of lines) {
    const t = l.replace(QUOTE, '');
    const lead = /^ */.exec(t)![0].length;
    if (lead > 0 && starts(t.slice(lead))) return lead;
    if (starts(t)) return 0;
  }
  return 0;
}

/**
 * How a piece continues the line before it when the paste was wrapped at `wrap` columns: glued on ('' — a hard
 * break at the full width), after the one space a word wrap took ('' + ' ' — the piece's first word would not have
 * fit on the line before), or not at all (null). `wordBreak`: the paste is word-wrapped (wrapWords) and the line
 * before holds more than one word, so even at the full width it ended at a space the wrap took: a word wrap breaks
 * inside a word only when that word alone is wider than the width (`minikube logs`' bullets, kubernetes/minikube#5377).
 */
export function wrapJoint(prevWidth: number, piece: string, wrap: number, wordBreak = false): string | null {
  if (wrap <= 0 || piece.trim() === '') return null;
  if (prevWidth === wrap) return wordBreak ? ' ' : '';
  const space = piece.indexOf(' ');
  const word = space === -1 ? piece.length : space;
  return prevWidth < wrap && prevWidth + 1 + word > wrap ? ' ' : null;
}

/** Whether a physical line holds more than one word (a word wrap broke it at a space, not inside a word). */
export function severalWords(line: string): boolean {
  return /\S\s+\S/.test(line);
}
