// Registry of components, sorted by id.

import { boot } from './boot.js';
import { containerd } from './containerd.js';
import { criContainerd } from './cri-containerd.js';
import { criDockerd } from './cri-dockerd.js';
import { crio } from './crio.js';
import { deploy } from './deploy.js';
import { dockerd } from './dockerd.js';
import { k3s } from './k3s.js';
import { kubelet } from './kubelet.js';
import { supervisord } from './supervisord.js';
import { systemd } from './systemd.js';
import { talos } from './talos.js';
import { upstart } from './upstart.js';
import type { Component } from './types.js';

export const COMPONENTS: readonly Component[] = [boot, containerd, criContainerd, criDockerd, crio, deploy, dockerd, k3s, kubelet, supervisord, systemd, talos, upstart];
