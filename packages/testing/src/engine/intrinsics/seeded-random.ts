import { createHash } from 'node:crypto';

/**
 * A deterministic generator for `States.MathRandom`'s seed argument and for reproducible runs: the n-th number is
 * drawn from SHA-256 of `seed:n`, so the same seed gives the same sequence on every machine. Returns [0, 1).
 */
export function seededRandom(seed: number | string): () => number {
  let counter = 0;
  return () => createHash('sha256').update(`${seed}:${counter++}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** A version 4 UUID (RFC 9562) drawn from `random`, so a seeded run produces the same ids. */
export function uuidV4(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256) % 256);
  bytes[6] = 0x40 + (bytes[6] % 16); // version 4
  bytes[8] = 0x80 + (bytes[8] % 64); // RFC variant
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
