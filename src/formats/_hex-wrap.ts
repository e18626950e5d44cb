// A 64-hex ID the poster's copy broke in two ("container=1ab17352" then "d91f95b7…ceccdf355d4" on the next line):
// the record ends in a run of hex that is too short, the next line opens with exactly the hex that makes it 64.
// Joining the two recovers the ID as printed, nothing guessed; any other next line is left alone.

const TAIL = /(?:^|[\s="'/:({[])([0-9a-f]{8,63})$/;
const HEAD = /^([0-9a-f]{1,56})(?=$|[\s"',;)\]}])/;

/** The record's message with `line` glued on when `line` completes a 64-hex ID cut at the message's end, else null. */
export function joinHexWrap(message: string, line: string): string | null {
  const tail = TAIL.exec(message);
  if (!tail) return null;
  const head = HEAD.exec(line);
  if (!head || tail[1]!.length + head[1]!.length !== 64) return null;
  return message + line;
}
