// The authorisation matrix (tests/security/authz_table.mjs, rows in authz_coop_rows.mjs) for
// the coop routes: every actor of the cast, own and foreign organisation, against every
// route's object, with the exact status and nothing written by a refusal.
import { matrixSuite } from './authz_run.mjs';

matrixSuite('coop');
