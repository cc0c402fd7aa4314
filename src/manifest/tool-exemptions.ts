/**
 * The field's checkers' own exemption annotations, written beside a library waiver so that a user's own scan of the
 * synthesized output agrees with the library's engine instead of reporting what the library already justified:
 *
 * - kube-score reads `kube-score/ignore`: a comma-separated list of check ids;
 * - Checkov reads `checkov.io/skip<N>`: `<check id>=<reason>`, and shows the reason in its report.
 *
 * Both tools exempt the whole object, not one container: the library's own engine (and `HardeningAudit`) keeps a
 * container waiver to its container. Which checks a waiver answers is listed here, in the core, so the constructs
 * can write them; a test holds every id to the cross-references of the rules that waiver exempts, and the acceptance
 * run proves the real tools honour them.
 */
import { parseExemptionKey } from './exemption-keys';

export const KUBE_SCORE_IGNORE_ANNOTATION = 'kube-score/ignore';
export const CHECKOV_SKIP_ANNOTATION_PREFIX = 'checkov.io/skip';

/** The checks of each tool that a waiver kind answers, and only those (a CPU-limit waiver does not skip memory checks). */
export interface ToolChecks {
  readonly kubeScore?: readonly string[];
  readonly checkov?: readonly string[];
}

export const TOOL_CHECKS_BY_WAIVER: Readonly<Record<string, ToolChecks>> = {
  'run-as-root': { kubeScore: ['container-security-context-user-group-id'], checkov: ['CKV_K8S_23', 'CKV_K8S_40'] },
  'low-ids': { kubeScore: ['container-security-context-user-group-id'], checkov: ['CKV_K8S_40'] },
  'privileged': { kubeScore: ['container-security-context-privileged'], checkov: ['CKV_K8S_16', 'CKV_K8S_20'] },
  'privilege-escalation': { checkov: ['CKV_K8S_20'] },
  'add-capabilities': { checkov: ['CKV_K8S_25'] },
  'writable-root-filesystem': { kubeScore: ['container-security-context-readonlyrootfilesystem'], checkov: ['CKV_K8S_22'] },
  // kube-score's container-resources judges CPU and memory together; the library still requires the memory limit.
  'no-cpu-limit': { kubeScore: ['container-resources'], checkov: ['CKV_K8S_11'] },
  'no-probes': { kubeScore: ['pod-probes'], checkov: ['CKV_K8S_8', 'CKV_K8S_9'] },
  'host-network': { checkov: ['CKV_K8S_19'] },
  'host-pid': { checkov: ['CKV_K8S_17'] },
  'host-ipc': { checkov: ['CKV_K8S_18'] },
  'service-account-token': { checkov: ['CKV_K8S_38'] },
  'secret-env': { checkov: ['CKV_K8S_35'] },
};

/** Whether an annotation key is one of the checkers' exemption annotations, which only the library writes. */
export function isToolExemptionKey(key: string): boolean {
  return key === KUBE_SCORE_IGNORE_ANNOTATION || /^checkov\.io\/skip\d*$/.test(key);
}

/**
 * The tool annotations for an object's waiver annotations (`[key, reason]` as the constructs write them), in a
 * stable order. Keys that are not waivers, and waiver kinds no tool check answers, add nothing.
 */
export function toolExemptionAnnotations(waivers: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const kubeScore = new Set<string>();
  const checkov = new Map<string, string[]>();
  for (const [key, reason] of waivers) {
    const parsed = parseExemptionKey(key);
    const checks = parsed?.type === 'waiver' ? TOOL_CHECKS_BY_WAIVER[parsed.name] : undefined;
    if (!checks) continue;
    (checks.kubeScore ?? []).forEach(c => kubeScore.add(c));
    const why = `${parsed!.container !== undefined ? `${parsed!.container}: ` : ''}${oneLine(reason)}`;
    for (const id of checks.checkov ?? []) checkov.set(id, [...(checkov.get(id) ?? []), why]);
  }
  const out: Record<string, string> = {};
  if (kubeScore.size) out[KUBE_SCORE_IGNORE_ANNOTATION] = [...kubeScore].sort().join(',');
  [...checkov.keys()].sort(byCheckovId).forEach((id, i) => {
    out[`${CHECKOV_SKIP_ANNOTATION_PREFIX}${i + 1}`] = `${id}=${[...new Set(checkov.get(id))].join('; ')}`;
  });
  return out;
}

// Reasons are one line already (the justification rule normalizes them); several waivers' reasons are joined by "; ".
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, '; ');

/** CKV_K8S_8 before CKV_K8S_11: by number, not as text. */
function byCheckovId(a: string, b: string): number {
  const n = (id: string) => Number(/(\d+)$/.exec(id)?.[1] ?? 0);
  return a.replace(/\d+$/, '').localeCompare(b.replace(/\d+$/, '')) || n(a) - n(b);
}
