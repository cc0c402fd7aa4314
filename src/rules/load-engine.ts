/**
 * The rule engine with its 112 rules, loaded on first use. Constructs and the audit API reach the engine only
 * through here, so `require('cdk8s-hardening')` stays cheap for apps that never audit in-process (measured by the
 * benchmark against cdk8s-plus-28's start-up).
 */
import type * as catalog from './catalog';
import type * as engine from './engine';
import type * as exemptions from './exemptions-file';
import type * as text from './report/text';

export type Engine = typeof engine & typeof catalog & typeof text & typeof exemptions;

let loaded: Engine | undefined;

export function loadEngine(): Engine {
  // A deferred require is the point of this module; everything else imports statically.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= { ...require('./engine'), ...require('./catalog'), ...require('./report/text'), ...require('./exemptions-file') } as Engine;
  return loaded;
}
