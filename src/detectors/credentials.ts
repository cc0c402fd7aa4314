/**
 * The one credential detector: whether a literal value (optionally with the name it is stored under) is, or carries,
 * a credential. Constructs call it to refuse literals before they reach the YAML; rules call it on any manifest, so both
 * judge env values, args and command, annotations and ConfigMap data and binaryData the same way.
 *
 * Pure (no construct, rule or cdk8s imports). A match says what was found (a kind, a key name), never the value: callers
 * must not echo values either.
 *
 * Three ways of finding one, in this order:
 * 1. a known token format anywhere in the value (AWS, GitHub, GitLab, Slack, Stripe, Google, npm, PEM private keys, JWT,
 *    URLs with a password, `Authorization: Basic/Bearer …`);
 * 2. a name that says credential (`DB_PASSWORD`, `--github-token`, `spring.datasource.password`), given with the value or
 *    found inside it as `key = value`, `key: value`, `KEY=value`, `"key": "value"`, `<key>value</key>` or a CLI flag;
 * 3. entropy: a whole value that is a random-looking token (see `isHighEntropyToken` for the measured bar).
 *
 * False refusals are failures too, so names that only describe a credential (`TOKEN_TTL`, `PASSWORD_MIN_LENGTH`,
 * `SECRET_NAME`, `API_KEY_HEADER`) and values that cannot be one (numbers of a config suffix, durations, booleans,
 * placeholders, file paths, URLs without credentials, names of Secrets) are not findings.
 */

/** Where a value sits, which decides how much a credential-like name alone proves. */
export type CredentialContext =
  /** An environment variable, or a ConfigMap key: the name is the variable or key, the value is used as is. */
  | 'env'
  /** An annotation: the name is the key; annotations also carry prose and references to Secrets by name. */
  | 'annotation'
  /** One element of a container's command or args. */
  | 'arg';

/** What the detector found; never the value. */
export interface CredentialMatch {
  /** What was found, for messages: "a GitHub token", "a private key", "a random token", "a credential". */
  readonly kind: string;
  /**
   * How: `format` (a known token format), `name` (the given name says credential), `assignment` (a key inside the value,
   * named in `key`, is given a literal credential), `entropy` (the whole value is a random-looking token).
   */
  readonly by: 'format' | 'name' | 'assignment' | 'entropy';
  /** For `assignment`: the key or flag inside the value that is assigned the credential (a name, never the value). */
  readonly key?: string;
  /** Whether the credential was found after decoding the value from base64. */
  readonly base64?: boolean;
}

interface Format {
  readonly kind: string;
  readonly pattern: RegExp;
  /** A further check of the matched text, for patterns whose prefix alone is also ordinary prose. */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

// Known formats, each anchored on a prefix or structure a random string or ordinary text does not have.
const FORMATS: readonly Format[] = [
  { kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d/ },
  { kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/ },
  { kind: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/ },
  { kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { kind: 'a GitLab token', pattern: /\bgl(?:pat|dt|rt|ptt|cbt|soat|ft|imt)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Slack webhook URL', pattern: /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{16,}/ },
  { kind: 'a Stripe secret key', pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  { kind: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/ },
  { kind: 'an OpenAI or Anthropic API key', pattern: /\bsk-(?:proj|svcacct|admin|ant-(?:api|admin)\d\d)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'an Azure shared access signature', pattern: /[?&;]sig=[A-Za-z0-9%+/]{30,}/ },
  // A scheme starts where no scheme character precedes it, so a long dotted run is tried once, not from each of its positions.
  { kind: 'a URL with a password', pattern: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i, accept: m => !isPlaceholder(m[0].slice(m[0].lastIndexOf(':') + 1, -1)) },
  // "Basic realm", "Bearer authentication" and "Bearer $(TOKEN)" are prose or placeholders; the credential is a token.
  { kind: 'an Authorization header credential', pattern: /\b(?:Basic|Bearer|Token)\s+([A-Za-z0-9+/._~-]{8,}=*)/, accept: m => isTokenLike(m[1]) },
];

/** The kind of the first known credential format anywhere in `value`, else undefined. */
export function credentialFormat(value: string): string | undefined {
  for (const f of FORMATS) {
    const m = f.pattern.exec(value);
    if (m && (!f.accept || f.accept(m))) return f.kind;
  }
  return undefined;
}

// ---- Names ------------------------------------------------------------------------------------------------------

// A word that is a credential: PASSWORD, DBPASSWORD, APITOKEN, CLIENTSECRET… (a word ending in one, so TOKENIZER and
// SECRETARY are not), or one of the short forms, which must be whole words (PASS, not COMPASS or PASSTHROUGH).
const CREDENTIAL_WORD = /^(?:[A-Z]*(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|APIKEY|PRIVATEKEY|ACCESSKEY|SECRETKEY|SIGNINGKEY)S?|PASS|PWD|PW|JWT|CREDS|PSK|AUTHORIZATION)$/;
// Words that make a following KEY a credential: API_KEY, SIGNING_KEY, ENCRYPTION_KEY, CLIENT_KEY (TLS), MASTER_KEY…
const SECRET_KEY_QUALIFIER = new Set([
  'API', 'PRIVATE', 'ACCESS', 'SECRET', 'SIGNING', 'SIGN', 'SIGNATURE', 'ENCRYPTION', 'ENC', 'ENCRYPT', 'DECRYPTION', 'CRYPT', 'CRYPTO',
  'CIPHER', 'MASTER', 'HMAC', 'SESSION', 'SSH', 'DEPLOY', 'LICENSE', 'AUTH', 'CLIENT', 'TLS', 'SSL', 'ACCOUNT', 'SHARED', 'APP',
  'ADMIN', 'SERVICE', 'ROOT', 'STORAGE', 'WEBHOOK', 'JWT', 'AES', 'RSA', 'ECDSA', 'ED25519', 'GPG', 'PGP', 'SECURITY', 'COOKIE', 'CSRF',
]);
// Words that make a following KEY a lookup key or a public key, not a credential: CACHE_KEY, PARTITION_KEY, PUBLIC_KEY,
// KMS_KEY (names a key the KMS holds), SITE_KEY (reCAPTCHA's public key), PUBLISHABLE_KEY (Stripe's public key).
const NON_SECRET_KEY_QUALIFIER = new Set([
  'PUBLIC', 'PUB', 'PUBLISHABLE', 'SITE', 'CACHE', 'PARTITION', 'SORT', 'PRIMARY', 'FOREIGN', 'ROUTING', 'SHARD', 'HASH', 'OBJECT',
  'IDEMPOTENCY', 'LOOKUP', 'GROUP', 'INDEX', 'MAP', 'KMS', 'CMK', 'LOCK', 'QUEUE', 'TOPIC', 'CONFIG', 'FEATURE', 'FLAG', 'TRANSLATION',
  'I18N', 'SEARCH', 'DEDUP', 'DEDUPLICATION', 'CORRELATION', 'TRACE', 'METRIC', 'LABEL', 'ANNOTATION', 'SELECTOR', 'MATCH', 'HOTKEY',
]);
// Words that only ever weakly suggest a credential: AUTH=oidc, SALT, a bare KEY or a vendor's KEY (STRIPE_KEY). The value
// must itself look like a token to be one.
const WEAK_WORD = new Set(['AUTH', 'SALT', 'PEPPER', 'COOKIE', 'NONCE']);
// Last words that make the whole name describe or locate a credential rather than hold one: TOKEN_TTL, PASSWORD_MIN_LENGTH,
// DB_PASSWORD_FILE, SECRET_NAME, API_KEY_HEADER, JWT_ISSUER, AUTH_ENABLED …
const CONFIG_SUFFIX = new Set([
  'FILE', 'FILES', 'PATH', 'PATHS', 'DIR', 'DIRECTORY', 'NAME', 'NAMES', 'URL', 'URI', 'ENDPOINT', 'HOST', 'HOSTNAME', 'PORT', 'ADDR',
  'ADDRESS', 'SERVER', 'TTL', 'LENGTH', 'LEN', 'MIN', 'MAX', 'MINIMUM', 'MAXIMUM', 'TIMEOUT', 'ENABLED', 'DISABLED', 'ENABLE', 'DISABLE',
  'REQUIRED', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'EXP', 'LIFETIME', 'AGE', 'VALIDITY', 'DURATION', 'INTERVAL', 'PERIOD', 'DAYS', 'HOURS',
  'MINUTES', 'SECONDS', 'SECS', 'MS', 'ALGORITHM', 'ALGORITHMS', 'ALG', 'ALGO', 'HEADER', 'ISSUER', 'AUDIENCE', 'AUD', 'TYPE', 'KIND',
  'MODE', 'FORMAT', 'VERSION', 'POLICY', 'PROVIDER', 'REGION', 'STORE', 'BACKEND', 'ENGINE', 'MOUNT', 'NAMESPACE', 'PROJECT', 'ROLE',
  'USER', 'USERNAME', 'LOGIN', 'COUNT', 'SIZE', 'LIMIT', 'RETRIES', 'ATTEMPTS', 'THRESHOLD', 'COMPLEXITY', 'HISTORY', 'STRENGTH', 'ROUNDS',
  'COST', 'ITERATIONS', 'LOCATION', 'REF', 'PREFIX', 'SUFFIX', 'PATTERN', 'REGEX', 'CHARSET', 'ENCODING', 'FIELD', 'PARAM', 'SCOPE',
  'SCOPES', 'REALM', 'DOMAIN', 'STDIN', 'PROMPT', 'HINT', 'DESCRIPTION', 'LABEL', 'VAR', 'ENV', 'TEMPLATE', 'SOURCE', 'ROTATION',
  'METHOD', 'METHODS', 'STRATEGY', 'SCHEME', 'LEVEL', 'ARN', 'CLAIM', 'CLAIMS', 'KEYRING', 'REGISTRY', 'SYNC', 'RESOURCE', 'STATUS',
]);

/** The words of a name: `db.password` → DB PASSWORD; `keyStorePassword` → KEY STORE PASSWORD; `--github-token` → GITHUB TOKEN. */
function words(name: string): string[] {
  return (name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []).map(w => w.toUpperCase());
}

/**
 * How strongly a name says it holds a credential: `strong` (DB_PASSWORD, API_TOKEN, SIGNING_KEY, JWT), `weak` (AUTH,
 * STRIPE_KEY, a bare KEY: only a token-like value makes it one) or undefined (LOG_LEVEL, TOKEN_TTL, SECRET_NAME, CACHE_KEY).
 */
export function credentialNameStrength(name: string): 'strong' | 'weak' | undefined {
  const w = words(name);
  if (w.length === 0 || CONFIG_SUFFIX.has(w[w.length - 1])) return undefined;
  let weak = false;
  for (let i = 0; i < w.length; i++) {
    if (CREDENTIAL_WORD.test(w[i])) return 'strong';
    if (w[i] === 'KEY' || w[i] === 'KEYS') {
      const qualifier = w[i - 1];
      if (qualifier !== undefined && SECRET_KEY_QUALIFIER.has(qualifier)) return 'strong';
      if (qualifier === undefined || !NON_SECRET_KEY_QUALIFIER.has(qualifier)) weak = true;
    }
    if (WEAK_WORD.has(w[i])) weak = true;
  }
  return weak ? 'weak' : undefined;
}

/** Whether a variable or key name says it holds a credential, e.g. `DB_PASSWORD`, `api-key`, `aws.secret_access_key`. */
export function isSecretLikeName(name: string): boolean {
  return credentialNameStrength(name) === 'strong';
}

// ---- Values that cannot be a credential -------------------------------------------------------------------------

const CONFIG_WORD = /^(?:true|false|yes|no|on|off|y|n|enabled|disabled|enable|disable|none|null|nil|required|optional|auto|default|unset|empty|[*]+|x{3,}|-)$/i;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w))+$|^P(?:\d+[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?$/;

/**
 * A template or reference the value is filled from at run time: `${DB_PASSWORD}`, `$(TOKEN)`, `$(cat /run/secrets/x)`,
 * `{{ .Values.x }}`, `<your-token>`, `ENC(…)`, a YAML alias or tag (`*db`, `!vault`), or code reading the environment
 * (`os.environ["X"]`, `process.env.X`, `getenv(…)`).
 */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return /\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|%\([\w.-]+\)[sd]|^\$|^<[^<>\s]+>$|^\[[A-Z_ -]+\]$|^ENC\(.*\)$|^[*&!][\w-]/s.test(v)
    || /^(?:process\.env|os\.environ|os\.getenv|System\.getenv|ENV\[|getenv\(|env\()/.test(v) || /^[A-Za-z_][\w.]*[([]$/.test(v);
}

/** A file path, store path, URL without credentials or ARN: where a credential is, not the credential. */
function isLocator(value: string): boolean {
  const v = value.trim();
  if (/^arn:aws[\w-]*:/.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]+$/i.test(v)) return true;
  if (/^(?:\/|\.\.?\/|~\/)[^\s]*$/.test(v)) return true;
  // A relative store or file path (`secret/data/app`, `projects/p/secrets/db/versions/1`), none of whose segments is a token.
  return /^[\w.@-]+(?:\/[\w.@-]+)+\/?$/.test(v) && v.split('/').every(s => !isTokenLike(s));
}

/** A Kubernetes object name, or a list of them: `db-creds`, `basic-auth,api-keys`. */
function isObjectNameList(value: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)+(?:\s*,\s*[a-z0-9]+(?:[-.][a-z0-9]+)*)*$/.test(value.trim());
}

/** Whether `value` cannot be a credential whatever it is named: empty, a boolean or keyword, a duration, a placeholder, a locator. */
export function isClearlyNotCredential(value: string): boolean {
  const v = value.trim();
  return v === '' || CONFIG_WORD.test(v) || DURATION.test(v) || isPlaceholder(v) || isLocator(v);
}

/**
 * Whether a value looks like a token rather than a word or setting: one word of 8+ characters mixing at least two of
 * lower case, upper case, digits and symbols (`hunter2hunter2`, `user:pass`), and not a number or a locator.
 */
const QUALIFIED_NAME = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)+\/[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function isTokenLike(value: string): boolean {
  const v = value.trim();
  if (v.length < 8 || /\s/.test(v) || /^[\d.,:-]+$/.test(v) || isClearlyNotCredential(v)) return false;
  // A Kubernetes qualified name (`compliance.example.com/zone`, a toleration's or label's key) names, it does not authenticate.
  if (QUALIFIED_NAME.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9._-]/].filter(c => c.test(v)).length;
  return classes >= 2;
}

/**
 * How much a value stored under a credential name must look like one to count:
 * - `strict`, where a strong name's value is used as is (env, ConfigMap key, `--flag=value`, `key = value` in a file):
 *   anything but a clearly non-credential value;
 * - `word`, for annotations, which also carry prose and Secret names: a single word of six or more characters;
 * - `token`, for weak names and a flag followed by the next argument (the flag may be a switch: `psql --password mydb`):
 *   a token-like value only.
 */
type Bar = 'strict' | 'word' | 'token';

/** Whether `value`, stored under `name`, is a credential at `bar`. */
function namedValueIsCredential(name: string, value: string, bar: Bar): boolean {
  const strength = credentialNameStrength(name);
  if (!strength || isClearlyNotCredential(value)) return false;
  const v = value.trim();
  // A name ending in SECRET or CREDENTIALS whose value is a hyphenated object name refers to a Secret (`auth-secret: basic-auth`,
  // `existingSecret: db-creds`); a single lowercase word still counts (`JWT_SECRET=supersecret`).
  // So does a PASSWORD_KEY or TOKEN_KEY (`adminPasswordKey: postgres-password`): the key of the Secret that holds it.
  const w = words(name);
  const last = w[w.length - 1];
  const refersToSecret = /^(?:[A-Z]*SECRETS?|CREDENTIALS?|CREDS)$/.test(last) || (last === 'KEY' && /^(?:[A-Z]*(?:PASSWORD|PASSWD|TOKEN)|CREDENTIALS?)$/.test(w[w.length - 2] ?? ''));
  if (refersToSecret && isObjectNameList(v)) return false;
  if (strength === 'weak' || bar === 'token') return isTokenLike(v);
  if (bar === 'word') return isTokenLike(v) || (!/\s/.test(v) && v.length >= 6 && !isObjectNameList(v));
  return true;
}

// ---- Assignments inside a value ---------------------------------------------------------------------------------

// `key = value`, `key: value`, `KEY=value`, `"key": "value"`, `--flag=value`, `export KEY=value`, `Password=x;` (connection
// strings), `?api_key=x&` (query strings). The key may be quoted; the value is quoted or runs to a delimiter. The key must
// start the value or follow a delimiter (a negative lookbehind, which V8 runs fastest), so each run of key characters is
// tried once: matching stays linear in the length of the value.
const ASSIGNMENT = /(?<![^\s;,{(&?"'[])(?:--?)?(["']?)([A-Za-z_@][\w.@-]*)\1[ \t]*(?:=|:(?!\/\/))[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s,;&'"{}[\]<>#|][^\s,;&'"}\]<>]*))/g;
// `<password>value</password>` in XML files.
const XML_ELEMENT = /<([A-Za-z_][\w.-]*)>([^<\n]+)<\/\1>/g;
// `--flag value` inside one command string (`sh -c "app --token abc…"`).
const FLAG_THEN_VALUE = /(?:^|\s)--?([A-Za-z][\w.-]*)\s+(?:"([^"\n]*)"|'([^'\n]*)'|([^\s-][^\s;|&]*))/g;

/** The key inside `value` that is assigned a literal credential at `bar` (a flag then its value needs a token); undefined if none. */
function findAssignment(value: string, bar: Bar): string | undefined {
  // Values are scanned again for assignments of their own: `endpoint: https://api?api_key=…`, `{"db": {"password": …}}`.
  const assignment = new RegExp(ASSIGNMENT.source, 'g');
  for (let m = assignment.exec(value); m; m = assignment.exec(value)) {
    const assigned = m[3] ?? m[4] ?? m[5] ?? '';
    if (namedValueIsCredential(m[2], assigned, bar)) return m[2];
    assignment.lastIndex = m.index + m[0].length - assigned.length - (m[5] === undefined ? 1 : 0);
  }
  for (const m of value.matchAll(XML_ELEMENT)) {
    if (namedValueIsCredential(m[1], m[2], bar)) return m[1];
  }
  for (const m of value.matchAll(FLAG_THEN_VALUE)) {
    if (!isNegatedFlag(m[1]) && namedValueIsCredential(m[1], m[2] ?? m[3] ?? m[4] ?? '', 'token')) return `--${m[1]}`;
  }
  return undefined;
}

/** `--no-password`, `--skip-auth`, `--disable-token`: a switch that turns a credential off, not one that takes it. */
function isNegatedFlag(flag: string): boolean {
  return /^(?:no|skip|disable|without|insecure)[-_.]/i.test(flag);
}

// ---- Entropy ----------------------------------------------------------------------------------------------------

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  const chars = [...value];
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / chars.length) * Math.log2(n / chars.length);
  return bits;
}

/**
 * Expected Shannon entropy (bits per character) of a uniformly random string of `length` characters over an alphabet
 * of `alphabet` symbols: each symbol's count is Binomial(length, 1/alphabet), so the expectation is exact, not sampled.
 */
export function expectedEntropy(length: number, alphabet = 62): number {
  // Past a few thousand characters the expectation is log2(alphabet) to many decimals (and the binomial terms underflow).
  length = Math.min(length, 2048);
  const p = 1 / alphabet;
  let pmf = Math.pow(1 - p, length);
  let sum = 0;
  for (let n = 1; n <= length; n++) {
    pmf *= ((length - n + 1) / n) * (p / (1 - p));
    sum += pmf * (n / length) * Math.log2(n / length);
  }
  return sum === 0 ? 0 : -alphabet * sum;
}

/** Share of the letters and digits of `value` that sit in pronounceable words (`Config`, `service`, `HTTP`), as in identifiers. */
function wordShare(value: string): number {
  const alnum = value.replace(/[^A-Za-z0-9]/g, '').length;
  const inWords = [...value.matchAll(/[A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])/g)].filter(m => /[aeiouyAEIOUY]/.test(m[0])).reduce((n, m) => n + m[0].length, 0);
  return alnum === 0 ? 0 : inWords / alnum;
}

/**
 * The entropy bar: a token's entropy must reach this share of `expectedEntropy` for its length. Together with
 * `MAX_WORD_SHARE`, measured in test/detectors/credentials.test.ts on seeded random base62/base64 tokens (about 98% found
 * at 20 characters, 99.5% at 32, all at 64 and more) and on the legitimate values of the corpus (camelCase identifiers,
 * base64 of text, hex digests, UUIDs, git SHAs, image references: none found).
 */
export const ENTROPY_BAR = 0.85;
/** Most of a token's letters and digits that may sit in words: identifiers (`OrderServiceV2HandlerFactory1`) are mostly words, tokens are not. */
export const MAX_WORD_SHARE = 0.7;
// Random-looking keys that are public by design: Stripe publishable keys.
const PUBLIC_TOKEN = /^pk_(?:live|test)_/;
/** Shortest whole value judged by entropy: below 20 characters random strings and ordinary ones overlap too much. */
export const ENTROPY_MIN_LENGTH = 20;

/**
 * Whether a whole value is a random-looking token: one word of 20+ base64/base64url characters mixing upper case,
 * lower case and digits, with entropy of at least `ENTROPY_BAR` of a random string's and at most `MAX_WORD_SHARE` of it
 * in words. Hex strings (checksums, digests, UUIDs, git SHAs) lack upper case; values with a digest prefix (`sha256:`,
 * `sha512-`) are digests; base64 that decodes to text is judged by its text.
 */
export function isHighEntropyToken(value: string): boolean {
  const v = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v) || v.length < ENTROPY_MIN_LENGTH || /^(?:sha\d+|md5)-/i.test(v)) return false;
  if (!/[A-Z]/.test(v) || !/[a-z]/.test(v) || !/[0-9]/.test(v)) return false;
  if (decodeBase64Text(v) !== undefined || PUBLIC_TOKEN.test(v)) return false;
  return shannonEntropy(v) >= ENTROPY_BAR * expectedEntropy(v.length) && wordShare(v) <= MAX_WORD_SHARE;
}

// ---- Base64 -----------------------------------------------------------------------------------------------------

/** The text a base64 value decodes to, if it is base64 (16+ characters) of printable UTF-8 text; else undefined. */
export function decodeBase64Text(value: string): string | undefined {
  // Base64 is wrapped with line breaks, never spaces; anything else is not base64 (checked before any copy of a long value).
  if (value.length < 16 || /[^A-Za-z0-9+/=_\r\n-]/.test(value)) return undefined;
  const v = /[\r\n]/.test(value) ? value.replace(/[\r\n]+/g, '') : value;
  if (!/^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/.test(v)) return undefined;
  if (/=/.test(v) && v.length % 4 !== 0) return undefined;
  const text = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  // Printable text: no replacement characters (invalid UTF-8) and no control characters but tab and line breaks.
  // eslint-disable-next-line no-control-regex
  if (text.length < 4 || /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) return undefined;
  return text;
}

// ---- The detector -----------------------------------------------------------------------------------------------

/**
 * Whether `value` is or carries a credential, judged with the `name` it is stored under if any (an env variable, a
 * ConfigMap key, an annotation key). Returns what was found, never the value; undefined if nothing.
 */
export function findCredential(value: string, name?: string, context: CredentialContext = 'env'): CredentialMatch | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const kind = credentialFormat(value);
  if (kind) return { kind, by: 'format' };
  // Prose in annotations ("password: rotated monthly") is not a file of settings: only token-like values count there.
  const key = findAssignment(value, context === 'annotation' ? 'token' : 'strict');
  if (key !== undefined) return { kind: 'a credential', by: 'assignment', key };
  // An annotation key's prefix is a DNS domain (`secrets-store.csi.k8s.io/…`): only the name after it says what the value is.
  const ownName = name === undefined ? undefined : context === 'annotation' ? name.slice(name.lastIndexOf('/') + 1) : name.replace(/^--?/, '');
  // Annotations also hold prose and Secret names, so a name alone proves less there: the value must look like a token.
  if (ownName !== undefined && namedValueIsCredential(ownName, value, context === 'annotation' ? 'word' : 'strict')) return { kind: 'a credential', by: 'name' };
  const text = decodeBase64Text(value);
  if (text !== undefined) {
    const inner = findCredential(text, undefined, context);
    return inner ? { ...inner, base64: true } : undefined;
  }
  if (isHighEntropyToken(value)) return { kind: 'a random token', by: 'entropy' };
  return undefined;
}

/**
 * The credentials in a container's command or args, with the index of the element that holds each: `--token=ghp_…`,
 * `--password hunter2hunter2` (a flag then its value as the next element), `sh -c "… --token abc…"`, or an element that
 * is a credential on its own.
 */
export function findCredentialsInArgs(args: readonly unknown[]): Array<{ readonly index: number; readonly match: CredentialMatch }> {
  const found: Array<{ index: number; match: CredentialMatch }> = [];
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') return;
    const own = findCredential(arg, undefined, 'arg');
    if (own) {
      found.push({ index: i, match: own });
      return;
    }
    const next = args[i + 1];
    const flag = /^--?([A-Za-z][\w.-]*)$/.exec(arg);
    // A flag can be a switch followed by a positional argument (`psql --password mydb`), so the next element must look
    // like a token, not just be there.
    if (flag && typeof next === 'string' && !next.startsWith('-') && !isNegatedFlag(flag[1]) && namedValueIsCredential(flag[1], next, 'token')) {
      found.push({ index: i + 1, match: { kind: 'a credential', by: 'assignment', key: arg } });
    }
  });
  return found;
}

/**
 * A ConfigMap `binaryData` value (base64): credentials in the text it decodes to; a Java keystore (by its magic number);
 * binary data under a credential's name (`tls.key`). Binary data is not judged by entropy: compressed files and images
 * are random-looking.
 */
export function findCredentialInBinary(base64: string, name?: string): CredentialMatch | undefined {
  if (typeof base64 !== 'string') return undefined;
  const text = decodeBase64Text(base64);
  if (text !== undefined) {
    const inner = findCredential(text, name);
    return inner ? { ...inner, base64: true } : undefined;
  }
  const bytes = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  const magic = bytes.subarray(0, 4).toString('hex');
  if (magic === 'feedfeed' || magic === 'cececece') return { kind: 'a Java keystore', by: 'format' };
  // A binary file stored under a credential's name (`tls.key`, `signing.key`: DER keys) is judged by its name.
  if (name !== undefined && bytes.length > 0 && isSecretLikeName(name)) return { kind: 'a credential', by: 'name' };
  return undefined;
}

/**
 * What a rule says about a match, after the field it names: `holds what looks like a GitHub token`, `is named like a
 * credential`, `assigns a literal credential to "db.password"`. Never the value.
 */
export function describeCredential(match: CredentialMatch): string {
  const encoded = match.base64 ? ' (base64-encoded)' : '';
  switch (match.by) {
    case 'name': return 'is named like a credential';
    case 'assignment': return `assigns a literal credential to "${match.key}"${encoded}`;
    default: return `holds what looks like ${match.kind}${encoded}`;
  }
}

/** What a literal value looks like if it embeds a well-known credential format (anywhere in it), else undefined. */
export function secretValueKind(value: string): string | undefined {
  return credentialFormat(value);
}
