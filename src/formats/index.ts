// Registry of input formats, sorted by id; the sniffer asks each one in this order.

import { cniIpam } from './cni-ipam.js';
import { deployLog } from './deploy-log.js';
import { hostMeta } from './host-meta.js';
import { iptablesList } from './iptables-list.js';
import { iptablesSave } from './iptables-save.js';
import { journalJson } from './journal-json.js';
import { journalShort } from './journal-short.js';
import type { Format } from './types.js';

export const FORMATS: readonly Format[] = [cniIpam, deployLog, hostMeta, iptablesList, iptablesSave, journalJson, journalShort];
