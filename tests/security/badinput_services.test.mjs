// The bad-input corpus (tests/security/badinput_run.mjs) on every write route of the
// zone services: JSON bodies and document uploads, exact statuses and error codes, nothing
// written by a refusal.
import { corpusSuite } from './badinput_run.mjs';

corpusSuite('services');
