/**
 * The one justification rule: every relaxation (waivers, RBAC acknowledgements, suppressions, exemptions,
 * exposure allowances, cluster grants, sealing scopes) is accepted only with a reason a reviewer can judge.
 *
 * Pure (no construct imports), so constructs, the rule engine and the CLI apply exactly the same rule.
 */

/** Fewest meaningful characters a justification may have. */
export const MIN_JUSTIFICATION = 10;

// Characters that render as nothing or as blank space although Unicode does not class them all as white space:
// zero-width and joiner characters, the word joiner, the BOM, Hangul fillers, the Braille blank, the Mongolian
// vowel separator, soft hyphen, combining grapheme joiner, and the invisible math operators.
const INVISIBLE = /[\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu;
// A meaningful character is a letter, digit, punctuation or symbol (not a mark, separator, control or format character).
const MEANINGFUL = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * The justification as recorded: invisible characters removed and every run of white space (including newlines,
 * no-break and ideographic spaces) folded into one space, so an annotation value is one reviewable line.
 */
export function normalizeJustification(text: string): string {
  return text.replace(INVISIBLE, '').replace(/[\s\p{Z}\p{Cc}]+/gu, ' ').trim();
}

/** How many meaningful characters `text` has (code points, so an emoji or a CJK character counts once). */
export function meaningfulLength(text: string): number {
  let n = 0;
  for (const ch of normalizeJustification(text)) if (MEANINGFUL.test(ch)) n++;
  return n;
}

/**
 * Why `text` is not an acceptable justification, or undefined when it is. Accepts any value, because the
 * callers include untyped JavaScript and YAML annotations (which may hold numbers).
 */
export function justificationProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') {
    return `a justification must be text, not ${text === null ? 'null' : typeof text}`;
  }
  const normalized = normalizeJustification(text);
  const n = meaningfulLength(normalized);
  if (n < MIN_JUSTIFICATION) {
    return `a justification needs at least ${MIN_JUSTIFICATION} meaningful characters (letters, digits, punctuation) that a reviewer can judge; `
      + `${JSON.stringify(text)} has ${n}`;
  }
  // Ten of one key ("xxxxxxxxxx", "..........") say nothing a reviewer can judge.
  if (new Set([...normalized].filter(ch => MEANINGFUL.test(ch)).map(ch => ch.toLowerCase())).size < 4) {
    return `a justification must say why; ${JSON.stringify(text)} repeats too few different characters`;
  }
  return undefined;
}

/** Whether `text` is an acceptable justification. */
export function isJustification(text: unknown): text is string {
  return justificationProblem(text) === undefined;
}
