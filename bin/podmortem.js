#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// Exit only once stdout has taken everything: process.exit() right after a large write to a pipe cut the
// report (`podmortem analyze … --format json | jq` got the first 80 KB of a 27 MB report).
main(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
