/** Output helpers shared by every command: JSON to stdout, progress on a TTY only. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A one-line progress bar on stderr when it is a TTY and output is not JSON; a no-op otherwise. Hand-written:
 * it is a dozen lines, and the bar libraries pull in more than they save here.
 */
export function progress(label: string, options: { json?: boolean } = {}) {
  const enabled = Boolean(process.stderr.isTTY) && !options.json;
  let last = 0;
  return {
    tick(done: number, total: number) {
      if (!enabled) return;
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : 0;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      if (enabled) process.stderr.write('\n');
    },
  };
}
