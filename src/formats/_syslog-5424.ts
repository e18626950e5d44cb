// The RFC 5424 header after the time (HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA), as rsyslog's built-in
// RSYSLOG_SyslogProtocol23Format writes it: "<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID%
// %MSGID% %STRUCTURED-DATA% %msg%\n" (rsyslog runtime/rsconf.c `template_SyslogProtocol23Format`, 8.x; the fields
// Graylog's GRAYLOGRFC5424 template prints too). The journal-short family cuts the stamp (and the "<PRI>VERSION "
// before it, which people's copies often lack); this reads the rest.

/**
 * HOSTNAME, APP-NAME (not ending in ':', which would be a traditional "ident:"), PROCID (a number or "-"), MSGID,
 * STRUCTURED-DATA ("-" or "[id k="v" …]" elements), then one space and the message (RFC 5424 §6).
 * "<host> kubelet 24578 - -  E0207 …" (rsyslog, captured: samples/formats/journal-field-shapes/rsyslog-rfc5424).
 */
const HEADER = /^(\S{1,255}) ([!-~]{0,47}[!-9;-~]) (\d{1,10}|-) ([!-~]{1,32}) (-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+)(?: (.*))?$/s;

export interface Rfc5424Origin {
  host: string;
  ident: string;
  pid: string | undefined;
  message: string;
}

/** Host, APP-NAME, PROCID and message of an RFC 5424 header and its message; null when `rest` is not one. */
export function cut5424(rest: string): Rfc5424Origin | null {
  const m = HEADER.exec(rest);
  if (!m) return null;
  // rsyslog's msg property keeps the space a traditional "tag: msg" had after its colon (the reason its own
  // RSYSLOG_FileFormat prints %msg:::sp-if-no-1st-sp%): a record received that way shows "- -  E0207 …", two
  // spaces after an empty STRUCTURED-DATA. That one space is the envelope's, not the daemon's.
  const msg = m[6] ?? '';
  return { host: m[1]!, ident: m[2]!, pid: m[3] === '-' ? undefined : m[3]!, message: msg.charCodeAt(0) === 32 ? msg.slice(1) : msg };
}
