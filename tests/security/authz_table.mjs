// The authorisation matrix, one row per route of src/http/routes.c: how to make the object
// the route acts on (a fixture owned by the A side of the cast, see lib.mjs) and what each
// actor whose ROLE the route table admits gets. Actors whose role the table refuses get
// 403 `forbidden`, anonymous callers 401 (both filled in by authz.test.mjs), so a row
// lists exactly the admitted actors: when a route admits a new role, its row must say
// what that role gets, or the matrix fails.
//
// Expectations:
//   200, 404, ...       that status (an error status with its usual code: 401
//                       unauthenticated, 403 forbidden, 404 not_found, 409 conflict, 422 rule)
//   [status, code]      an error status with that code (or [status, code, field])
//   'sees' / 'blind'    200, and the fixture's marker text is / is not in the answer (JSON
//                       or .xlsx): the scope of a list
// A fixture is {path, body?, marker?, as?: {actor: client}}; path and body may be
// functions of the actor. Rows with `fresh` log each actor in again (the request ends
// the session); rows with `share` let every admitted actor succeed on one fixture
// (otherwise each success gets its own).
import assert from 'node:assert/strict';
import { enrolMfa, makeAccount, uniq } from '../api/harness.mjs';
import { dbQuery, openPosition } from '../api/recruit_lib.mjs';
import * as fx from './fixtures.mjs';
import { ACTORS } from './lib.mjs';
import { COMPETITION_ROWS } from './authz_competition_rows.mjs';
import { COOP_ROWS } from './authz_coop_rows.mjs';
import { SERVICES_ROWS } from './authz_services_rows.mjs';
import { INCUBATOR_ROWS } from './authz_incubator_rows.mjs';

const STAFF = (op, col, colX, hr, hrX) => ({ operator: op, college: col, collegeX: colX, hr, hrX });
const STUDENTS = (s, mate, x) => ({ student: s, classmate: mate, studentX: x });
const OTHERS = (v) => ({ judge: v, mentor: v, officer: v });
const EVERYONE = (v) => ({ ...STAFF(v, v, v, v, v), ...STUDENTS(v, v, v), ...OTHERS(v) });

const csv = (text) => ({ file: Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`), type: 'text/csv' });

/** A one-row student import: student number and name unique to this call. */
function studentCsv(w, withCollege) {
	const no = `7${Date.now() % 1e7}${Math.floor(Math.random() * 1e4)}`;
	const head = withCollege ? '院校,学号,姓名,专业代码,毕业年份' : '学号,姓名,专业代码,毕业年份';
	const row = `${withCollege ? `${w.collegeA.name},` : ''}${no},周${uniq('')},460301,2026`;
	return { no, body: csv(`${head}\n${row}\n`) };
}

/** The college an imported student number landed in (null: none). */
function importedCollege(srv, no) {
	const rows = dbQuery(srv, `SELECT college_id FROM students WHERE student_no = '${no}'`);
	return rows.length ? Number(rows[0]) : null;
}

/** A fair made live with A2 registered: its id and A2's pass. */
async function liveFairPass(w) {
	const id = (await fx.fair(w, 'approved')).fair.id;
	assert.equal((await w.A2.client.post(`fairs/${id}/register`)).status, 201);
	for (const to of ['signup_closed', 'live']) assert.equal((await w.admin.post(`fairs/${id}/status`, { to })).status, 200);
	return { id, pass: (await w.A2.client.get(`fairs/${id}/pass`)).json.registration.pass };
}

/** A message of HR A in a new application of A1; reported by A1 when report. */
async function messageA1(w, report) {
	const app = await fx.applicationA1(w);
	const msg = (await w.hrA.client.post(`applications/${app.id}/messages`, { body: '请按时参加面试' })).json.message;
	assert.ok(msg, 'HR A writes to A1');
	if (!report) return { app, msg };
	const r = await w.A1.client.post(`messages/${msg.id}/report`, { reason: '要求缴费' });
	assert.equal(r.status, 201, `report: ${r}`);
	return { app, msg, report: r.json.report };
}

const CORE_ROWS = [
	// ---- auth and self-service -------------------------------------------------------
	{
		route: 'POST /api/v1/auth/login',
		make: async () => ({ path: 'auth/login', body: () => ({ login: uniq('nobody'), password: 'Wrong-pass-2024' }) }),
		expect: { anon: [401, 'bad_credentials'], ...EVERYONE([401, 'bad_credentials']) },
	},
	{ route: 'POST /api/v1/auth/logout', fresh: true, make: async () => ({ path: 'auth/logout' }), expect: EVERYONE(200) },
	{ route: 'GET /api/v1/me', make: async () => ({ path: 'me' }), expect: EVERYONE(200) },
	{
		route: 'POST /api/v1/me/password',
		make: async () => ({ path: 'me/password', body: { old_password: 'Not-my-pass-2024', new_password: fx.newPassword() } }),
		expect: EVERYONE([403, 'bad_credentials', 'old_password']),
	},
	// Staff two-factor login (docs/security.md): a pending token from the password step is
	// the only key to the second step; each account's enrolment is its own. The operator and
	// the officer of the cast are enrolled (they must be); the others may enrol.
	{
		route: 'POST /api/v1/auth/mfa',
		make: async () => ({ path: 'auth/mfa', body: { mfa_token: 'a'.repeat(64), code: '123456' } }),
		expect: { anon: [401, 'mfa_token_invalid', 'mfa_token'], ...EVERYONE([401, 'mfa_token_invalid', 'mfa_token']) },
	},
	{ route: 'GET /api/v1/me/mfa', make: async () => ({ path: 'me/mfa' }), expect: EVERYONE(200) },
	{
		route: 'POST /api/v1/me/mfa/setup',
		make: async () => ({ path: 'me/mfa/setup' }),
		expect: { ...EVERYONE(200), operator: [409, 'mfa_enabled'], officer: [409, 'mfa_enabled'] },
	},
	// After the setup row: the others have a secret waiting for its first code.
	{
		route: 'POST /api/v1/me/mfa/enable',
		make: async () => ({ path: 'me/mfa/enable', body: { code: '000000' } }),
		expect: { ...EVERYONE([403, 'bad_code', 'code']), operator: [409, 'mfa_enabled'], officer: [409, 'mfa_enabled'] },
	},
	{
		route: 'POST /api/v1/me/mfa/disable',
		make: async () => ({ path: 'me/mfa/disable', body: { password: 'Not-my-pass-2024', code: '000000' } }),
		expect: EVERYONE([403, 'bad_credentials', 'password']),
	},
	{
		route: 'POST /api/v1/me/mfa/recovery-codes',
		make: async () => ({ path: 'me/mfa/recovery-codes', body: { code: '000000' } }),
		expect: { ...EVERYONE([409, 'mfa_not_enabled']), operator: [403, 'bad_code', 'code'], officer: [403, 'bad_code', 'code'] },
	},
	{
		route: 'POST /api/v1/accounts/{id}/mfa/reset',
		make: async (w) => {
			const a = await makeAccount(w.admin, { role: 'college', org_id: w.collegeA.id });
			await enrolMfa(await w.srv.login(a.login, a.password));
			return { path: `accounts/${a.id}/mfa/reset` };
		},
		expect: { operator: 200 },
	},
	{ route: 'GET /api/v1/public/colleges', make: async (w) => ({ path: 'public/colleges', marker: w.collegeB.name }), expect: { anon: 'sees', ...EVERYONE('sees') } },
	// Each actor claims a record of its own, with the right name and ID digits.
	{
		route: 'POST /api/v1/register/student',
		make: async (w) => {
			const records = await fx.importedRecords(w, 12);
			return { path: 'register/student', body: (a) => fx.claimBody(w, records[ACTORS.indexOf(a)]) };
		},
		expect: { anon: 201, ...EVERYONE(201) },
		share: true,
	},
	{ route: 'POST /api/v1/register/enterprise', make: async () => ({ path: 'register/enterprise', body: () => fx.enterpriseRegistration() }), expect: { anon: 201, ...EVERYONE(201) } },
	{ route: 'GET /api/v1/dict/{name}', make: async () => ({ path: 'dict/majors', marker: '460301' }), expect: { anon: 'sees', ...EVERYONE('sees') } },
	// Retired majors (旧目录专业): college staff their own college's, the operator any college's;
	// a code that is not retired is refused once the college is the caller's.
	{ route: 'GET /api/v1/majors/retired', make: async () => ({ path: 'majors/retired' }), expect: { operator: 200, college: 200, collegeX: 200 } },
	{
		route: 'POST /api/v1/majors/retired/replace',
		make: async (w) => ({ path: 'majors/retired/replace', body: { college_id: w.collegeA.id, code: '460301', new_code: '460302' } }),
		expect: { operator: [400, 'invalid', 'code'], college: [400, 'invalid', 'code'], collegeX: [404, 'not_found', 'college_id'] },
	},

	// ---- accounts and organisations ------------------------------------------------------
	{ route: 'GET /api/v1/accounts', make: async (w) => ({ path: 'accounts?page_size=200', marker: w.A1.login }), expect: STAFF('sees', 'sees', 'blind', 'blind', 'blind') },
	{ route: 'GET /api/v1/accounts/export', make: async (w) => ({ path: 'accounts/export', marker: w.A1.login }), expect: STAFF('sees', 'sees', 'blind', 'blind', 'blind') },
	{ route: 'GET /api/v1/accounts/{id}', make: async (w) => ({ path: `accounts/${w.A1.account.id}` }), expect: STAFF(200, 200, 404, 404, 404) },
	{
		route: 'POST /api/v1/accounts',
		make: async () => ({ path: 'accounts', body: { login: uniq('judge'), password: fx.newPassword(), role: 'judge', display_name: '评委王' } }),
		expect: { operator: 201 },
	},
	{
		route: 'POST /api/v1/accounts/{id}/disable',
		make: async (w) => {
			const s = await fx.throwawayStudent(w.srv, w);
			return { path: `accounts/${s.account.id}/disable` };
		},
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/accounts/{id}/enable',
		make: async (w) => {
			const s = await fx.throwawayStudent(w.srv, w);
			assert.equal((await w.admin.post(`accounts/${s.account.id}/disable`)).status, 200);
			return { path: `accounts/${s.account.id}/enable` };
		},
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/accounts/{id}/password',
		make: async (w) => {
			const s = await fx.throwawayStudent(w.srv, w);
			return { path: `accounts/${s.account.id}/password`, body: { password: fx.newPassword() } };
		},
		expect: { operator: 200 },
	},
	{ route: 'GET /api/v1/organizations', make: async (w) => ({ path: 'organizations?page_size=200', marker: w.entB.name }), expect: { operator: 'sees' } },
	{ route: 'GET /api/v1/organizations/export', make: async (w) => ({ path: 'organizations/export', marker: w.entB.name }), expect: { operator: 'sees' } },
	{ route: 'POST /api/v1/organizations', make: async () => ({ path: 'organizations', body: { kind: 'college', name: `清远工贸职业技术学校${uniq('')}`, code: uniq('C') } }), expect: { operator: 201 } },
	{ route: 'GET /api/v1/organizations/mine', make: async (w) => ({ path: 'organizations/mine', marker: w.collegeA.name }), expect: { college: 'sees', collegeX: 'blind', hr: 'blind', hrX: 'blind' } },
	// API tokens are the organisation's own: another college or enterprise never sees or
	// revokes them (tests/api/api_tokens.test.mjs walks what a token may do).
	{
		route: 'GET /api/v1/organizations/mine/tokens',
		make: async (w) => {
			const name = `学籍同步${uniq('')}`;
			assert.equal((await w.staffA.client.post('organizations/mine/tokens', { name, scopes: ['students:read'], password: w.staffA.acct.password })).status, 201);
			return { path: 'organizations/mine/tokens', marker: name };
		},
		expect: { college: 'sees', collegeX: 'blind', hr: 'blind', hrX: 'blind' },
	},
	{
		route: 'POST /api/v1/organizations/mine/tokens',
		make: async (w) => ({ path: 'organizations/mine/tokens', body: (a) => ({ name: `同步${uniq('')}`, scopes: ['dictionaries:read'], password: w.who[a]?.password }) }),
		expect: { college: 201, collegeX: 201, hr: 201, hrX: 201 },
	},
	{
		route: 'POST /api/v1/organizations/mine/tokens/{id}/revoke',
		make: async (w) => {
			const r = await w.staffA.client.post('organizations/mine/tokens', { name: `同步${uniq('')}`, scopes: ['students:read'], password: w.staffA.acct.password });
			assert.equal(r.status, 201);
			return { path: `organizations/mine/tokens/${r.json.token.id}/revoke` };
		},
		expect: { college: 200, collegeX: 404, hr: 404, hrX: 404 },
	},
	{
		route: 'POST /api/v1/organizations/{id}',
		make: async (w) => ({ path: `organizations/${w.collegeA.id}`, body: { contact_name: '就业办张老师' } }),
		expect: STAFF(200, 200, 404, 404, 404),
		variants: [{ name: "an enterprise's profile", make: async (w) => ({ path: `organizations/${w.entA.id}`, body: { contact_name: '人事部王经理' } }), expect: { hr: 200, hrX: 404, collegeX: 404 } }],
	},
	{
		route: 'POST /api/v1/organizations/{id}/approve',
		make: async (w) => ({ path: `organizations/${(await fx.pendingEnterprise(w.srv)).org.id}/approve` }),
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/organizations/{id}/reject',
		make: async (w) => ({ path: `organizations/${(await fx.pendingEnterprise(w.srv)).org.id}/reject`, body: { reason: '营业执照不清晰' } }),
		expect: { operator: 200 },
	},
	{ route: 'GET /api/v1/audit', make: async () => ({ path: 'audit' }), expect: { operator: 200 } },
	{ route: 'GET /api/v1/audit/export', make: async () => ({ path: 'audit/export' }), expect: { operator: 200 } },

	// ---- positions ---------------------------------------------------------------------
	// A draft never shows in a search, whoever searches (the operator too, without ?status=).
	{ route: 'GET /api/v1/positions', make: async (w) => ({ path: 'positions?limit=100', marker: (await fx.draftA(w)).title }), expect: EVERYONE('blind'), witness: async (w) => ({ path: 'positions?status=draft&limit=100', as: 'operator' }) },
	{ route: 'POST /api/v1/positions', make: async () => ({ path: 'positions', body: fx.fullPosition() }), expect: { hr: 201, hrX: 201 }, share: true },
	{
		// Suggestions name open positions only: a draft's title is never offered, to anyone.
		route: 'GET /api/v1/positions/suggest',
		make: async (w) => {
			const d = await fx.draftA(w);
			return { path: `positions/suggest?q=${encodeURIComponent(d.title)}`, marker: d.title };
		},
		expect: EVERYONE('blind'),
		witness: async () => ({ path: 'positions?status=draft&limit=100', as: 'operator' }),
	},
	{ route: 'GET /api/v1/positions/export', make: async (w) => ({ path: 'positions/export', marker: w.pB.title }), expect: { operator: 'sees' } },
	{ route: 'GET /api/v1/positions/mine', make: async (w) => ({ path: 'positions/mine?page_size=200', marker: (await fx.draftA(w)).title }), expect: { hr: 'sees', hrX: 'blind' } },
	{ route: 'GET /api/v1/positions/mine/export', make: async (w) => ({ path: 'positions/mine/export', marker: (await fx.draftA(w)).title }), expect: { hr: 'sees', hrX: 'blind' } },
	{
		route: 'GET /api/v1/positions/{id}',
		make: async (w) => ({ path: `positions/${(await fx.draftA(w)).id}` }),
		expect: { ...STAFF(200, 404, 404, 200, 404), ...STUDENTS(404, 404, 404), ...OTHERS(404) },
	},
	{ route: 'POST /api/v1/positions/{id}', make: async (w) => ({ path: `positions/${(await fx.draftA(w)).id}`, body: fx.fullPosition({ title: '篡改的岗位名称' }) }), expect: { hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/positions/{id}/submit', make: async (w) => ({ path: `positions/${(await fx.draftA(w)).id}/submit` }), expect: { hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/positions/{id}/close', make: async (w) => ({ path: `positions/${(await fx.openA(w)).id}/close` }), expect: { operator: 200, hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/positions/{id}/reopen', make: async (w) => ({ path: `positions/${(await fx.closedA(w)).id}/reopen` }), expect: { hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/positions/{id}/approve', make: async (w) => ({ path: `positions/${(await fx.pendingPosition(w.srv)).id}/approve` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/positions/{id}/reject', make: async (w) => ({ path: `positions/${(await fx.pendingPosition(w.srv)).id}/reject`, body: { reason: '薪资描述不实' } }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/positions/{id}/apply', make: async (w) => ({ path: `positions/${(await fx.openA(w)).id}/apply` }), expect: STUDENTS(201, 201, 201), share: true },

	// ---- students -------------------------------------------------------------------------
	{ route: 'GET /api/v1/students/me', make: async (w) => ({ path: 'students/me', marker: w.A1.name }), expect: STUDENTS('sees', 'blind', 'blind') },
	{ route: 'POST /api/v1/students/me', make: async () => ({ path: 'students/me', body: () => fx.fullProfile() }), expect: STUDENTS(200, 200, 200), share: true },
	{
		route: 'GET /api/v1/students', make: async (w) => ({ path: 'students?page_size=200', marker: w.A1.name }), expect: STAFF('sees', 'sees', 'blind', 'sees', 'blind'),
		variants: [{ name: 'filtered by another college', make: async (w) => ({ path: `students?college_id=${w.collegeA.id}`, marker: w.A1.name }), expect: { college: 'sees', collegeX: 'blind', hrX: 'blind' } }],
	},
	{
		route: 'GET /api/v1/students/export', make: async (w) => ({ path: 'students/export', marker: w.A1.name }), expect: STAFF('sees', 'sees', 'blind', 'sees', 'blind'),
		variants: [{ name: 'filtered by another college', make: async (w) => ({ path: `students/export?college_id=${w.collegeA.id}`, marker: w.A1.name }), expect: { college: 'sees', collegeX: 'blind', hrX: 'blind' } }],
	},
	{
		route: 'GET /api/v1/students/{id}',
		make: async (w) => ({ path: `students/${w.A1.id}` }),
		expect: { ...STAFF(200, 200, 404, 200, 404), ...STUDENTS(200, 404, 404), ...OTHERS(404) },
	},
	{ route: 'GET /api/v1/students/{id}/contact', make: async (w) => ({ path: `students/${w.A1.id}/contact` }), expect: { operator: 200, ...STUDENTS(200, 404, 404) } },
	{ route: 'GET /api/v1/students/me/export', make: async (w) => ({ path: 'students/me/export', marker: w.A1.name }), expect: STUDENTS('sees', 'blind', 'blind') },
	// 屏蔽企业: a student's own list. The enterprise blocked is a fresh one, so that no other
	// row's visibility changes.
	{
		route: 'GET /api/v1/students/me/blocks',
		make: async (w) => {
			const e = await fx.anotherEnterprise(w);
			assert.equal((await w.A1.client.post('students/me/blocks', { enterprise_ids: [e.id] })).status, 200);
			return { path: 'students/me/blocks', marker: e.name };
		},
		expect: STUDENTS('sees', 'blind', 'blind'),
	},
	{ route: 'POST /api/v1/students/me/blocks', make: async (w) => ({ path: 'students/me/blocks', body: { enterprise_ids: [(await fx.anotherEnterprise(w)).id] } }), expect: STUDENTS(200, 200, 200), share: true },
	{
		route: 'GET /api/v1/students/me/blocks/search',
		make: async (w) => ({ path: `students/me/blocks/search?q=${encodeURIComponent(w.entA.name)}`, marker: w.entA.name }),
		expect: STUDENTS('sees', 'sees', 'sees'),
	},
	{
		route: 'POST /api/v1/students/me/close',
		make: async (w) => {
			const s = await fx.throwawayStudent(w.srv, w);
			return { path: 'students/me/close', body: { password: s.password }, as: { student: s.client } };
		},
		expect: STUDENTS(200, [403, 'bad_credentials', 'password'], [403, 'bad_credentials', 'password']),
	},

	// ---- applications ----------------------------------------------------------------------
	{
		route: 'GET /api/v1/applications',
		make: async (w) => ({ path: 'applications?page_size=200', marker: w.pA.title }),
		expect: { ...STAFF('sees', 'sees', 'blind', 'sees', 'blind'), ...STUDENTS('sees', 'blind', 'blind') },
		variants: [{ name: "filtered by another enterprise's position", make: async (w) => ({ path: `applications?position_id=${w.pA.id}`, marker: w.pA.title }), expect: { hr: 'sees', hrX: 'blind', collegeX: 'blind', studentX: 'blind' } }],
	},
	{
		route: 'GET /api/v1/applications/export',
		make: async (w) => ({ path: 'applications/export', marker: w.pA.title }),
		expect: { ...STAFF('sees', 'sees', 'blind', 'sees', 'blind'), ...STUDENTS('sees', 'blind', 'blind') },
	},
	{
		route: 'GET /api/v1/applications/{id}',
		make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}` }),
		expect: { ...STAFF(200, 200, 404, 200, 404), ...STUDENTS(200, 404, 404), ...OTHERS(404) },
	},
	{ route: 'POST /api/v1/applications/{id}/viewed', make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}/viewed` }), expect: { hr: 200, hrX: 404 } },
	{
		route: 'POST /api/v1/applications/bulk',
		make: async (w) => ({ path: 'applications/bulk', body: { ids: [(await fx.applicationA1(w)).id], status: 'interview' } }),
		expect: { hr: 200, hrX: [422, 'rule', 'ids'] },
		variants: [
			{
				name: 'its own and a foreign application together: all or nothing',
				make: async (w) => {
					const p = await openPosition(w.hrB.client);
					const own = (await w.B1.client.post(`positions/${p.id}/apply`)).json.application;
					return { path: 'applications/bulk', body: { ids: [own.id, (await fx.applicationA1(w)).id], status: 'interview' } };
				},
				expect: { hrX: [422, 'rule', 'ids'] },
			},
		],
	},
	{ route: 'POST /api/v1/applications/{id}/status', make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}/status`, body: { status: 'interview' } }), expect: { operator: 200, hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/applications/{id}/withdraw', make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}/withdraw` }), expect: STUDENTS(200, 404, 404) },
	{ route: 'POST /api/v1/applications/{id}/invitations', make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}/invitations`, body: fx.inviteBody() }), expect: { hr: 201, hrX: 404 } },
	{
		route: 'GET /api/v1/applications/{id}/invitations',
		make: async (w) => ({ path: `applications/${(await fx.invitationA1(w)).application_id}/invitations` }),
		expect: { ...STAFF(200, 200, 404, 200, 404), ...STUDENTS(200, 404, 404) },
	},
	{
		route: 'GET /api/v1/applications/{id}/contact',
		share: true,
		make: async (w) => ({ path: `applications/${(await fx.invitationA1(w, 'accept')).application_id}/contact` }),
		expect: { hr: 200, hrX: 404 },
	},
	{
		route: 'POST /api/v1/applications/{id}/contact/withdraw',
		make: async (w) => ({ path: `applications/${(await fx.invitationA1(w, 'accept')).application_id}/contact/withdraw` }),
		expect: STUDENTS(200, 404, 404),
	},
	{ route: 'GET /api/v1/invitations/upcoming', make: async (w) => ({ path: 'invitations/upcoming' }), expect: { hr: 200, hrX: 200, ...STUDENTS(200, 200, 200) } },
	{ route: 'POST /api/v1/invitations/{id}/answer', make: async (w) => ({ path: `invitations/${(await fx.invitationA1(w)).id}/answer`, body: { answer: 'decline' } }), expect: STUDENTS(200, 404, 404) },
	{ route: 'POST /api/v1/invitations/{id}/cancel', make: async (w) => ({ path: `invitations/${(await fx.invitationA1(w)).id}/cancel` }), expect: { hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/applications/{id}/accept', make: async (w) => ({ path: `applications/${(await fx.applicationA1(w, 'offered')).id}/accept` }), expect: STUDENTS(200, 404, 404) },

	// ---- messages per application ------------------------------------------------------------
	{
		route: 'GET /api/v1/applications/{id}/messages',
		make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}/messages` }),
		expect: { operator: 404, hr: 200, hrX: 404, ...STUDENTS(200, 404, 404) },
		variants: [{ name: 'a reported thread: the operator reads it', make: async (w) => ({ path: `applications/${(await messageA1(w, true)).app.id}/messages` }), expect: { operator: 200, hrX: 404, studentX: 404 } }],
	},
	{
		route: 'POST /api/v1/applications/{id}/messages',
		make: async (w) => ({ path: `applications/${(await fx.applicationA1(w)).id}/messages`, body: { body: '您好，请问何时面试？' } }),
		expect: { hr: 201, hrX: 404, ...STUDENTS(201, 404, 404) },
	},
	{ route: 'GET /api/v1/messages/unread', make: async () => ({ path: 'messages/unread' }), expect: { hr: 200, hrX: 200, ...STUDENTS(200, 200, 200) } },
	{
		route: 'POST /api/v1/messages/{id}/report',
		make: async (w) => ({ path: `messages/${(await messageA1(w)).msg.id}/report`, body: { reason: '骚扰' } }),
		expect: { hr: [422, 'rule'], hrX: 404, ...STUDENTS(201, 404, 404) },
	},
	{ route: 'GET /api/v1/messages/reports', make: async () => ({ path: 'messages/reports' }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/messages/reports/{id}/close', make: async (w) => ({ path: `messages/reports/${(await messageA1(w, true)).report.id}/close`, body: {} }), expect: { operator: 200 } },

	// ---- matching --------------------------------------------------------------------------
	{ route: 'GET /api/v1/recommendations', make: async () => ({ path: 'recommendations' }), expect: STUDENTS(200, 200, 200) },
	{
		route: 'GET /api/v1/positions/{id}/candidates', make: async (w) => ({ path: `positions/${w.pA.id}/candidates`, marker: w.A1.name }), expect: { operator: 'sees', hr: 'sees', hrX: 404 },
		variants: [{ name: "HR of B's own position", make: async (w) => ({ path: (a) => `positions/${a === 'hrX' ? w.pB.id : w.pA.id}/candidates`, marker: w.A1.name }), expect: { hr: 'sees', hrX: 'blind' } }],
	},
	{
		route: 'GET /api/v1/match/explain',
		make: async (w) => ({ path: `match/explain?position_id=${w.pA.id}&student_id=${w.A1.id}` }),
		expect: { ...STAFF(200, 200, 404, 200, 404), ...STUDENTS(200, 404, 404) },
		variants: [
			{
				name: 'HR with its own position, a student it may not see',
				// A fresh student: no application, not discoverable, no 志愿 in any round.
				make: async (w) => {
					const s = await fx.throwawayStudent(w.srv, w);
					return { path: (a) => `match/explain?position_id=${a === 'hrX' ? w.pB.id : w.pA.id}&student_id=${s.id}` };
				},
				expect: { hr: 404, hrX: 404 },
			},
		],
	},
	{ route: 'POST /api/v1/match/rounds', make: async (w) => ({ path: 'match/rounds', body: { name: `秋季集中匹配${uniq('')}`, position_ids: [w.pA.id] } }), expect: { operator: 201 } },
	// A cancelled round is the operator's only.
	{ route: 'GET /api/v1/match/rounds', make: async (w) => ({ path: 'match/rounds', marker: (await fx.round(w, 'cancelled')).name }), expect: { operator: 'sees', hr: 'blind', hrX: 'blind', ...STUDENTS('blind', 'blind', 'blind') } },
	{ route: 'GET /api/v1/match/rounds/{id}', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'cancelled')).id}` }), expect: { operator: 200, hr: 404, hrX: 404, ...STUDENTS(404, 404, 404) } },
	{ route: 'GET /api/v1/match/rounds/{id}/positions', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/positions`, marker: w.pA.title }), expect: { operator: 'sees', hr: 'sees', hrX: 'sees', ...STUDENTS('sees', 'sees', 'sees') } },
	{ route: 'POST /api/v1/match/rounds/{id}/choices', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/choices`, body: { position_ids: [w.pA.id, w.pB.id] } }), expect: STUDENTS(200, 200, 200), share: true },
	{ route: 'GET /api/v1/match/rounds/{id}/choices', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/choices`, marker: w.pA.title }), expect: STUDENTS('sees', 'blind', 'blind') },
	{
		route: 'POST /api/v1/match/rounds/{id}/ranking',
		make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/ranking`, body: { position_id: w.pA.id, student_ids: [w.A1.id] } }),
		expect: { hr: 200, hrX: [404, 'not_found', 'position_id'] },
		variants: [
			{
				name: 'HR of B ranking a student who did not choose its position',
				make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/ranking`, body: { position_id: w.pB.id, student_ids: [w.A1.id] } }),
				expect: { hrX: [400, 'invalid', 'student_ids'] },
			},
		],
	},
	{ route: 'GET /api/v1/match/rounds/{id}/applicants', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/applicants`, marker: w.A1.name }), expect: { hr: 'sees', hrX: 'blind' } },
	{ route: 'POST /api/v1/match/rounds/{id}/preview', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/preview` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/match/rounds/{id}/publish', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'previewed')).id}/publish` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/match/rounds/{id}/cancel', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'open')).id}/cancel` }), expect: { operator: 200 } },
	{
		route: 'GET /api/v1/match/rounds/{id}/result',
		make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'published')).id}/result`, marker: w.A1.name }),
		expect: { operator: 'sees', hr: 'sees', hrX: 'blind', ...STUDENTS('sees', 'blind', 'blind') },
		variants: [{ name: 'before it is published', make: async (w) => ({ path: `match/rounds/${(await fx.round(w, 'previewed')).id}/result`, marker: w.A1.name }), expect: { operator: 'sees', hr: 422, hrX: 422, student: 422 } }],
	},

	// ---- fairs ---------------------------------------------------------------------------
	// A draft is its organisers' only: the operator and staff of the host college.
	{ route: 'GET /api/v1/fairs', make: async (w) => ({ path: 'fairs', marker: (await fx.fair(w, 'draft')).fair.name }), expect: { ...STAFF('sees', 'sees', 'blind', 'blind', 'blind'), ...STUDENTS('blind', 'blind', 'blind'), ...OTHERS('blind') } },
	{ route: 'POST /api/v1/fairs', make: async (w) => ({ path: 'fairs', body: fx.fairBody({ host: w.collegeA }) }), expect: { operator: 201 } },
	{ route: 'GET /api/v1/fairs/{id}', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'draft')).fair.id}` }), expect: { ...STAFF(200, 200, 404, 404, 404), ...STUDENTS(404, 404, 404), ...OTHERS(404) } },
	{ route: 'POST /api/v1/fairs/{id}', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'draft')).fair.id}`, body: fx.fairBody({ host: w.collegeA }) }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/fairs/{id}/status', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'draft')).fair.id}/status`, body: { to: 'signup' } }), expect: { operator: 200 } },
	// Enterprise B cannot bring enterprise A's position.
	{
		route: 'POST /api/v1/fairs/{id}/signup',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signup')).fair.id}/signup`, body: { position_ids: [w.pA.id] } }),
		expect: { hr: 201, hrX: [422, 'rule', 'position_ids'] },
	},
	{ route: 'POST /api/v1/fairs/{id}/signup/withdraw', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signedup')).fair.id}/signup/withdraw` }), expect: { hr: 200, hrX: 404 } },
	{
		route: 'GET /api/v1/fairs/{id}/signups', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signedup')).fair.id}/signups`, marker: w.entA.name }), expect: STAFF('sees', 'sees', 403, 'sees', 'blind'),
		variants: [{ name: 'filtered by status', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signedup')).fair.id}/signups?status=pending`, marker: w.entA.name }), expect: { hr: 'sees', hrX: 'blind' } }],
	},
	{
		route: 'POST /api/v1/fairs/{id}/signups/review',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signedup')).fair.id}/signups/review`, body: { enterprise_id: w.entA.id, decision: 'approve' } }),
		expect: { operator: 200 },
	},
	{ route: 'GET /api/v1/fairs/{id}/booths', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'draft')).fair.id}/booths` }), expect: { ...STAFF(200, 200, 404, 404, 404), ...STUDENTS(404, 404, 404), ...OTHERS(404) } },
	{ route: 'POST /api/v1/fairs/{id}/booths/allocate', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'approved')).fair.id}/booths/allocate` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/fairs/{id}/booths/move', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'approved')).fair.id}/booths/move`, body: { enterprise_id: w.entA.id, booth_no: 9 } }), expect: { operator: 200 } },
	{ route: 'GET /api/v1/fairs/{id}/booths/export', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'approved')).fair.id}/booths/export`, marker: w.entA.name }), expect: { operator: 'sees', college: 'sees', collegeX: 403 } },
	{ route: 'POST /api/v1/fairs/{id}/register', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signup')).fair.id}/register` }), expect: STUDENTS(201, 201, 201), share: true },
	// A1 and B1 registered, A2 did not: each student sees their own pass only.
	{
		route: 'GET /api/v1/fairs/{id}/pass',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/pass` }),
		expect: STUDENTS(200, 404, 200),
	},
	{
		route: 'POST /api/v1/fairs/{id}/checkin',
		make: async (w) => {
			const { id, pass } = await liveFairPass(w);
			return { path: `fairs/${id}/checkin`, body: { pass } };
		},
		expect: { operator: 200, college: 200, collegeX: 403 },
	},
	{
		route: 'POST /api/v1/fairs/{id}/checkout',
		make: async (w) => {
			const { id, pass } = await liveFairPass(w);
			assert.equal((await w.admin.post(`fairs/${id}/checkin`, { pass })).status, 200);
			return { path: `fairs/${id}/checkout`, body: { pass } };
		},
		expect: { operator: 200, college: 200, collegeX: 403 },
	},
	{
		route: 'POST /api/v1/fairs/{id}/walkin',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/walkin`, body: { college_id: w.collegeA.id, student_no: w.A2.student_no, name: w.A2.name } }),
		expect: { operator: 201, college: 201, collegeX: 403 },
	},
	{ route: 'GET /api/v1/fairs/{id}/gate', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/gate`, marker: w.A1.name }), expect: { operator: 'sees', college: 'sees', collegeX: 403 } },
	{
		route: 'POST /api/v1/fairs/{id}/tickets',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/tickets`, body: { enterprise_id: w.entA.id } }),
		expect: STUDENTS(201, [422, 'rule', 'entry'], [422, 'rule', 'entry']),
	},
	{
		route: 'POST /api/v1/fairs/{id}/tickets/cancel',
		make: async (w) => {
			const x = await fx.fair(w, 'busy');
			return { path: `fairs/${x.fair.id}/tickets/cancel`, body: { ticket_id: x.ticket.id } };
		},
		expect: STUDENTS(200, [404, 'not_found', 'ticket_id'], [404, 'not_found', 'ticket_id']),
	},
	{ route: 'GET /api/v1/fairs/{id}/tickets', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'busy')).fair.id}/tickets`, marker: w.entA.name }), expect: STUDENTS('sees', 'blind', 'blind') },
	{
		route: 'GET /api/v1/fairs/{id}/queue',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'busy')).fair.id}/queue?enterprise_id=${w.entA.id}`, marker: w.A1.name }),
		expect: { operator: 'sees', hr: 'sees', hrX: [403, 'forbidden', 'enterprise_id'] },
	},
	{
		route: 'POST /api/v1/fairs/{id}/queue/call',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'busy')).fair.id}/queue/call`, body: { enterprise_id: w.entA.id } }),
		expect: { operator: 200, hr: 200, hrX: [403, 'forbidden', 'enterprise_id'] },
	},
	{
		route: 'POST /api/v1/fairs/{id}/queue/mark',
		make: async (w) => {
			const x = await fx.fair(w, 'busy');
			return { path: `fairs/${x.fair.id}/queue/mark`, body: { ticket_id: x.ticket.id, outcome: 'seen' } };
		},
		expect: { operator: 200, hr: 200, hrX: [403, 'forbidden', 'ticket_id'] },
	},
	{ route: 'GET /api/v1/fairs/{id}/live', stream: true, make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'draft')).fair.id}/live` }), expect: { ...STAFF(200, 200, 404, 404, 404), ...STUDENTS(404, 404, 404), ...OTHERS(404) } },
	{
		route: 'POST /api/v1/fairs/{id}/intents',
		make: async (w) => {
			const x = await fx.fair(w, 'busy');
			return { path: `fairs/${x.fair.id}/intents`, body: { student_id: w.A1.id, position_id: x.fp.id } };
		},
		expect: { hr: 201, hrX: [422, 'rule', 'position_id'] },
		variants: [
			{
				name: 'HR of B with its own position, for a student who never met it',
				make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'busy')).fair.id}/intents`, body: { student_id: w.A1.id, position_id: w.pB.id } }),
				expect: { hrX: [422, 'rule', 'student_id'] },
			},
		],
	},
	{
		route: 'GET /api/v1/fairs/{id}/intents',
		make: async (w) => {
			const x = await fx.fair(w, 'busy');
			assert.equal((await w.hrA.client.post(`fairs/${x.fair.id}/intents`, { student_id: w.A1.id, position_id: x.fp.id })).status, 201);
			return { path: `fairs/${x.fair.id}/intents`, marker: w.A1.name };
		},
		expect: { ...STAFF('sees', 'sees', 403, 'sees', 'blind'), ...STUDENTS('sees', 'blind', 'blind'), ...OTHERS(403) },
	},
	{
		route: 'POST /api/v1/fairs/{id}/interviews',
		make: async (w) => {
			const x = await fx.fair(w, 'live');
			return { path: `fairs/${x.fair.id}/interviews`, body: { student_id: w.A1.id, position_id: x.fp.id } };
		},
		expect: { hr: 201, hrX: [422, 'rule', 'student_id'] },
		variants: [
			{
				name: 'HR of B with its own position, for a student who did not apply to it',
				make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/interviews`, body: { student_id: w.A1.id, position_id: w.pB.id } }),
				expect: { hrX: [422, 'rule', 'student_id'] },
			},
		],
	},
	{
		route: 'GET /api/v1/fairs/{id}/interviews',
		make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'busy')).fair.id}/interviews`, marker: w.A1.name }),
		expect: { ...STAFF('sees', 'sees', 403, 'sees', 'blind'), ...STUDENTS('sees', 'blind', 'blind'), ...OTHERS(403) },
	},
	{
		route: 'POST /api/v1/fairs/{id}/interviews/confirm',
		make: async (w) => {
			const x = await fx.scheduledFair(w);
			return { path: `fairs/${x.fair.id}/interviews/confirm`, body: { interview_id: x.interview } };
		},
		expect: STUDENTS(200, [404, 'not_found', 'interview_id'], [404, 'not_found', 'interview_id']),
	},
	{
		route: 'POST /api/v1/fairs/{id}/interviews/cancel',
		make: async (w) => {
			const x = await fx.fair(w, 'busy');
			return { path: `fairs/${x.fair.id}/interviews/cancel`, body: { interview_id: x.interview } };
		},
		expect: { hr: 200, hrX: [404, 'not_found', 'interview_id'], ...STUDENTS(200, [404, 'not_found', 'interview_id'], [404, 'not_found', 'interview_id']) },
	},
	{
		route: 'POST /api/v1/fairs/{id}/interviews/done',
		make: async (w) => {
			const x = await fx.scheduledFair(w);
			return { path: `fairs/${x.fair.id}/interviews/done`, body: { interview_id: x.interview } };
		},
		expect: { hr: 200, hrX: [404, 'not_found', 'interview_id'] },
	},
	// Any approved enterprise may rebuild the timetable (it plans every booth at once; see
	// docs/api.md); an enterprise that did not sign up may not.
	{ route: 'POST /api/v1/fairs/{id}/schedule', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'signedup')).fair.id}/schedule` }), expect: { operator: 200, hr: [422, 'rule', 'enterprise'], hrX: [422, 'rule', 'enterprise'] } },
	{ route: 'GET /api/v1/fairs/{id}/stats', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/stats` }), expect: { operator: 200, college: 200, collegeX: 403 } },
	{ route: 'GET /api/v1/fairs/{id}/stats/export', make: async (w) => ({ path: `fairs/${(await fx.fair(w, 'live')).fair.id}/stats/export?table=college`, marker: w.collegeA.name }), expect: { operator: 'sees', college: 'sees', collegeX: 403 } },
	{ route: 'GET /api/v1/qr.svg', make: async () => ({ path: 'qr.svg?text=SKY-BOOTH-12' }), expect: EVERYONE(200) },

	// ---- statistics ----------------------------------------------------------------------
	{
		route: 'GET /api/v1/stats/employment', make: async (w) => ({ path: 'stats/employment?group=college&grad_year=all', marker: w.collegeA.name }), expect: { operator: 'sees', college: 'sees', collegeX: 'blind' },
		variants: [{ name: 'naming another college', make: async (w) => ({ path: `stats/employment?group=college&college_id=${w.collegeA.id}` }), expect: { college: 200, collegeX: [403, 'forbidden', 'college_id'] } }],
	},
	{
		route: 'GET /api/v1/stats/employment/export', make: async (w) => ({ path: 'stats/employment/export?group=college&grad_year=all', marker: w.collegeA.name }), expect: { operator: 'sees', college: 'sees', collegeX: 'blind' },
		variants: [{ name: 'naming another college', make: async (w) => ({ path: `stats/employment/export?college_id=${w.collegeA.id}` }), expect: { college: 200, collegeX: [403, 'forbidden', 'college_id'] } }],
	},
	// 毕业去向: the student's college, the operator and the student; nobody else finds them.
	{
		route: 'POST /api/v1/students/{id}/destination', make: async (w) => ({ path: `students/${w.A1.id}/destination`, body: { destination: 'further_study' } }),
		expect: { operator: 200, college: 200, collegeX: 404, ...STUDENTS(200, 404, 404) },
	},
	{ route: 'GET /api/v1/stats/overview', make: async () => ({ path: 'stats/overview' }), expect: { operator: 200, officer: 200 } },

	// ---- imports: every row lands in the importer's own organisation --------------------------
	{
		route: 'POST /api/v1/imports/{kind}/preview',
		make: async (w) => ({ path: 'imports/students/preview', body: studentCsv(w, false).body }),
		expect: STAFF(200, 200, 200, 403, 403),
	},
	{
		route: 'POST /api/v1/imports/{kind}/commit',
		make: async (w) => {
			const staff = studentCsv(w, false);
			const op = studentCsv(w, true);
			return { path: 'imports/students/commit', body: (a) => (a === 'operator' ? op.body : staff.body), no: (a) => (a === 'operator' ? op.no : staff.no) };
		},
		expect: STAFF(200, 200, 200, 403, 403),
		// Where the row landed: the operator names college A; staff import into their own.
		after: (w, f, a) => {
			const want = { operator: w.collegeA.id, college: w.collegeA.id, collegeX: w.collegeB.id }[a];
			if (want) assert.equal(importedCollege(w.srv, f.no(a)), want, `${a}'s imported student is in the wrong college`);
		},
	},
	// ---- claims: a college's own records; the operator names the college ----------------
	{
		route: 'GET /api/v1/claims/classes',
		make: async (w) => {
			const cls = `机电2026级${uniq('')}班`;
			await fx.importedRecords(w, 1, cls);
			return { path: `claims/classes?college_id=${w.collegeA.id}`, marker: cls };
		},
		expect: { operator: 'sees', college: 'sees', collegeX: 'blind' },
	},
	{
		route: 'GET /api/v1/claims/records',
		make: async (w) => ({ path: `claims/records?college_id=${w.collegeA.id}&page_size=200`, marker: (await fx.importedRecords(w, 1))[0].name }),
		expect: { operator: 'sees', college: 'sees', collegeX: 'blind' },
	},
	{
		route: 'GET /api/v1/claims/attempts',
		make: async (w) => ({ path: `claims/attempts?college_id=${w.collegeA.id}`, marker: (await fx.lockedRecord(w)).student_no }),
		expect: { operator: 'sees', college: 'sees', collegeX: 'blind' },
	},
	{
		route: 'POST /api/v1/claims/codes',
		make: async (w) => {
			const [r] = await fx.importedRecords(w, 1);
			return { path: 'claims/codes', body: (a) => ({ student_ids: [r.id], ...(a === 'operator' ? { college_id: w.collegeA.id } : {}) }) };
		},
		// Another college's record is simply not in the selection (no way to learn it exists).
		expect: { operator: 201, college: 201, collegeX: [422, 'rule', 'class_name'] },
	},
	{
		route: 'POST /api/v1/claims/codes/export',
		make: async (w) => {
			const [r] = await fx.importedRecords(w, 1);
			const code = (await w.admin.post('claims/codes', { college_id: w.collegeA.id, student_ids: [r.id] })).json.items[0].code;
			return { path: 'claims/codes/export', body: { items: [{ student_id: r.id, code }] }, marker: r.name };
		},
		expect: { operator: 'sees', college: 'sees', collegeX: [422, 'rule', 'items'] },
	},
	{ route: 'POST /api/v1/claims/{id}/unlock', make: async (w) => ({ path: `claims/${(await fx.lockedRecord(w)).id}/unlock` }), expect: { operator: 200, college: 200, collegeX: 404 } },
	{
		route: 'POST /api/v1/claims/{id}/reset',
		make: async (w) => ({ path: `claims/${(await fx.throwawayStudent(w.srv, w)).id}/reset`, body: { reason: '学生申诉：账号被他人冒领' } }),
		expect: { operator: 200, college: 200, collegeX: 404 },
	},
	{ route: 'GET /api/v1/imports/{kind}/template', make: async () => ({ path: 'imports/students/template' }), expect: STAFF(200, 200, 200, 403, 403) },
];

/**
 * The areas whose rows live in a module of their own, each run by its own test files
 * (authz_<group>.test.mjs, badinput_<group>.test.mjs) so that node runs them side by side:
 * group name, the paths of the area's routes, its rows. A new area (the incubator, zone
 * services) is a rows module, a line here and those two three-line files.
 */
export const AREAS = [
	{ group: 'competition', paths: /^\/api\/v1\/(competition|public\/certificates)\//, rows: COMPETITION_ROWS },
	{ group: 'coop', paths: /^\/api\/v1\/(coop|internships)(\/|$)/, rows: COOP_ROWS },
	{ group: 'services', paths: /^\/api\/v1\/services\//, rows: SERVICES_ROWS },
	{ group: 'incubator', paths: /^\/api\/v1\/incubator\//, rows: INCUBATOR_ROWS },
];

export const ROWS = [...CORE_ROWS, ...AREAS.flatMap((a) => a.rows)];
