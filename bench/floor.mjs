// The bare line-splitting floor: read files with split2 (the analyzer's splitter) and count lines, nothing else.
import { createReadStream } from 'node:fs';
import split2 from 'split2';

let lines = 0;
for (const file of process.argv.slice(2)) {
  await new Promise((resolve, reject) => {
    createReadStream(file)
      .on('error', reject)
      .pipe(split2(/\n/))
      .on('data', () => lines++)
      .on('end', resolve)
      .on('error', reject);
  });
}
console.log(lines);
