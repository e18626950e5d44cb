// The shape of one swept log call: what an upstream daemon prints on a lifecycle step, across its versions.

import type { EventKind } from '../../../src/events/vocabulary.js';

export interface Swept {
  /** The daemon whose source holds the call; also the journal identifier the line is read under unless `ident`. */
  daemon: 'containerd' | 'cri-containerd' | 'dockerd' | 'cri-dockerd' | 'kubelet' | 'edgecore';
  /** The log call as the source writes it (format string and arguments, shortened). */
  call: string;
  /** Where: `file:line@tag`, one per version line checked. */
  refs: string[];
  /** The versions that print it. */
  versions: string;
  /**
   * The event a careful reader marks on it (samples/wild/README.md "What is marked"), or null: not a lifecycle line
   * of the vocabulary (`why` says why), and then no component may read it.
   */
  kind: EventKind | null;
  /** The sandbox or container ID the event must carry (null: the line names none whole). */
  id: string | null;
  /** Why a null-kind line is not marked, or why a marked one is left unread. */
  why?: string;
  /** A marked line podmortem does not read yet: the table says so, and the test only checks it gives no wrong event. */
  left?: boolean;
  /** Read since the sweep found it unread (session 5): the table says so. */
  newly?: boolean;
  /** The message as the daemon prints it (logrus body or klog line), rendered from the format string. */
  line: string;
  /** The journal identifier when it is not `daemon` (dockerd carrying its managed containerd's lines). */
  ident?: string;
}
