// What a command may touch: output streams and terminal facts, injected so tests can call run() directly.

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
