/**
 * Named faults, caught once at the CLI/server edge and mapped to exit codes or HTTP statuses. Expected outcomes
 * (unchanged content, a too-short page) are values, not errors.
 */

/** The command line was wrong: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An input (file, URL, record) could not be used. The message always names the input and what is wrong. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly input: string,
    readonly problem: string,
  ) {
    super(`${input}: ${problem}`);
  }
}
