// The one shape the components read a logrus line in: `time="…" level=… msg="…" key=value …` (what logrus's
// TextFormatter writes without a terminal). Envelopes that print the same entry otherwise (the terminal's
// `INFO[0000] msg   key=value`, the JSON formatter) are rewritten into it, so parseLogrus sees one grammar.

/** logrus's needsQuoting: any character outside [A-Za-z0-9-._/@^+] quotes the value (text_formatter.go). */
const PLAIN = /^[A-Za-z0-9\-._/@^+]+$/;

/** A value as the TextFormatter prints it: bare when plain, else Go-quoted (JSON's escapes read back the same). */
export function logrusValue(value: string): string {
  return PLAIN.test(value) ? value : JSON.stringify(value);
}

/** The four-letter level a terminal shows → the name the TextFormatter writes (logrus Level.String). */
const LEVELS: Record<string, string> = {
  PANI: 'panic',
  FATA: 'fatal',
  ERRO: 'error',
  WARN: 'warning',
  INFO: 'info',
  DEBU: 'debug',
  TRAC: 'trace',
  // The whole word, as people retype the four letters (the Kubernetes documentation quotes `ERROR[2022-04-26T…]`).
  PANIC: 'panic',
  FATAL: 'fatal',
  ERROR: 'error',
  WARNING: 'warning',
  DEBUG: 'debug',
  TRACE: 'trace',
};

export function levelName(short: string): string | null {
  return Object.prototype.hasOwnProperty.call(LEVELS, short) ? LEVELS[short]! : null;
}

/** `time="…" level=… msg="…" k=v …`; without a time (relative terminal stamps) the line starts at level=. */
export function logrusBody(time: string | null, level: string, msg: string, fields: readonly (readonly [string, string])[]): string {
  let out = time === null ? '' : `time=${JSON.stringify(time)} `;
  out += `level=${logrusValue(level)} msg=${JSON.stringify(msg)}`;
  for (const [k, v] of fields) out += ` ${k}=${logrusValue(v)}`;
  return out;
}
