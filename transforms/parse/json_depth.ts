/**
 * The deepest JSON an event may be: far beyond any inference payload (a 4-d
 * tensor in its envelope is about 8 levels). Deeper text is refused before
 * JSON.parse sees it: V8 takes 8 s to parse 16 MB of `[[[[…]]]]`, and every
 * recursive walk of such a value (our decoders, JSON.stringify) overflows
 * the stack.
 */
const MAX_DEPTH = 64;
// An `export const` read inside its own module is undefined after closure serialization: functions here read MAX_DEPTH.
export const MAX_JSON_DEPTH = MAX_DEPTH;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`: one pass
 * over its characters, skipping strings (a bracket inside quotes is text).
 * Text that is not JSON at all is left for JSON.parse to refuse.
 */
export function jsonDeeperThan(text: string, maxDepth = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}
