// Registry of input formats, sorted by id; the sniffer asks each one in this order.

import { cniCache } from './cni-cache.js';
import { cniConflist } from './cni-conflist.js';
import { cniIpam } from './cni-ipam.js';
import { containerLog } from './container-log.js';
import { criDockerdCheckpoint } from './cri-dockerd-checkpoint.js';
import { deployLog } from './deploy-log.js';
import { dockerDesktopLog } from './docker-desktop-log.js';
import { dockerInspect } from './docker-inspect.js';
import { dockerPs } from './docker-ps.js';
import { dockerVersion } from './docker-version.js';
import { dpkgList } from './dpkg-list.js';
import { enveloped } from './enveloped.js';
import { hostMeta } from './host-meta.js';
import { installedRpms } from './installed-rpms.js';
import { iptablesList } from './iptables-list.js';
import { iptablesSave } from './iptables-save.js';
import { journalBare } from './journal-bare.js';
import { journalCat } from './journal-cat.js';
import { journalExport } from './journal-export.js';
import { journalFile } from './journal-file.js';
import { journalJson } from './journal-json.js';
import { journalShort } from './journal-short.js';
import { journalVerbose } from './journal-verbose.js';
import { klogFile } from './klog-file.js';
import { klogJson } from './klog-json.js';
import { kubectlPods } from './kubectl-pods.js';
import { logrusFile } from './logrus-file.js';
import { logrusJson } from './logrus-json.js';
import { logrusTty } from './logrus-tty.js';
import { nftRuleset } from './nft-ruleset.js';
import { paste } from './paste.js';
import { sosLog } from './sos-log.js';
import { sosManifest } from './sos-manifest.js';
import { systemctlStatus } from './systemctl-status.js';
import type { Format } from './types.js';

export const FORMATS: readonly Format[] = [cniCache, cniConflist, cniIpam, containerLog, criDockerdCheckpoint, deployLog, dockerDesktopLog, dockerInspect, dockerPs, dockerVersion, dpkgList, enveloped, hostMeta, installedRpms, iptablesList, iptablesSave, journalBare, journalCat, journalExport, journalFile, journalJson, journalShort, journalVerbose, klogFile, klogJson, kubectlPods, logrusFile, logrusJson, logrusTty, nftRuleset, paste, sosLog, sosManifest, systemctlStatus];
