const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** RFC 4648 §4 base64, padded or not. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * The UTF-8 text that base64 encodes (a CloudEvent's `data_base64`), or
 * undefined when it is not base64 or not UTF-8. Written out rather than with
 * Buffer or atob/TextDecoder: those are not JavaScript builtins, so a Beam
 * closure that reached them could not be serialized to a worker.
 *
 * Each 4 characters carry 24 bits = 3 bytes; the bytes are %-escaped and
 * decodeURIComponent does the UTF-8 decoding (and rejects invalid UTF-8).
 */
export function textOfBase64(encoded: string): string | undefined {
  const compact = encoded.replace(/\s+/g, "");
  if (!BASE64.test(compact)) return undefined;
  let escaped = "";
  let bits = 0;
  let bitCount = 0;
  for (const char of compact.replace(/=+$/, "")) {
    bits = ((bits << 6) | ALPHABET.indexOf(char)) & 0xffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      escaped += `%${((bits >> bitCount) & 0xff).toString(16).padStart(2, "0")}`;
    }
  }
  try {
    return decodeURIComponent(escaped);
  } catch {
    return undefined;
  }
}
