/**
 * The deepest JSON an event may be: far beyond any inference payload (a 4-d
 * tensor in its envelope is about 8 levels). Deeper text is refused before
 * JSON.parse sees it: V8 takes 8 s to parse 16 MB of `[[[[…]]]]`, and every
 * recursive walk of such a value (our decoders, JSON.stringify) overflows
 * the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`: one pass
 * over its characters, skipping strings (a bracket inside quotes is text).
 * Text that is not JSON at all is left for JSON.parse to refuse. Everything
 * it reads is local: it runs inside DoFns, where closure serialization loses
 * module-level constants.
 */
export function jsonDeeperThan(text: string, maxDepth: number): boolean {
  const openBrace = 0x7b;
  const openBracket = 0x5b;
  const closeBrace = 0x7d;
  const closeBracket = 0x5d;
  const quote = 0x22;
  const backslash = 0x5c;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === backslash) i++;
      else if (c === quote) inString = false;
    } else if (c === quote) inString = true;
    else if (c === openBrace || c === openBracket) {
      if (++depth > maxDepth) return true;
    } else if (c === closeBrace || c === closeBracket) depth--;
  }
  return false;
}
