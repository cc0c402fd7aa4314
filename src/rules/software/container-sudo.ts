import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';

/** No container's command or args run `sudo`. */
export const containerSudo = podRule({
  id: 'container-sudo',
  title: 'Container runs sudo in its command',
  severity: Severity.HIGH,
  rationale: 'A container that calls sudo expects to gain root inside the container; with privilege escalation allowed, that root is one step from the node.',
  fix: 'Run the process as the user it needs from the start (securityContext.runAsUser) and drop sudo from the image and the command.',
  references: {
    kubescape: [{
      id: 'C-0062',
      relation: ReferenceRelation.RELATED,
      why: 'Kubescape matches the substring "sudo" in command entries; this rule matches sudo as a word (not "pseudo") and reads args too.',
    }],
  },
  checkPod(pod) {
    return containersOf(pod).flatMap(c => (['command', 'args'] as const).flatMap(field => {
      const words: unknown = c.container[field];
      if (!Array.isArray(words)) return [];
      const i = words.findIndex(w => typeof w === 'string' && /(^|[\s/;&|])sudo(\s|$)/.test(w));
      return i < 0 ? [] : [{ message: `${c.label} runs sudo in its ${field}`, path: `${c.path}.${field}[${i}]` }];
    }));
  },
});
