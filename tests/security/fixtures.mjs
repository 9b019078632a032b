// Fixture builders of the authorisation matrix (authz_table.mjs): each makes a fresh
// object of one kind, owned by the A side of the cast (lib.mjs makeCast): enterprise A's
// positions, student A1's applications, fairs hosted by college A with enterprise A
// signed up and A1 registered, match rounds A1 took part in. Every builder goes through
// the API as its owner would, and asserts each step.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { creditCode, makeEnterprise, uniq } from '../api/harness.mjs';
import { CITY, MAJOR, SKILL, createPosition, csvBom, idNumber, openPosition, phoneNumber, positionBody, registerStudent, studentNo, upload } from '../api/recruit_lib.mjs';
import { fairBody } from '../api/fair_lib.mjs';
import { answered as ok } from './lib.mjs';

export const newPassword = () => `Qy-${crypto.randomBytes(6).toString('hex')}`;

/**
 * n records college A imported (one upload by the operator), each with its ID number, in
 * class className: [{id, student_no, name, id_number, college_id}] as GET /claims/records
 * shows them.
 */
export async function importedRecords(w, n, className = '') {
	const rows = Array.from({ length: n }, () => ({ student_no: studentNo(), name: `张${uniq('')}`, id_number: idNumber() }));
	const csv = `学号,姓名,身份证号,班级,院校\n${rows.map((r) => `${r.student_no},${r.name},${r.id_number},${className},${w.collegeA.name}`).join('\n')}\n`;
	const up = await upload(w.admin, 'students', 'commit', csvBom(csv));
	assert.equal(up.status, 200, `import: ${up}`);
	const out = [];
	for (const r of rows) {
		const list = ok(await w.admin.get(`claims/records?${new URLSearchParams({ college_id: String(w.collegeA.id), q: r.student_no })}`), 200, 'claims/records');
		out.push({ ...list.items.find((x) => x.student_no === r.student_no), ...r });
	}
	return out;
}

/** The body of POST /register/student that claims record (by the last 6 of its ID number). */
export function claimBody(w, record, over = {}) {
	return { college_id: w.collegeA.id, student_no: record.student_no, name: record.name, id_last6: record.id_number.slice(-6), login: uniq('reg'), password: newPassword(), ...over };
}

/** A record of college A locked by five failed claims (each from its own address). */
export async function lockedRecord(w) {
	const [r] = await importedRecords(w, 1);
	for (let i = 0; i < 5; i++) {
		const res = await w.srv.client().post('register/student', claimBody(w, r, { id_last6: '000000' }));
		assert.equal(res.status, 404, `a failed claim: ${res}`);
	}
	return r;
}

/** A fresh enterprise (operator-made, approved): something a student may block. */
export const anotherEnterprise = (w) => makeEnterprise(w.admin, { name: `清远云创科技${uniq('')}有限公司` });

/** A fresh body of POST /register/enterprise. */
export function enterpriseRegistration() {
	return { name: `清远新材料${uniq('')}有限公司`, credit_code: creditCode(), contact_name: '李经理', login: uniq('ent'), password: newPassword() };
}

/** A self-registered enterprise, still pending, with its HR client. */
export async function pendingEnterprise(srv) {
	const body = enterpriseRegistration();
	const r = ok(await srv.client().post('register/enterprise', body), 201, 'register enterprise');
	return { org: r.account.org, client: await srv.login(body.login, body.password) };
}

/** A position of a pending enterprise submitted for review (status pending). */
export async function pendingPosition(srv) {
	const e = await pendingEnterprise(srv);
	const p = await createPosition(e.client);
	const r = ok(await e.client.post(`positions/${p.id}/submit`), 200, 'submit for review');
	assert.equal(r.position.status, 'pending');
	return r.position;
}

/** A position body with every field set (title unique). */
export function fullPosition(over = {}) {
	return positionBody({
		kind: '实习',
		headcount: 3,
		min_degree: 2,
		salary_min: 4500,
		salary_max: 6000,
		city_code: CITY.qingyuan,
		address: '清远高新区创兴大道 18 号',
		description: '负责产线设备的日常维护。\n要求：吃苦耐劳。',
		deadline: Math.floor(Date.now() / 1000) + 30 * 86400,
		grad_year_min: 2025,
		grad_year_max: 2027,
		majors: [MAJOR.mechatronics, MAJOR.automationClass],
		required_skills: [SKILL.plc],
		preferred_skills: [SKILL.cad],
		...over,
	});
}

/** A student profile body with every field a student may set (phone and ID number unique per call). */
export function fullProfile() {
	return {
		gender: '女',
		major_code: MAJOR.mechatronics,
		grad_year: 2026,
		degree: 2,
		skills: [SKILL.plc, SKILL.excel],
		tags: ['踏实肯干'],
		certificates: ['电工证'],
		cities: [CITY.qingyuan, CITY.guangzhou],
		salary_min: 4000,
		salary_max: 6000,
		resume: '2024 年在清远某电子厂实习三个月。',
		discoverable: false,
		personalised: true,
		phone: phoneNumber(),
		id_number: idNumber(),
	};
}

export const draftA = (w) => createPosition(w.hrA.client, { title: `焊接工艺员${uniq('')}` });
export const openA = (w, over = {}) => openPosition(w.hrA.client, { title: `电气工程师${uniq('')}`, ...over });

export async function closedA(w) {
	const p = await openA(w);
	return ok(await w.hrA.client.post(`positions/${p.id}/close`), 200, 'close').position;
}

/** A1's application to a fresh open position of enterprise A, moved on to status `to`. */
export async function applicationA1(w, to) {
	const p = await openA(w);
	const app = ok(await w.A1.client.post(`positions/${p.id}/apply`), 201, 'apply').application;
	if (to) ok(await w.hrA.client.post(`applications/${app.id}/status`, { status: to }), 200, `status ${to}`);
	return { ...app, position: p };
}

/** An interview invitation's body: onsite, three hours from now (China time). */
export function inviteBody() {
	const t = new Date(Date.now() + 3 * 3600 * 1000 + 8 * 3600 * 1000);
	return { starts_at: `${t.toISOString().slice(0, 19)}+08:00`, format: 'onsite', place: '清远市清城区格力大道1号', contact_name: '王经理', contact_phone: '0763-3388123' };
}

/** HR A invites A1 on a fresh application; answer ('accept', ...) A1's answer, if any. */
export async function invitationA1(w, answer) {
	const app = await applicationA1(w);
	const inv = ok(await w.hrA.client.post(`applications/${app.id}/invitations`, inviteBody()), 201, 'invite').invitation;
	if (answer) ok(await w.A1.client.post(`invitations/${inv.id}/answer`, { answer }), 200, `answer ${answer}`);
	return inv;
}

/** A fresh student of college A (a throwaway for self-service routes that end an account). */
export function throwawayStudent(srv, w) {
	return registerStudent(srv, w.collegeA, { name: `赵${uniq('')}`, profile: { major_code: MAJOR.mechatronics, grad_year: 2026, degree: 2 } });
}

// ---------------------------------------------------------------------------------------
// Match rounds

/**
 * A round over pA and pB in the given stage: open (A1 chose pA, B1 chose pB), previewed,
 * published or cancelled.
 */
export async function round(w, stage = 'open') {
	const r = ok(await w.admin.post('match/rounds', { name: `春季集中匹配${uniq('')}`, position_ids: [w.pA.id, w.pB.id] }), 201, 'create round').round;
	if (stage === 'cancelled') {
		ok(await w.admin.post(`match/rounds/${r.id}/cancel`), 200, 'cancel round');
		return r;
	}
	ok(await w.A1.client.post(`match/rounds/${r.id}/choices`, { position_ids: [w.pA.id] }), 200, 'A1 choices');
	ok(await w.B1.client.post(`match/rounds/${r.id}/choices`, { position_ids: [w.pB.id] }), 200, 'B1 choices');
	if (stage === 'open') return r;
	ok(await w.admin.post(`match/rounds/${r.id}/preview`), 200, 'preview');
	if (stage === 'previewed') return r;
	ok(await w.admin.post(`match/rounds/${r.id}/publish`), 200, 'publish');
	return r;
}

// ---------------------------------------------------------------------------------------
// Fairs (hosted by college A)

/**
 * A fair hosted by college A in the given stage:
 *   draft · signup · signedup (enterprise A signed up, pending) · approved (A and B
 *   approved, booths allocated) · live (A1 and B1 registered, live, A1 entered) · busy
 *   (live, and A1 holds a ticket at A's booth and an interview invitation from A).
 * Enterprise A brings a fresh position fp that A1 applied to; B brings pB.
 * Returns {fair, fp, ticket, interview}.
 */
export async function fair(w, stage = 'draft') {
	const x = {};
	x.fair = ok(await w.admin.post('fairs', fairBody({ host: w.collegeA })), 201, 'create fair').fair;
	const id = x.fair.id;
	const to = (s) => w.admin.post(`fairs/${id}/status`, { to: s }).then((r) => ok(r, 200, `fair → ${s}`));
	if (stage === 'draft') return x;
	await to('signup');
	if (stage === 'signup') return x;
	x.fp = await openA(w);
	ok(await w.A1.client.post(`positions/${x.fp.id}/apply`), 201, 'A1 applies to fp');
	ok(await w.hrA.client.post(`fairs/${id}/signup`, { position_ids: [x.fp.id] }), 201, 'A signs up');
	if (stage === 'signedup') return x;
	ok(await w.hrB.client.post(`fairs/${id}/signup`, { position_ids: [w.pB.id] }), 201, 'B signs up');
	for (const e of [w.entA, w.entB]) ok(await w.admin.post(`fairs/${id}/signups/review`, { enterprise_id: e.id, decision: 'approve' }), 200, 'approve sign-up');
	ok(await w.admin.post(`fairs/${id}/booths/allocate`), 200, 'allocate');
	if (stage === 'approved') return x;
	for (const s of [w.A1, w.B1]) ok(await s.client.post(`fairs/${id}/register`), 201, 'register');
	await to('signup_closed');
	await to('live');
	x.pass = ok(await w.A1.client.get(`fairs/${id}/pass`), 200, 'pass').registration;
	ok(await w.admin.post(`fairs/${id}/checkin`, { pass: x.pass.pass }), 200, 'A1 enters');
	if (stage === 'live') return x;
	x.ticket = ok(await w.A1.client.post(`fairs/${id}/tickets`, { enterprise_id: w.entA.id }), 201, 'A1 takes a ticket').ticket;
	x.interview = ok(await w.hrA.client.post(`fairs/${id}/interviews`, { student_id: w.A1.id, position_id: x.fp.id }), 201, 'A invites A1').interview_id;
	return x;
}

/** A busy fair whose timetable was built (A1's interview scheduled). */
export async function scheduledFair(w) {
	const x = await fair(w, 'busy');
	ok(await w.admin.post(`fairs/${x.fair.id}/schedule`), 200, 'schedule');
	const iv = ok(await w.A1.client.get(`fairs/${x.fair.id}/interviews`), 200, 'interviews').items.find((i) => i.id === x.interview);
	assert.equal(iv?.status, 'scheduled', `A1's interview is scheduled: ${JSON.stringify(iv)}`);
	return x;
}

export { positionBody, fairBody };
