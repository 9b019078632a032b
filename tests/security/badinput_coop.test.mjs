// The bad-input corpus (tests/security/badinput_run.mjs) on every write route of the
// coop group: JSON bodies and file uploads, exact statuses and error codes, nothing
// written by a refusal.
import { corpusSuite } from './badinput_run.mjs';

corpusSuite('coop');
