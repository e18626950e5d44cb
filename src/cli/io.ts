// What a command may touch: output streams and terminal facts, injected so tests can call run() directly.

export interface Io {
  /** write() false: the stream holds more than it wants; 'drain' says when it took it (a stream's backpressure). */
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number; once?(event: 'drain', listener: () => void): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
