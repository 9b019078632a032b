// The authorisation matrix (tests/security/authz_table.mjs, rows in authz_incubator_rows.mjs)
// for the incubator routes: every actor of the cast, own and foreign project, college and
// mentor, against every route's object, with the exact status and nothing written by a refusal.
import { matrixSuite } from './authz_run.mjs';

matrixSuite('incubator');
