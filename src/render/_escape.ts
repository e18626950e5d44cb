// The one place log text is made safe for HTML, for an inline JSON block, and for Markdown.

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and quoted attribute values (eslint's encodeHTML). */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * JSON for `<script type="application/json">`: `<` as \u003c so `</script>` or `<!--` in a log line cannot end
 * the element; `>` and `&` likewise, and U+2028/2029 so the text is also a valid JS literal.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Markdown prose: backslash-escape what GitHub/GitLab would read as markup (HTML tags, links, code, emphasis,
 * table pipes). `_` is escaped only where it could open emphasis (CommonMark: not after a letter or digit),
 * so paths such as `journalctl_--no-pager` stay readable as plain text; without an opener no closer acts.
 */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*<>[\]|]/g, (c) => '\\' + c)
    .replace(/_/g, (c, i: number, s: string) => (/[\p{L}\p{N}]/u.test(s[i - 1] ?? ' ') ? c : '\\' + c));
}

/** A Markdown code span that holds any text: delimiters longer than its longest backtick run; in a table, pipes escaped (GFM). */
export function mdCode(text: string, inTable = false): string {
  const one = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(one.match(/`+/g) ?? []).map((r) => r.length));
  const tick = '`'.repeat(longest + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${inTable ? one.replace(/\|/g, '\\|') : one}${pad}${tick}`;
}

/** A fence longer than any backtick run in the text (at least three). */
export function mdFence(text: string): string {
  const runs = text.match(/`{3,}/g) ?? [];
  return '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
}
