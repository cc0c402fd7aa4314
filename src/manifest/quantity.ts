/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), read the way the API server reads them.
 * Pure: shared by the constructs and the rules, so "a limit of 0" means the same in both.
 */

const SUFFIX: Readonly<Record<string, number>> = {
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
};
// <sign><digits>[.<digits>] or .<digits>, then a binary-SI, decimal-SI or decimal-exponent suffix.
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/**
 * The value of a quantity in base units (cores for CPU, bytes for memory and storage), or undefined when the API server
 * would refuse it. YAML may give a bare number (`memory: 0`), which the API server reads as that quantity.
 */
export function parseQuantity(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const m = QUANTITY.exec(quantity);
  if (!m) return undefined;
  const [, number, suffix = ''] = m;
  const scale = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(number) * scale;
}
