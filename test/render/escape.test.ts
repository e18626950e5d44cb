// The one escaping helper module: HTML, JSON inside <script>, Markdown prose, code spans, fences; and CSV fields.

import { describe, expect, it } from 'vitest';
import { esc, jsonForScript, mdCode, mdFence, mdText } from '../../src/render/_escape.js';
import { csvField } from '../../src/render/csv.js';

describe('esc (HTML text and attributes)', () => {
  it('escapes the five characters that matter and nothing else', () => {
    expect(esc(`<script>alert("x")</script> & 'y' 停止docker`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; 停止docker');
    expect(esc('<img src=x onerror=alert(2)>')).toBe('&lt;img src=x onerror=alert(2)&gt;');
  });
  it('takes numbers and nothing', () => {
    expect(esc(42)).toBe('42');
    expect(esc(null)).toBe('');
    expect(esc(undefined)).toBe('');
  });
});

describe('jsonForScript', () => {
  it('keeps </script> and <!-- from ending the element, and round-trips', () => {
    const v = { line: 'a </script><script>alert(1)</script> <!-- b --> & c \u2028 d' };
    const out = jsonForScript(v);
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual(v);
  });
});

describe('Markdown', () => {
  it('mdText escapes HTML, links, code, emphasis and pipes but leaves words with underscores alone', () => {
    expect(mdText('<img src=x onerror=alert(2)> [a](b) `c` *d* | e')).toBe('\\<img src=x onerror=alert(2)\\> \\[a\\](b) \\`c\\` \\*d\\* \\| e');
    expect(mdText('journalctl_--no-pager sos_commands')).toBe('journalctl_--no-pager sos_commands');
    expect(mdText('_emph_ x')).toBe('\\_emph_ x');
    expect(mdText('two\nlines')).toBe('two lines');
  });
  it('mdCode picks delimiters longer than any backtick run and escapes pipes in tables only', () => {
    expect(mdCode('a|b')).toBe('`a|b`');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('x ``y`` z')).toBe('```x ``y`` z```');
    expect(mdCode('`edge`')).toBe('`` `edge` ``');
  });
  it('mdFence is longer than any run of three or more backticks inside', () => {
    expect(mdFence('plain')).toBe('```');
    expect(mdFence('has ``` inside')).toBe('````');
    expect(mdFence('has ````` inside')).toBe('``````');
  });
});

describe('csvField (RFC 4180)', () => {
  it('quotes fields with a comma, quote, CR or LF and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });
  it('writes null as empty, numbers as digits, lists and objects as JSON', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(1726285183530117)).toBe('1726285183530117');
    expect(csvField([443, 80])).toBe('"[443,80]"');
    expect(csvField({ a: 'b' })).toBe('"{""a"":""b""}"');
  });
});
