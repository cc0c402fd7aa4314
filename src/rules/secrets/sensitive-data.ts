/**
 * Recognizes credentials in names and literal values, for the rules that look for secrets written into manifests.
 * Callers never echo a matched value: findings name the key or variable and what it looks like.
 */

// Words that mark a name as holding a credential, matched on the upper-cased name with `-` and `.` read as `_`.
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|ACCESS_?KEY/;
// Suffixes that say the value locates a credential rather than being one (DB_PASSWORD_FILE=/run/secrets/db, TOKEN_URL=https://…).
const LOCATOR_SUFFIX = /_(FILE|PATH|DIR|NAME|URL|URI|ENDPOINT)$/;

/** Whether a variable or key name says it holds a credential, e.g. `DB_PASSWORD`, `api-key`, `aws.secret_access_key`. */
export function isSecretLikeName(name: string): boolean {
  const normalized = name.toUpperCase().replace(/[-.]/g, '_');
  return SECRET_NAME.test(normalized) && !LOCATOR_SUFFIX.test(normalized);
}

const VALUE_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['a private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/],
  ['an AWS access key id', /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['a URL with a password', /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];

/** What a literal value looks like if it embeds a well-known credential format (anywhere in it), else undefined. */
export function secretValueKind(value: string): string | undefined {
  return VALUE_PATTERNS.find(([, pattern]) => pattern.test(value))?.[0];
}

/** Shannon entropy of a string, in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/**
 * Whether a whole value is a random-looking token: one word of 32+ base64/base64url characters mixing upper case, lower case
 * and digits, at 4.5 bits of entropy per character or more. Hex strings (checksums, digests, UUIDs) stay below that bar on purpose.
 */
export function isHighEntropyToken(value: string): boolean {
  const v = value.trim();
  return /^[A-Za-z0-9+/_-]{32,}={0,2}$/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v) && entropy(v) >= 4.5;
}
