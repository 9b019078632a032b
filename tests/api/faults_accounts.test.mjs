// Fault injection over every write of accounts, organisations, sign-in, two-step
// verification, claims, students and match rounds (src/domain/account*.c, organization.c,
// auth.c, mfa*.c, claim*.c, student*.c, visibility.c, round*.c): each request below is sent
// with its 1st, 2nd, ... database operation failing (tests/api/faults_lib.mjs), and every
// attempt whose fault fired must answer 500 with the JSON error shape and leave the whole
// database as it was; the unfaulted attempt then does what the request asks.  Each write is
// one transaction holding its change, its audit row and the rows of its answer, so no fault
// can land a change and still answer 500.  Reads that are audited (a résumé an enterprise
// opens, full contact data, exports) count as writes: no audit row, no data.
//
// Not here: the login itself.  Its lockout writes an attempt before the password is checked,
// committed on its own so that parallel guesses count (domain/throttle.h rule 5), and its
// refusals are recorded outside any transaction: those writes are the defence
// (tests/security/lockout.test.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpCode } from '../lib/totp.mjs';
import { creditCode, enrolMfa, makeAccount, uniq } from './harness.mjs';
import { makeFairWorld, profile } from './fair_lib.mjs';
import { faultEveryStep as faultSteps } from './faults_lib.mjs';
import { MAJOR, activationCode, importStudent, registerStudent, startRecruitServer, studentNo } from './recruit_lib.mjs';

let srv, w;

before(async () => {
	srv = await startRecruitServer({ env: { SKYWAY_TEST_FAULTS: '1' } });
	w = await makeFairWorld(srv);
});
after(async () => {
	await srv?.stop();
});

/** faultEveryStep on this file's server, expecting `status` from the unfaulted attempt. */
async function faults(what, status, send) {
	const { r, ops } = await faultSteps(srv, what, send);
	assert.equal(r.status, status, `${what} unfaulted: ${r}`);
	return { r, ops };
}

/** The audit events of one action about one object (the operator's view of the log). */
async function auditRows(action, objectId) {
	const r = await w.admin.get(`audit?action=${encodeURIComponent(action)}&page_size=200`);
	assert.equal(r.status, 200, `audit: ${r}`);
	return r.json.items.filter((a) => objectId === undefined || String(a.object_id) === String(objectId));
}

/** A college staff account of the host college and its client. */
async function staffAccount() {
	const acct = await makeAccount(w.admin, { role: 'college', org_id: w.host.id });
	const client = await srv.login(acct.login, acct.password);
	return { acct, client };
}

describe('accounts and organisations', () => {
	it('the operator creates, disables, enables an account and resets its password', async () => {
		const login = uniq('acc');
		const c = await faults('create account', 201, (headers) =>
			w.admin.post('accounts', { login, password: `Qy-${uniq('pw')}-2026`, role: 'college', display_name: '赵敏', org_id: w.host.id }, { headers }),
		);
		const id = c.r.json.account.id;
		assert.equal(c.r.json.account.login, login);
		assert.equal((await auditRows('account.create', id)).length, 1);
		const d = await faults('disable account', 200, (headers) => w.admin.post(`accounts/${id}/disable`, undefined, { headers }));
		assert.equal(d.r.json.account.status, 'disabled');
		const en = await faults('enable account', 200, (headers) => w.admin.post(`accounts/${id}/enable`, undefined, { headers }));
		assert.equal(en.r.json.account.status, 'active');
		const password = `Qy-${uniq('new')}-2027`;
		await faults('reset password', 200, (headers) => w.admin.post(`accounts/${id}/password`, { password }, { headers }));
		assert.equal((await srv.client().post('auth/login', { login, password })).status, 200, 'the new password logs in');
		for (const action of ['account.disable', 'account.enable', 'account.password_reset']) assert.equal((await auditRows(action, id)).length, 1, action);
	});

	it('a pending enterprise is approved, another rejected; organisations are edited', async () => {
		const pending = [];
		for (let i = 0; i < 2; i++) {
			const r = await srv.client().post('register/enterprise', {
				name: `清远精密模具${uniq('')}有限公司`,
				credit_code: creditCode(),
				contact_name: '黄磊',
				login: uniq('ent'),
				password: `Qy-${uniq('pw')}-2026`,
			});
			assert.equal(r.status, 201, `register enterprise: ${r}`);
			pending.push(r.json.account.org.id);
		}
		const a = await faults('approve organisation', 200, (headers) => w.admin.post(`organizations/${pending[0]}/approve`, undefined, { headers }));
		assert.equal(a.r.json.organization.status, 'active');
		const rj = await faults('reject organisation', 200, (headers) => w.admin.post(`organizations/${pending[1]}/reject`, { reason: '营业执照信息不符' }, { headers }));
		assert.equal(rj.r.json.organization.status, 'rejected');
		const op = await faults('operator edits an organisation', 200, (headers) => w.admin.post(`organizations/${pending[0]}`, { industry_code: '38', in_zone: true }, { headers }));
		assert.equal(op.r.json.organization.industry_code, '38');
		const own = await faults('staff edit their college', 200, (headers) => w.staffH.client.post(`organizations/${w.host.id}`, { campus: '清城校区', city_code: '441800' }, { headers }));
		assert.equal(own.r.json.organization.campus, '清城校区');
		assert.equal((await auditRows('org.update', w.host.id)).length, 1);
	});
});

describe('signing in and two-step verification', () => {
	it('a password change, then logout', async () => {
		const s = await staffAccount();
		const fresh = `Qy-${uniq('chg')}-2028`;
		await faults('password change', 200, (headers) => s.client.post('me/password', { old_password: s.acct.password, new_password: fresh }, { headers }));
		assert.equal((await auditRows('account.password_change', s.acct.id)).filter((a) => a.outcome === 'ok').length, 1);
		await faults('logout', 200, (headers) => s.client.post('auth/logout', undefined, { headers }));
		assert.equal((await s.client.get('me')).status, 401, 'logged out');
		assert.equal((await auditRows('auth.logout', s.acct.id)).length, 1);
	});

	it('enrolment, new recovery codes, turning it off, the operator reset', async () => {
		const s = await staffAccount();
		const setup = await faults('mfa setup', 200, (headers) => s.client.post('me/mfa/setup', {}, { headers }));
		const secret = setup.r.json.secret;
		// A faulted enable rolls back the step it would spend: the same code serves again.
		const en = await faults('mfa enable', 200, (headers) => s.client.post('me/mfa/enable', { code: totpCode(secret) }, { headers }));
		const codes = en.r.json.recovery_codes;
		assert.equal(en.r.json.mfa.enabled, true);
		// Recovery codes: spent inside the transaction, so a faulted attempt leaves it unspent.
		const rn = await faults('new recovery codes', 200, (headers) => s.client.post('me/mfa/recovery-codes', { code: codes[0] }, { headers }));
		const renewed = rn.r.json.recovery_codes;
		assert.equal(renewed.length, codes.length);
		const off = await faults('mfa disable', 200, (headers) => s.client.post('me/mfa/disable', { password: s.acct.password, code: renewed[0] }, { headers }));
		assert.equal(off.r.json.mfa.enabled, false);
		// The lockout counted no failure: every faulted attempt dropped its own.
		assert.equal((await auditRows('mfa.disable', s.acct.id)).filter((a) => a.outcome !== 'ok').length, 0);

		const t = await staffAccount();
		await enrolMfa(t.client);
		await faults('mfa reset', 200, (headers) => w.admin.post(`accounts/${t.acct.id}/mfa/reset`, undefined, { headers }));
		assert.equal((await auditRows('mfa.reset', t.acct.id)).length, 1);
	});
});

describe('claiming a record and the college side of claims', () => {
	it('a refused claim and a claim by activation code', async () => {
		const student_no = studentNo();
		const record = await importStudent(srv, w.host, { student_no, name: '梁静' });
		const code = await activationCode(srv, record);
		const body = { college_id: w.host.id, student_no, activation_code: code, login: uniq('stu'), password: `stu-pass-${uniq('p')}` };
		// A fresh address per attempt: registrations count against the address's budget.
		const refused = await faults('refused claim', 404, (headers) => srv.client().post('register/student', { ...body, name: '梁晶' }, { headers }));
		assert.equal(refused.r.json.error.field, 'student_no');
		const ok = await faults('claim', 201, (headers) => srv.client().post('register/student', { ...body, name: '梁静' }, { headers }));
		assert.equal(ok.r.json.account.login, body.login);
		assert.equal((await auditRows('student.claim', record.id)).length, 1);
	});

	it('codes, their export, unlocking and resetting', async () => {
		const staff = w.staffH.client;
		const record = await importStudent(srv, w.host, { student_no: studentNo(), name: '邓超', class_name: '机电2301' });
		const gen = await faults('make codes', 201, (headers) => staff.post('claims/codes', { student_ids: [record.id] }, { headers }));
		const items = gen.r.json.items.map((x) => ({ student_id: x.student_id, code: x.code }));
		const x = await faults('export codes', 200, (headers) => staff.post('claims/codes/export', { items }, { headers }));
		assert.match(x.r.headers.get('content-type') || '', /spreadsheetml/);
		assert.equal((await auditRows('claim.codes_export')).length, 1);

		// Five wrong names lock the record.
		for (let i = 0; i < 5; i++) {
			const r = await srv.client().post('register/student', { college_id: w.host.id, student_no: record.student_no, name: '邓起', activation_code: items[0].code, login: uniq('stu'), password: `stu-pass-${uniq('p')}` });
			assert.equal(r.status, 404, `wrong name ${i}: ${r}`);
		}
		const un = await faults('unlock', 200, (headers) => staff.post(`claims/${record.id}/unlock`, undefined, { headers }));
		assert.equal(un.r.json.record.locked_at, null);

		const claimed = await registerStudent(srv, w.host, { name: '袁媛' });
		const rs = await faults('reset claim', 200, (headers) => staff.post(`claims/${claimed.id}/reset`, { reason: '学生反映账号被他人注册' }, { headers }));
		assert.equal(rs.r.json.record.claimed, false);
		assert.equal((await claimed.client.get('students/me')).status, 401, 'the detached account is signed out');
	});
});

describe("students' records", () => {
	it('consent, blocks, the views that are audited, the data export', async () => {
		const s1 = w.s1;
		const c = await faults('consent to be discoverable', 200, (headers) => s1.client.post('students/me', { discoverable: true, cities: ['441800'], skills: ['plc'] }, { headers }));
		assert.equal(c.r.json.student.discoverable, 1);
		const b = await faults('block an enterprise', 200, (headers) => s1.client.post('students/me/blocks', { enterprise_ids: [w.e4.id] }, { headers }));
		assert.deepEqual(b.r.json.items.map((x) => x.enterprise_id), [w.e4.id]);
		const v = await faults('HR opens a résumé', 200, (headers) => w.e1.client.get(`students/${s1.id}`, { headers }));
		assert.equal(v.r.json.student.id, s1.id);
		await faults('full contact data', 200, (headers) => w.admin.get(`students/${s1.id}/contact`, { headers }));
		const d = await faults('data export', 200, (headers) => s1.client.get('students/me/export', { headers }));
		assert.equal(d.r.json.format, 'skyway-student-export-1');
		await faults('talent pool export', 200, (headers) => w.staffH.client.get('students/export', { headers }));
		for (const action of ['student.view', 'student.contact_view', 'student.data_export']) assert.equal((await auditRows(action, s1.id)).length, 1, action);
	});

	it('closing an account', async () => {
		const s = await registerStudent(srv, w.other, { name: '蒋欣', profile: profile(MAJOR.accounting, 2026) });
		await faults('close account', 200, (headers) => s.client.post('students/me/close', { password: s.password }, { headers }));
		assert.equal((await srv.client().post('auth/login', { login: s.login, password: s.password })).status, 401);
		assert.equal((await auditRows('student.close', s.id)).length, 1);
	});
});

describe('a match round from creation to publication', () => {
	it('create, choices, ranking, preview, publish; another cancelled', async () => {
		const ids = [w.e1.p1.id, w.e2.p1.id, w.e3.p1.id];
		const c = await faults('create round', 201, (headers) => w.admin.post('match/rounds', { name: `暑期实习集中匹配${uniq('')}`, list_max: 5, position_ids: ids }, { headers }));
		const round = c.r.json.round;
		assert.equal(round.positions, 3);
		const ch = await faults('choices', 200, (headers) => w.s3.client.post(`match/rounds/${round.id}/choices`, { position_ids: [w.e1.p1.id, w.e2.p1.id] }, { headers }));
		assert.equal(ch.r.json.choices, 2);
		const rk = await faults('ranking', 200, (headers) => w.e1.client.post(`match/rounds/${round.id}/ranking`, { position_id: w.e1.p1.id, student_ids: [w.s3.id] }, { headers }));
		assert.equal(rk.r.json.ranked, 1);
		// The engine's snapshot is built once beforehand: the preview's own operations are
		// what the faults walk through.
		assert.equal((await w.s3.client.get('recommendations')).status, 200);
		const pv = await faults('preview', 200, (headers) => w.admin.post(`match/rounds/${round.id}/preview`, undefined, { headers }));
		assert.equal(pv.r.json.stats.students, 1);
		assert.equal(pv.r.json.stats.stable.ok, true);
		const pb = await faults('publish', 200, (headers) => w.admin.post(`match/rounds/${round.id}/publish`, undefined, { headers }));
		assert.equal(pb.r.json.round.status, 'published');
		for (const action of ['match_round.create', 'match_round.preview', 'match_round.publish']) assert.equal((await auditRows(action, round.id)).length, 1, action);

		const other = await w.admin.post('match/rounds', { name: `秋季校招集中匹配${uniq('')}`, position_ids: [w.e4.p1.id] });
		assert.equal(other.status, 201, `${other}`);
		const cn = await faults('cancel', 200, (headers) => w.admin.post(`match/rounds/${other.json.round.id}/cancel`, undefined, { headers }));
		assert.equal(cn.r.json.round.status, 'cancelled');
	});
});
