// Hard filters (vetoes, docs/matching.md): minimum degree, majors, graduation-year window,
// closed, full (accepted offers fill the headcount), not yet open (draft, pending review).
// A vetoed pair never appears in GET /recommendations, and GET /match/explain shows
// eligible:false with the documented veto keys, in the documented order. Every change is
// seen on the next request of the same server process: the snapshot is kept current.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { creditCode, uniq } from './harness.mjs';
import { MAJOR, createPosition, makeWorld, openPosition, registerStudent, startRecruitServer } from './recruit_lib.mjs';
import { explain, expectedRecommendations, pointsOf, recIds, recommendations, referenceScore, vetoKeys } from './match_lib.mjs';

let srv;
let w;
let admin;
let d2; // 高职专科 (degree 2), 460301, 2026
let d3; // 本科 (degree 3), 460301, 2026

/** Ids recommended to st, after checking the whole list against the reference scorer. */
async function recs(st) {
	const got = await recIds(st.client, 100);
	const want = (await expectedRecommendations(admin, st.id, 100)).map((x) => x.position_id);
	assert.deepEqual(got, want, `recommendations of student ${st.id} vs the reference scorer`);
	return got;
}

/** The explanation of (st, position) with the vetoes expected.  Asked as the operator: a
 * closed or unpublished position is not the student's to see (GET /match/explain answers
 * them 404 for it, as GET /positions/{id} does), but its vetoes are still computed. */
async function vetoed(st, pos, keys) {
	const e = await explain(admin, { student_id: st.id, position_id: pos.id });
	assert.equal(e.eligible, false, `(${st.id}, ${pos.id}) eligible: ${JSON.stringify(e)}`);
	assert.deepEqual(vetoKeys(e), keys);
	return e;
}

before(async () => {
	srv = await startRecruitServer();
	w = await makeWorld(srv);
	admin = w.admin;
	const base = { major_code: MAJOR.mechatronics, grad_year: 2026 };
	d2 = await registerStudent(srv, w.collegeA, { name: '高职生', profile: { ...base, degree: 2 } });
	d3 = await registerStudent(srv, w.collegeA, { name: '本科生', profile: { ...base, degree: 3 } });
	// Build the snapshot now, so that everything below is an edit of a live snapshot.
	await recommendations(d2.client, 100);
});
after(() => srv?.stop());

describe('minimum degree', () => {
	let pos;
	before(async () => {
		pos = await openPosition(w.hrA.client, { title: '本科管培生', min_degree: 3 });
	});

	it('min_degree 3 never appears for a degree-2 student; it does for a degree-3 one', async () => {
		assert.ok(!(await recs(d2)).includes(pos.id), 'recommended to a 高职专科 student');
		assert.ok((await recs(d3)).includes(pos.id), 'not recommended to a 本科 student');
	});

	it('/match/explain: eligible:false, veto degree_below_minimum (学历不符) with a reason naming both degrees', async () => {
		const e = await vetoed(d2, pos, ['degree_below_minimum']);
		assert.match(e.vetoes[0].key, /degree/);
		assert.equal(e.vetoes[0].label, '学历不符');
		assert.match(e.vetoes[0].reason, /本科/);
		assert.match(e.vetoes[0].reason, /高职专科/);
		// A vetoed pair's total is still what it would have scored.
		const ref = referenceScore((await admin.get(`students/${d2.id}`)).json.student, (await admin.get(`positions/${pos.id}`)).json.position, false);
		assert.equal(e.total, ref.total);
		assert.deepEqual(pointsOf(e), ref.points);
	});

	it('raising the student\'s degree to 3 makes it appear; back to 2, it goes', async () => {
		let r = await d2.client.post('students/me', { degree: 3 });
		assert.equal(r.status, 200, `${r}`);
		assert.ok((await recs(d2)).includes(pos.id));
		assert.equal((await explain(d2.client, { position_id: pos.id })).eligible, true);
		r = await d2.client.post('students/me', { degree: 2 });
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await recs(d2)).includes(pos.id));
	});
});

describe('majors', () => {
	let other;
	let either;
	let elec;
	before(async () => {
		other = await openPosition(w.hrA.client, { title: '电子信息类岗位', majors: ['5101'] });
		either = await openPosition(w.hrB.client, { title: '电子或自动化', majors: [MAJOR.electronics, MAJOR.automationClass] });
		elec = await registerStudent(srv, w.collegeB, { name: '电子生', profile: { major_code: MAJOR.electronics, grad_year: 2026, degree: 2 } });
	});

	it('a position restricted to another major class never appears; it does for a student of that class', async () => {
		assert.ok(!(await recs(d2)).includes(other.id));
		assert.ok((await recs(elec)).includes(other.id));
		const e = await vetoed(d2, other, ['major_not_accepted']);
		assert.equal(e.vetoes[0].label, '专业不符');
		assert.equal(pointsOf(e).major_fit, 0);
	});

	it('any listed code that covers the major is enough (510101 or 4603)', async () => {
		assert.ok((await recs(d2)).includes(either.id));
		assert.ok((await recs(elec)).includes(either.id));
		const a = await explain(d2.client, { position_id: either.id });
		assert.equal(pointsOf(a).major_fit, 1200, 'same class via 4603');
		const b = await explain(elec.client, { position_id: either.id });
		assert.equal(pointsOf(b).major_fit, 1800, 'same major via 510101');
	});

	it('a student without a major is not covered by any restricted position', async () => {
		const none = await registerStudent(srv, w.collegeB, { profile: { grad_year: 2026 } });
		const ids = await recs(none);
		assert.ok(!ids.includes(other.id) && !ids.includes(either.id));
		await vetoed(none, either, ['major_not_accepted']);
	});
});

describe('graduation-year window', () => {
	const P = {};
	before(async () => {
		P.window = await openPosition(w.hrA.client, { title: '2027-2028届', kind: '实习', grad_year_min: 2027, grad_year_max: 2028 });
		P.from = await openPosition(w.hrA.client, { title: '2026届起', grad_year_min: 2026 });
		P.until = await openPosition(w.hrA.client, { title: '2025届止', grad_year_max: 2025 });
	});

	it('2026 is outside 2027–2028 and after ≤2025; inside ≥2026', async () => {
		const ids = await recs(d2);
		assert.ok(!ids.includes(P.window.id), 'outside 2027–2028');
		assert.ok(!ids.includes(P.until.id), 'after ≤2025');
		assert.ok(ids.includes(P.from.id), 'inside ≥2026');
		const e = await vetoed(d2, P.window, ['graduation_year_outside_window']);
		assert.equal(e.vetoes[0].label, '毕业年份不符');
		await vetoed(d2, P.until, ['graduation_year_outside_window']);
	});

	it('both ends are inclusive and follow the student\'s edits (2027, 2028 in; 2029 out)', async () => {
		const y = await registerStudent(srv, w.collegeB, { profile: { major_code: MAJOR.accounting, grad_year: 2027 } });
		assert.ok((await recs(y)).includes(P.window.id), '2027');
		let r = await y.client.post('students/me', { grad_year: 2028 });
		assert.equal(r.status, 200, `${r}`);
		assert.ok((await recs(y)).includes(P.window.id), '2028');
		r = await y.client.post('students/me', { grad_year: 2029 });
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await recs(y)).includes(P.window.id), '2029');
		await vetoed(y, P.window, ['graduation_year_outside_window']);
	});

	it('an unknown graduation year fails any window', async () => {
		const u = await registerStudent(srv, w.collegeB, {});
		const ids = await recs(u);
		for (const k of ['window', 'from', 'until']) assert.ok(!ids.includes(P[k].id), `unknown year passes window ${k}`);
		await vetoed(u, P.from, ['graduation_year_outside_window']);
	});
});

describe('closed, full, not yet open', () => {
	it('HR closes a recommended position: gone on the next request; reopened: back', async () => {
		const pos = await openPosition(w.hrB.client, { title: '即将关闭的岗位', majors: [MAJOR.mechatronics] });
		assert.ok((await recs(d2)).includes(pos.id), 'recommended while open');
		let r = await w.hrB.client.post(`positions/${pos.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await recs(d2)).includes(pos.id), 'still recommended after closing');
		const e = await vetoed(d2, pos, ['position_closed']);
		assert.equal(e.vetoes[0].label, '岗位已关闭');
		r = await w.hrB.client.post(`positions/${pos.id}/reopen`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok((await recs(d2)).includes(pos.id), 'not recommended after reopening');
		// The operator may close too.
		r = await admin.post(`positions/${pos.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await recs(d2)).includes(pos.id), 'recommended after the operator closed it');
	});

	it('every applicable veto is listed, in the documented order', async () => {
		const pos = await openPosition(w.hrB.client, { title: '条件很多的岗位', majors: ['5101'], min_degree: 3, grad_year_min: 2030, grad_year_max: 2031 });
		const r = await w.hrB.client.post(`positions/${pos.id}/close`);
		assert.equal(r.status, 200, `${r}`);
		await vetoed(d2, pos, ['position_closed', 'major_not_accepted', 'degree_below_minimum', 'graduation_year_outside_window']);
	});

	it('full: an accepted offer fills a headcount of 1, and the position leaves everybody\'s list', async () => {
		const pos = await openPosition(w.hrA.client, { title: '只招一人', headcount: 1, majors: [MAJOR.automationClass] });
		const x = await registerStudent(srv, w.collegeA, { profile: { major_code: '460305', grad_year: 2026 } });
		assert.ok((await recs(d2)).includes(pos.id));
		let r = await x.client.post(`positions/${pos.id}/apply`);
		assert.equal(r.status, 201, `${r}`);
		const app = r.json.application;
		r = await w.hrA.client.post(`applications/${app.id}/status`, { status: 'offered' });
		assert.equal(r.status, 200, `${r}`);
		assert.ok((await recs(d2)).includes(pos.id), 'an offer alone does not fill the seat');
		r = await x.client.post(`applications/${app.id}/accept`);
		assert.equal(r.status, 200, `${r}`);
		assert.ok(!(await recs(d2)).includes(pos.id), 'a full position is still recommended');
		assert.ok(!(await recs(x)).includes(pos.id), 'a full position is still recommended to the one who filled it');
		const e = await vetoed(d2, pos, ['position_full']);
		assert.equal(e.vetoes[0].label, '岗位已招满');
		const ex = await vetoed(x, pos, ['position_full']);
		assert.equal(pointsOf(ex).interest, 700, 'the applicant\'s interest still shows');
	});

	it('a draft and a position pending review are not recommended; approved, it is', async () => {
		const draft = await createPosition(w.hrA.client, { title: '草稿', majors: [MAJOR.mechatronics] });
		const reg = { name: `新材料${uniq('')}有限公司`, credit_code: creditCode(), contact_name: '赵敏', login: uniq('hrp'), password: 'pending-pass-123' };
		let r = await srv.client().post('register/enterprise', reg);
		assert.equal(r.status, 201, `${r}`);
		const hp = await srv.login(reg.login, reg.password);
		const pend = await createPosition(hp, { title: '待审核岗位', majors: [MAJOR.mechatronics] });
		r = await hp.post(`positions/${pend.id}/submit`);
		assert.equal(r.status, 200, `${r}`);
		assert.equal(r.json.position.status, 'pending');
		let ids = await recs(d2);
		assert.ok(!ids.includes(draft.id) && !ids.includes(pend.id), `draft or pending recommended: ${ids}`);
		await vetoed(d2, draft, ['position_closed']);
		r = await admin.post(`positions/${pend.id}/approve`);
		assert.equal(r.status, 200, `${r}`);
		ids = await recs(d2);
		assert.ok(ids.includes(pend.id), 'approved position not recommended');
	});
});
