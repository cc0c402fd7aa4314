import { WORKLOAD_COVERAGE_CASES } from './coverage-cases';
import { testRules } from './rule-cases';

describe('coverage rules (workload)', () => testRules(WORKLOAD_COVERAGE_CASES));
