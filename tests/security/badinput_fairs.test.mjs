// The bad-input corpus (tests/security/badinput_run.mjs) on every JSON write route of the
// fairs group: exact statuses and error codes, nothing written by a refusal.
import { corpusSuite } from './badinput_run.mjs';

corpusSuite('fairs');
