// What a run of ingest did, path by path: which thread read which parts, what was joined or read again, what
// was read in batch or skipped unread. Not part of the report (it depends on the CPUs); tests assert it to
// tell which path ran, where the report alone cannot (it is the same on every path).

export interface IngestStats {
  /** Parts of journals read by each thread (a journal read whole through readInParts is one part). */
  partsRead: { main: number; worker: number };
  /** Parts handed to the worker as discovery found their journal, before every other file was read (see PartSchedule). */
  handedEarly: number;
  /**
   * Journals on disk whose parts were made (and handed to the worker) when the folder walk's look-ahead met them,
   * before discovery reached them, and then joined where discovery put them off (PartSchedule.foresee).
   */
  foreseen: number;
  /** Parts of journals foreseen that discovery did not put off as foreseen (changed since, or not a journal put off): not joined. */
  foreseenUnused: number;
  /** Worker threads this run handed parts to. */
  workers: number;
  /** Parts of files read in two or more parts that were joined into their file. */
  partsJoined: number;
  /** Files read in parts whose parts could not be joined (or were not all read), read again whole. */
  rereadWhole: number;
  /** Ends of parts taken by the thread that was done first (see cutEnd), either thread. */
  steals: number;
  /** Events looked at while waiting for the worker (see warmWhileWaiting). */
  eventsWarmed: number;
  /** A sum over what warmWhileWaiting looked at: kept, so that its reads are made. */
  warmSum: number;
  /** Small files on disk read whole in one synchronous read (see SMALL_FILE). */
  smallFilesBatched: number;
  /** Archive members (and other streams) that ended within the head discovery peeked, read from it. */
  smallMembers: number;
  /** Big journals in archives copied to a temporary file and read as journals on disk are (see ingest/spill.ts). */
  membersSpilled: number;
  /** Members of archives decoded to disk put off as byte ranges of the decoded file, not copied (bundle/tar-file.ts). */
  regionsPutOff: number;
  /** Copies that failed half way (a full disk): those journals were read in one go, from the copy and the stream. */
  spillsFailed: number;
  /** Archive members no format reads, skipped at stream speed, by reason. */
  membersSkipped: Record<string, number>;
  /** Inputs read whole as jobs of the input pool, by thread (see parallel/inputs.ts). */
  inputsRead: { main: number; worker: number };
  /**
   * Compressed streams decoded in a decoding worker (zstd files on disk: bundle/decode-worker.ts), on the thread that
   * reads them, or by the system's xz in a process of its own (bundle/xz-process.ts); `xzFailed`: that program could
   * not start or died half way, and liblzma decoded instead (counted in `main`); `toFile`: of `process`, inputs xz
   * decoded whole to a temporary file, read from there (bundle/xz-file.ts).
   */
  decoded: { worker: number; main: number; process: number; xzFailed: number; toFile: number };
}

export function newIngestStats(): IngestStats {
  return { partsRead: { main: 0, worker: 0 }, handedEarly: 0, foreseen: 0, foreseenUnused: 0, workers: 0, partsJoined: 0, rereadWhole: 0, steals: 0, eventsWarmed: 0, warmSum: 0, smallFilesBatched: 0, smallMembers: 0, membersSpilled: 0, regionsPutOff: 0, spillsFailed: 0, membersSkipped: {}, inputsRead: { main: 0, worker: 0 }, decoded: { worker: 0, main: 0, process: 0, xzFailed: 0, toFile: 0 } };
}

/** Add the counts of a run over other inputs (read as a job of the input pool) to these. */
export function addStats(to: IngestStats, from: IngestStats): void {
  for (const k of ['handedEarly', 'foreseen', 'foreseenUnused', 'workers', 'partsJoined', 'rereadWhole', 'steals', 'eventsWarmed', 'warmSum', 'smallFilesBatched', 'smallMembers', 'membersSpilled', 'regionsPutOff', 'spillsFailed'] as const) to[k] += from[k];
  for (const k of ['partsRead', 'inputsRead', 'decoded'] as const) {
    to[k].main += from[k].main;
    to[k].worker += from[k].worker;
  }
  to.decoded.process += from.decoded.process;
  to.decoded.xzFailed += from.decoded.xzFailed;
  to.decoded.toFile += from.decoded.toFile;
  for (const [reason, n] of Object.entries(from.membersSkipped)) to.membersSkipped[reason] = (to.membersSkipped[reason] ?? 0) + n;
}
