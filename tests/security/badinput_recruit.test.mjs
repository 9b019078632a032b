// The bad-input corpus (tests/security/badinput_run.mjs) on every JSON write route of the
// recruit group: exact statuses and error codes, nothing written by a refusal.
import { corpusSuite } from './badinput_run.mjs';

corpusSuite('recruit', {
	// Issue #16, "Smaller holes": fixed on the branch that makes ids digits only.
	'POST /api/v1/applications/bulk ids=[1.5]': 'bulk ids that are not integers answer 422 "编号 0" (issue #16 item 7)',
	'POST /api/v1/applications/bulk ids=["1"]': 'bulk ids that are not integers answer 422 "编号 0" (issue #16 item 7)',
	'POST /api/v1/applications/bulk ids=[true]': 'bulk ids that are not integers answer 422 "编号 0" (issue #16 item 7)',
	'POST /api/v1/applications/bulk ids=[null]': 'bulk ids that are not integers answer 422 "编号 0" (issue #16 item 7)',
	'POST /api/v1/applications/bulk ids=[[1]]': 'bulk ids that are not integers answer 422 "编号 0" (issue #16 item 7)',
	'POST /api/v1/applications/bulk ids=[{}]': 'bulk ids that are not integers answer 422 "编号 0" (issue #16 item 7)',
});
