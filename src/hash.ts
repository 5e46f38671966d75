import { createHash } from 'node:crypto';

/** Hex SHA-256: content ids, raw-input fingerprints, image checks. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
