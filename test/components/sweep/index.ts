// Every swept log call, daemon by daemon (docs/sweep.md is built from this list).

import { CONTAINERD } from './containerd.js';
import { CRI_DOCKERD } from './cri-dockerd.js';
import { DOCKERD } from './dockerd.js';
import { KUBELET } from './kubelet.js';
import type { Swept } from './types.js';

export const SWEPT: readonly Swept[] = [...CONTAINERD, ...DOCKERD, ...CRI_DOCKERD, ...KUBELET];
