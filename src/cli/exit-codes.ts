// Named exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or unreadable input.

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** An error the user must fix: one clear sentence, exit code 2. */
export class UserError extends Error {
  constructor(message: string, readonly code = EXIT_USAGE) {
    super(message);
  }
}
