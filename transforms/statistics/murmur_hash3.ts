/**
 * MurmurHash3 x86_32 (Austin Appleby, SMHasher, public domain) of a string's
 * UTF-8 bytes, as an unsigned 32-bit integer. Checked against the published
 * reference vectors, e.g. ("Hello, world!", seed 0x9747b28c) → 0x24884cba.
 */
export function murmurHash3(text: string, seed = 0): number {
  const bytes = utf8Bytes(text);
  const blockEnd = bytes.length - (bytes.length % 4);
  let hash = seed >>> 0;
  for (let i = 0; i < blockEnd; i += 4) {
    const block = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    hash ^= scrambleBlock(block);
    hash = rotateLeft(hash, 13);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = bytes.length - 1; i >= blockEnd; i--) tail = (tail << 8) | bytes[i];
  if (bytes.length > blockEnd) hash ^= scrambleBlock(tail);
  hash ^= bytes.length;
  // fmix32: the finalizer that makes every input bit affect every output bit.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function scrambleBlock(block: number): number {
  return Math.imul(rotateLeft(Math.imul(block, 0xcc9e2d51), 15), 0x1b873593);
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** UTF-8 encoding written out, so that the hash needs no TextEncoder or Buffer (neither survives Beam's closure serialization reliably). */
function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const character of text) {
    const codePoint = character.codePointAt(0) as number;
    if (codePoint < 0x80) {
      bytes.push(codePoint);
    } else if (codePoint < 0x800) {
      bytes.push(0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      bytes.push(0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f));
    } else {
      bytes.push(
        0xf0 | (codePoint >> 18),
        0x80 | ((codePoint >> 12) & 0x3f),
        0x80 | ((codePoint >> 6) & 0x3f),
        0x80 | (codePoint & 0x3f),
      );
    }
  }
  return bytes;
}
