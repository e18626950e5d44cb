// One order for text in every report and listing, whatever the machine's locale.

/**
 * String.prototype.localeCompare follows the user's locale (a Swedish one puts "ä" after "z"), so the same
 * inputs gave differently ordered reports on differently set up machines. en-US is the order the reports have
 * always had on the machines they were checked on (LANG=C.UTF-8 reads as en-US).
 */
// Equal texts are equal to the collator too: the test spares it the reports' sorts by host (one host, mostly).
export const compareText = (a: string, b: string): number => (a === b ? 0 : (collate ??= new Intl.Collator('en-US').compare)(a, b));

/**
 * Made on first use: making it loads ICU's collation data, ~17 ms, and the thread that reads the second part of a
 * big journal (which loads this module and never orders text) waited for that before it could start.
 */
let collate: Intl.Collator['compare'] | undefined;
