// Student profiles and personal data (PIPL): validation, masking of phone and ID number
// everywhere, full values only for the student and the operator (each view audited, the
// sealed value never shown), consent-based visibility to enterprises, college scope, the
// student's data export and account closing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, listAll, xlsxText } from './harness.mjs';
import {
	CITY,
	MAJOR,
	SKILL,
	badIdNumber,
	dbQuery,
	expectXlsx,
	idCheckChar,
	idNumber,
	makeWorld,
	maskPhone,
	openPosition,
	registerStudent,
	startRecruitServer,
} from './recruit_lib.mjs';

let srv;
let w;
let admin;
let s1; // college A, full profile
let s2; // college A
let s3; // college B
let posA; // open position of enterprise A
const PHONE = '13812345678';
let IDN;
const responses = []; // every response body of this file that may show personal data

const truthy = (v) => v === true || v === 1;
const falsy = (v) => v === false || v === 0;
const keep = (r) => {
	responses.push(`${r.desc}\n${r.buf.toString('latin1')}\n${r.text}`);
	return r;
};
const idMasked = (n) => `${n.slice(0, 4)}${'*'.repeat(10)}${n.slice(14)}`;

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	IDN = idNumber();
	s1 = await registerStudent(srv, w.collegeA, { name: '李明', student_no: '2023010101' });
	s2 = await registerStudent(srv, w.collegeA, { name: '周婷', student_no: '2023010102' });
	s3 = await registerStudent(srv, w.collegeB, { name: '黄磊', student_no: '2023020201' });
	posA = await openPosition(w.hrA.client, { title: '机电一体化技术员', majors: [MAJOR.automationClass] });
});
after(() => srv?.stop());

describe('profile', () => {
	it('registration made the record: GET /students/me', async () => {
		const r = keep(await s1.client.get('students/me'));
		assert.equal(r.status, 200, `${r}`);
		const s = r.json.student;
		assert.equal(s.name, '李明');
		assert.equal(s.student_no, '2023010101');
		assert.equal(s.college_id, w.collegeA.id);
		assert.equal(s.college_name, w.collegeA.name);
		assert.equal(s.account_id, s1.account.id);
		assert.ok(falsy(s.discoverable), `a new student is not discoverable: ${s.discoverable}`);
		assert.equal(s.phone ?? null, null);
		assert.equal(s.id_number ?? null, null);
		assert.deepEqual(s.skills, []);
	});

	it('POST /students/me updates the profile; phone and ID number come back masked', async () => {
		const body = {
			gender: '男',
			major_code: MAJOR.mechatronics,
			grad_year: 2026,
			degree: 2,
			skills: [SKILL.plc, SKILL.cad],
			tags: ['吃苦耐劳'],
			cities: [CITY.qingyuan, CITY.guangzhou],
			salary_min: 4000,
			salary_max: 6000,
			resume: '熟悉西门子 PLC，\n参加过省级技能大赛。',
			personalised: true,
			phone: PHONE,
			id_number: IDN,
		};
		const r = keep(await s1.client.post('students/me', body));
		assert.equal(r.status, 200, `${r}`);
		const s = r.json.student;
		assert.equal(s.gender, '男');
		assert.equal(s.major_code, '460301');
		assert.equal(s.major_name, '机电一体化技术');
		assert.equal(s.grad_year, 2026);
		assert.equal(s.degree, 2);
		assert.deepEqual(s.skills, ['plc', 'cad-2d']);
		assert.deepEqual(s.tags, ['吃苦耐劳']);
		assert.deepEqual(s.cities, ['441800', '440100']);
		assert.equal(s.salary_min, 4000);
		assert.equal(s.salary_max, 6000);
		assert.equal(s.resume, body.resume);
		assert.equal(s.phone, '138****5678');
		assert.equal(s.id_number, idMasked(IDN));
		const g = keep(await s1.client.get('students/me'));
		assert.deepEqual(g.json.student, s);
	});

	describe('validation: 400 naming the field, nothing changed', () => {
		const cases = [
			['gender not 男/女', { gender: '未知' }, 'invalid', 'gender'],
			['grad_year 1999', { grad_year: 1999 }, 'invalid', 'grad_year'],
			['grad_year a string', { grad_year: '2026' }, 'invalid', 'grad_year'],
			['degree 0', { degree: 0 }, 'invalid', 'degree'],
			['degree 4', { degree: 4 }, 'invalid', 'degree'],
			['unknown major', { major_code: '999999' }, 'invalid', 'major_code'],
			['a class code is not a major', { major_code: '4603' }, 'invalid', 'major_code'],
			['unknown skill', { skills: [SKILL.plc, 'no-such-skill'] }, 'invalid', 'skills'],
			['unknown city', { cities: ['999999'] }, 'invalid', 'cities'],
			['phone 12345', { phone: '12345' }, 'invalid', 'phone'],
			['phone not a mobile (23812345678)', { phone: '23812345678' }, 'invalid', 'phone'],
			['phone with letters', { phone: '1381234567a' }, 'invalid', 'phone'],
			['ID number with a wrong check digit', { id_number: '' }, 'invalid', 'id_number'],
			['ID number of 17 characters', { id_number: '44180220040315001' }, 'invalid', 'id_number'],
			['discoverable not a boolean', { discoverable: 'yes' }, 'invalid', 'discoverable'],
			['salary_min above salary_max', { salary_min: 9000, salary_max: 3000 }, 'invalid', 'salary_max'],
			['an unknown field', { name: '改名' }, 'unknown_field', 'name'],
		];
		for (const [name, body, code, field] of cases) {
			it(name, async () => {
				if (field === 'id_number' && body.id_number === '') body.id_number = badIdNumber(IDN);
				const before = (await s1.client.get('students/me')).json.student;
				expectError(await s1.client.post('students/me', body), 400, code, field);
				assert.deepEqual((await s1.client.get('students/me')).json.student, before);
			});
		}
	});

	it('an ID number whose check character is X is accepted in lower case and kept in upper case', async () => {
		let n;
		for (;;) {
			n = idNumber();
			if (n.endsWith('X')) break;
		}
		const lower = n.slice(0, 17) + 'x';
		assert.equal(idCheckChar(n.slice(0, 17)), 'X');
		const r = await s2.client.post('students/me', { id_number: lower, phone: '13900001111' });
		assert.equal(r.status, 200, `${r}`);
		const c = keep(await s2.client.get(`students/${s2.id}/contact`));
		assert.equal(c.status, 200, `${c}`);
		assert.deepEqual(c.json, { phone: '13900001111', id_number: n });
	});
});

describe('personal data: masked everywhere, in full only for the student and the operator', () => {
	let sealedPhone;
	let sealedId;
	before(async () => {
		const rows = dbQuery(srv, `SELECT phone_enc, id_number_enc FROM students WHERE id = ${s1.id}`);
		[sealedPhone, sealedId] = rows[0].split('|');
	});

	it('at rest the values are sealed (not the plain text)', () => {
		assert.ok(sealedPhone && sealedPhone.length > 40, `sealed phone: ${sealedPhone}`);
		assert.ok(sealedId && sealedId.length > 40, `sealed id: ${sealedId}`);
		assert.ok(!sealedPhone.includes(PHONE) && !sealedPhone.includes(PHONE.slice(3)));
		assert.ok(!sealedId.includes(IDN));
	});

	it('operator and own-college staff read the student masked (GET /students/{id} and lists)', async () => {
		for (const c of [admin, w.staffA.client]) {
			const g = keep(await c.get(`students/${s1.id}`));
			assert.equal(g.status, 200, `${g}`);
			assert.equal(g.json.student.phone, '138****5678');
			assert.equal(g.json.student.id_number, idMasked(IDN));
			const list = keep(await c.get(`students?q=${encodeURIComponent('李明')}`));
			assert.equal(list.status, 200, `${list}`);
			const item = list.json.items.find((x) => x.id === s1.id);
			assert.ok(item, `list misses the student: ${list}`);
			assert.equal(item.phone, maskPhone(PHONE));
		}
	});

	it('the student and the operator get the full values from /contact, each view audited', async () => {
		const views = async () => (await listAll(admin, 'audit', { action: 'student.contact_view' })).filter((e) => String(e.object_id) === String(s1.id));
		const before = (await views()).length;
		const mine = keep(await s1.client.get(`students/${s1.id}/contact`));
		assert.equal(mine.status, 200, `${mine}`);
		assert.deepEqual(mine.json, { phone: PHONE, id_number: IDN });
		const op = keep(await admin.get(`students/${s1.id}/contact`));
		assert.equal(op.status, 200, `${op}`);
		assert.deepEqual(op.json, { phone: PHONE, id_number: IDN });
		const after = await views();
		assert.equal(after.length, before + 2, 'each full view writes one audit entry');
		const who = after.slice(0, 2).map((e) => e.account_id).sort();
		assert.deepEqual(who, [s1.account.id, admin.id].sort());
		for (const e of after) {
			assert.equal(e.object_type, 'student');
			assert.equal(e.outcome, 'ok');
		}
	});

	it('college staff and HR get 403 from /contact (and that refusal is not a view)', async () => {
		assert.equal((await s1.client.post('students/me', { discoverable: true })).status, 200);
		const views = async () => (await listAll(admin, 'audit', { action: 'student.contact_view' })).length;
		const before = await views();
		expectError(keep(await w.staffA.client.get(`students/${s1.id}/contact`)), 403, 'forbidden');
		expectError(keep(await w.hrA.client.get(`students/${s1.id}/contact`)), 403, 'forbidden');
		expectError(keep(await w.staffB.client.get(`students/${s1.id}/contact`)), 403, 'forbidden');
		assert.equal(await views(), before);
		assert.equal((await s1.client.post('students/me', { discoverable: false })).status, 200);
	});

	it('a student cannot read another student\'s contact (404)', async () => {
		expectError(keep(await s2.client.get(`students/${s1.id}/contact`)), 404, 'not_found');
		expectError(keep(await s3.client.get(`students/${s1.id}/contact`)), 404, 'not_found');
	});

	it('masked in the application list and in the student export', async () => {
		const app = await s1.client.post(`positions/${posA.id}/apply`);
		assert.equal(app.status, 201, `${app}`);
		for (const c of [w.hrA.client, admin, w.staffA.client]) {
			const l = keep(await c.get('applications'));
			assert.equal(l.status, 200, `${l}`);
			const it = l.json.items.find((a) => a.student_id === s1.id);
			assert.ok(it, `applications list misses s1: ${l}`);
			assert.equal(it.phone, maskPhone(PHONE));
		}
		const x = keep(await admin.get('students/export'));
		const rows = expectXlsx(x);
		const row = rows.find((r) => r.includes('2023010101'));
		assert.ok(row, 'export misses the student');
		assert.ok(row.includes(maskPhone(PHONE)), `export row: ${row}`);
		responses.push(xlsxText(x.buf));
	});

	it('the sealed values and the full values appear in no response but /contact and the own export, and in no audit entry', async () => {
		const audit = await admin.get('audit?page_size=200');
		keep(audit);
		const all = await listAll(admin, 'audit');
		for (const e of all) {
			const d = JSON.stringify(e);
			assert.ok(!d.includes(sealedPhone.slice(3, 40)) && !d.includes(sealedId.slice(3, 40)), `audit entry holds a sealed value: ${d}`);
			assert.ok(!d.includes(PHONE) && !d.includes(IDN), `audit entry holds a full value: ${d}`);
		}
		for (const text of responses) {
			assert.ok(!text.includes(sealedPhone.slice(3, 40)), `a response holds the sealed phone: ${text.slice(0, 300)}`);
			assert.ok(!text.includes(sealedId.slice(3, 40)), `a response holds the sealed ID number: ${text.slice(0, 300)}`);
			const desc = text.split('\n')[0];
			const mayShowFull = desc.endsWith('/contact') || desc.endsWith('/students/me/export');
			if (!mayShowFull) {
				assert.ok(!text.includes(PHONE), `a response other than /contact holds the full phone: ${text.slice(0, 300)}`);
				assert.ok(!text.includes(IDN), `a response other than /contact holds the full ID number: ${text.slice(0, 300)}`);
			}
		}
		assert.ok(responses.length > 10);
	});
});

describe('consent and visibility', () => {
	const hrSees = async (hr, s) => {
		const list = await listAll(hr, 'students');
		const inList = list.some((x) => x.id === s.id);
		const g = await hr.get(`students/${s.id}`);
		assert.ok(g.status === 200 || g.status === 404, `${g}`);
		assert.equal(inList, g.status === 200, `list and GET /students/{id} disagree for ${s.name}`);
		if (g.status === 200) assert.ok(!g.text.includes(PHONE) && !g.text.includes(IDN), 'HR sees a full value');
		else expectError(g, 404, 'not_found');
		return inList;
	};

	it('a student who neither applied nor is discoverable is invisible to every HR', async () => {
		assert.equal(await hrSees(w.hrA.client, s2), false);
		assert.equal(await hrSees(w.hrB.client, s2), false);
		assert.equal(await hrSees(w.hrB.client, s3), false);
	});

	it('discoverable=true: every HR sees the student (masked); false: hidden again; each switch is a recorded consent', async () => {
		let r = await s2.client.post('students/me', { discoverable: true });
		assert.equal(r.status, 200, `${r}`);
		assert.ok(truthy(r.json.student.discoverable));
		assert.equal(await hrSees(w.hrA.client, s2), true);
		assert.equal(await hrSees(w.hrB.client, s2), true);
		const viewed = (await listAll(admin, 'audit', { action: 'student.view' })).filter((e) => String(e.object_id) === String(s2.id));
		assert.ok(viewed.length >= 2, 'an HR view of a student is audited');
		r = await s2.client.post('students/me', { discoverable: false });
		assert.equal(r.status, 200, `${r}`);
		assert.ok(falsy(r.json.student.discoverable));
		assert.equal(await hrSees(w.hrA.client, s2), false);
		assert.equal(await hrSees(w.hrB.client, s2), false);
		const ex = await s2.client.get('students/me/export');
		assert.equal(ex.status, 200, `${ex}`);
		const c = ex.json.consents.filter((x) => x.kind === 'discoverable');
		assert.equal(c.length, 1, `${JSON.stringify(ex.json.consents)}`);
		assert.equal(typeof c[0].text_version, 'string');
		assert.ok(c[0].text_version.length > 0);
		assert.equal(typeof c[0].granted_at, 'number');
		assert.equal(typeof c[0].withdrawn_at, 'number', 'withdrawal is recorded');
		assert.ok(c[0].withdrawn_at >= c[0].granted_at);
	});

	it('after applying to enterprise A: HR A sees the student, HR B does not, even after discoverable=false', async () => {
		const pos = await openPosition(w.hrA.client, { title: '装配工' });
		const r = await s2.client.post(`positions/${pos.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		assert.equal(await hrSees(w.hrA.client, s2), true);
		assert.equal(await hrSees(w.hrB.client, s2), false);
		assert.equal((await s2.client.post('students/me', { discoverable: true })).status, 200);
		assert.equal(await hrSees(w.hrB.client, s2), true);
		assert.equal((await s2.client.post('students/me', { discoverable: false })).status, 200);
		assert.equal(await hrSees(w.hrA.client, s2), true, 'withdrawing discoverable does not undo an application');
		assert.equal(await hrSees(w.hrB.client, s2), false);
		const consents = (await s2.client.get('students/me/export')).json.consents;
		const apply = consents.filter((x) => x.kind === 'apply');
		assert.equal(apply.length, 1);
		assert.equal(apply[0].enterprise_id, w.entA.id);
	});

	it('HR filters cannot widen the scope (college_id, q, major)', async () => {
		for (const params of [{ college_id: String(w.collegeA.id) }, { q: '周婷' }, { q: '2023010102' }, { major: '46' }]) {
			const items = await listAll(w.hrB.client, 'students', params);
			assert.ok(!items.some((x) => x.id === s2.id), `HR B sees s2 with ${JSON.stringify(params)}`);
		}
	});

	it('college staff see only their own college\'s students', async () => {
		const a = await listAll(w.staffA.client, 'students');
		assert.deepEqual(a.map((x) => x.id).sort(), [s1.id, s2.id].sort());
		const b = await listAll(w.staffB.client, 'students');
		assert.deepEqual(b.map((x) => x.id), [s3.id]);
		expectError(await w.staffA.client.get(`students/${s3.id}`), 404, 'not_found');
		expectError(await w.staffB.client.get(`students/${s1.id}`), 404, 'not_found');
		const r = await w.staffA.client.get(`students?college_id=${w.collegeB.id}`);
		if (r.status === 200) assert.deepEqual(r.json.items, [], 'staff A lists college B students with college_id');
		else expectError(r, 403, 'forbidden');
		const all = await listAll(admin, 'students');
		for (const s of [s1, s2, s3]) assert.ok(all.some((x) => x.id === s.id), 'operator sees every student');
	});

	it('list filters: major prefix, grad_year, skill, city, q by name or number', async () => {
		const ids = async (params) => (await listAll(w.staffA.client, 'students', params)).map((x) => x.id).sort();
		assert.deepEqual(await ids({ major: '46' }), [s1.id]);
		assert.deepEqual(await ids({ major: '460301' }), [s1.id]);
		assert.deepEqual(await ids({ grad_year: '2026' }), [s1.id]);
		assert.deepEqual(await ids({ skill: SKILL.plc }), [s1.id]);
		assert.deepEqual(await ids({ city: CITY.guangzhou }), [s1.id]);
		assert.deepEqual(await ids({ q: '周' }), [s2.id]);
		assert.deepEqual(await ids({ q: '010101' }), [s1.id]);
	});

	it('students cannot list students (403) nor read another student (404)', async () => {
		expectError(await s1.client.get('students'), 403, 'forbidden');
		expectError(await s1.client.get(`students/${s2.id}`), 404, 'not_found');
		assert.equal((await s1.client.get(`students/${s1.id}`)).status, 200);
	});
});

describe('own data export and closing the account', () => {
	it('GET /students/me/export: everything, with the full phone and ID number', async () => {
		const r = keep(await s1.client.get('students/me/export'));
		assert.equal(r.status, 200, `${r}`);
		const x = r.json;
		assert.equal(x.student.id, s1.id);
		assert.equal(x.student.name, '李明');
		assert.equal(x.student.phone, PHONE);
		assert.equal(x.student.id_number, IDN);
		assert.equal(x.student.resume, '熟悉西门子 PLC，\n参加过省级技能大赛。');
		assert.equal(x.account.login, s1.login);
		assert.ok(Array.isArray(x.applications) && x.applications.length === 1, `${r}`);
		assert.equal(x.applications[0].position_id, posA.id);
		assert.ok(Array.isArray(x.consents));
		assert.ok(!/password|hash|\$argon/i.test(r.text), 'the export holds a password hash');
		expectError(await admin.get('students/me/export'), 403, 'forbidden');
	});

	it('close: wrong password → 403; right one → 200, login fails afterwards (401), name erased, statistics kept', async () => {
		const statsBefore = (await admin.get(`stats/employment?group=college&grad_year=all&college_id=${w.collegeA.id}`)).json;
		assert.equal(statsBefore.total.students, 2, `${JSON.stringify(statsBefore)}`);
		expectError(await s1.client.post('students/me/close', { password: 'wrong-password-1' }), 403, 'bad_credentials', 'password');
		expectError(await s1.client.post('students/me/close', {}), 400, 'missing', 'password');
		assert.equal((await s1.client.get('students/me')).status, 200, 'a refused close changed something');
		const r = await s1.client.post('students/me/close', { password: s1.password });
		assert.equal(r.status, 200, `${r}`);
		expectError(await srv.client().post('auth/login', { login: s1.login, password: s1.password }), 401, 'bad_credentials');
		expectError(await s1.client.get('me'), 401, 'unauthenticated');
		// The record stays for statistics, personal fields erased.
		const g = await admin.get(`students/${s1.id}`);
		assert.equal(g.status, 200, `${g}`);
		assert.notEqual(g.json.student.name, '李明');
		assert.equal(g.json.student.phone ?? null, null);
		assert.equal(g.json.student.id_number ?? null, null);
		assert.equal(g.json.student.resume ?? null, null);
		assert.equal(g.json.student.major_code, '460301', 'major kept for statistics');
		const c = await admin.get(`students/${s1.id}/contact`);
		if (c.status === 200) assert.deepEqual(c.json, { phone: null, id_number: null }, 'erased personal data still readable');
		else expectError(c, 404, 'not_found');
	});

	it('the closed student remains counted in /stats/employment', async () => {
		const after = (await admin.get(`stats/employment?group=college&grad_year=all&college_id=${w.collegeA.id}`)).json;
		assert.equal(after.total.students, 2, `statistics changed after closing an account: ${JSON.stringify(after)}`);
		assert.equal(after.total.applied, 2, `${JSON.stringify(after)}`);
	});

	it('the closed student is hidden from HR', async () => {
		assert.ok(!(await listAll(w.hrA.client, 'students')).some((x) => x.id === s1.id));
		expectError(await w.hrA.client.get(`students/${s1.id}`), 404, 'not_found');
	});
});
