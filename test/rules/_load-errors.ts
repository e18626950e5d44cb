// What a rule file's loader refuses, as the list of messages it gives (empty when the file loads).

import { parseRule, RuleLoadError } from '../../src/rules/load.js';

export function loadErrors(text: string, file: string): string[] {
  try {
    parseRule(text, file);
    return [];
  } catch (e) {
    if (!(e instanceof RuleLoadError)) throw e;
    return e.errors;
  }
}
