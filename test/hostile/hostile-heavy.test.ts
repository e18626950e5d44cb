// The heavy half of the hostile corpus (checks in _suite.ts, cases in _cases.ts): 100,001 members, the
// decompression bombs and the caps, in a file of its own so it runs beside the rest of the suite.

import { CASES } from './_cases.js';
import { hostileSuite } from './_suite.js';

hostileSuite('hostile corpus, heavy cases (built CLI, end to end)', CASES.filter((c) => c.heavy));
