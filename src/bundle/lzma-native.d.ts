// The part of lzma-native (liblzma bindings, no types of its own for v8) that podmortem uses.

declare module 'lzma-native' {
  import type { Duplex } from 'node:stream';

  interface DecompressorOptions {
    /** Refuse streams whose decoder needs more memory than this (bytes). */
    memlimit?: number;
    flags?: number;
    synchronous?: boolean;
    /** Passed on to the stream.Transform it is. */
    writableHighWaterMark?: number;
  }

  const lzma: {
    createDecompressor(options?: DecompressorOptions): Duplex;
    versionString(): string;
  };
  export default lzma;
}
