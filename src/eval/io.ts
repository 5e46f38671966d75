import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.ts';

/** Read a JSONL file (plain or `.gz`), one parsed object per non-empty line. Errors name the file and line. */
export async function readJsonl<T>(path: string): Promise<T[]> {
  const raw = createReadStream(path);
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const records: T[] = [];
  let lineNo = 0;
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNo++;
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as T);
      } catch (err) {
        throw new InputError(path, `line ${lineNo} is not valid JSON (${(err as Error).message})`);
      }
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, (err as Error).message);
  }
  return records;
}

/** Write one JSON object per line. */
export async function writeJsonl(path: string, records: Iterable<unknown>): Promise<void> {
  const out = createWriteStream(path);
  for (const record of records) {
    if (!out.write(`${JSON.stringify(record)}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
