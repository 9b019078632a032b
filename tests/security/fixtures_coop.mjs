// Fixture builders of the cooperation and internship rows of the authorisation matrix
// (authz_coop_rows.mjs), owned by the A side of the cast (lib.mjs makeCast): enterprise A
// (`hr`) and college A (`college`) are the two parties of every visit, agreement and order
// class; `student` (A1) interns at enterprise A on its post with `college` as instructor
// and `hr` as mentor (带教师傅); `classmate` (A2) is of the same college and has no
// placement. Enterprise B and college B (`hrX`, `collegeX`) and `studentX` are the
// foreign organisation: they join meetings too, but are parties to none of A's objects.
// Every step goes through the API as its owner would, and asserts it.
import assert from 'node:assert/strict';
import { makeEnterprise, uniq } from '../api/harness.mjs';
import { addDays, day, idBornOn, monday, nowSec, pdf, png, student, yearsBefore } from '../api/coop_lib.mjs';
import { answered as ok, oncePerCast } from './lib.mjs';

export { pdf, png, day, monday };

/**
 * What every coop row stands on, made once per cast: the staff of enterprises A and B
 * declared, an open internship post of each (100 staff, probation wage 5000, majors of
 * class 4603), A1's ID number (the age rule reads it) and A1's placement at enterprise A,
 * started 20 days ago. Returns {post, postB, placement}.
 */
export const coopBase = oncePerCast(makeBase);

async function makeBase(w) {
	for (const hr of [w.hrA, w.hrB]) ok(await hr.client.post('internships/staff', { staff_total: 500 }), 200, 'staff');
	const post = ok(await w.hrA.client.post('internships/posts', postBody()), 201, 'post A').post;
	const postB = ok(await w.hrB.client.post('internships/posts', postBody()), 201, 'post B').post;
	ok(await w.A1.client.post('students/me', { id_number: idBornOn(yearsBefore(day(), 20)) }), 200, 'A1 ID number');
	const base = { post, postB };
	base.placement = await startPlacement(w, base, w.A1, { starts_on: day(-20), ends_on: day(100), agreement_signed_on: day(-25) });
	return base;
}

/** An HR's post body (title unique). */
export function postBody(over = {}) {
	return { title: `装配技术员${uniq('')}`, city_code: '441800', staff: 100, probation_wage: 5000, majors: ['4603'], ...over };
}

/** A placement body on enterprise A's post for stu (passing every rule). */
export function placementBody(w, base, stu, over = {}) {
	return {
		student_id: stu.id,
		post_id: base.post.id,
		starts_on: day(1),
		ends_on: addDays(day(1), 120),
		monthly_pay: 4000,
		instructor_id: w.who.college.id,
		mentor_id: w.who.hr.id,
		agreement_signed_on: day(0),
		...over,
	};
}

/** A student of college A with an ID number (a throwaway placed by the write rows). */
export const collegeAStudent = (w) => student(w.srv, w.collegeA, { name: `实习生${uniq('')}` });

/** A draft placement of stu (default: a fresh student of college A) at enterprise A. */
export async function draftPlacement(w, stu, over = {}) {
	const base = await coopBase(w);
	const s = stu || (await collegeAStudent(w));
	return ok(await w.staffA.client.post('internships', placementBody(w, base, s, over)), 201, 'placement').internship;
}

/** A started placement of stu at enterprise A (asserts every rule passed). */
export async function startPlacement(w, base, stu, over = {}) {
	const p = ok(await w.staffA.client.post('internships', placementBody(w, base, stu, over)), 201, 'placement').internship;
	const r = ok(await w.staffA.client.post(`internships/${p.id}/start`), 200, 'start');
	assert.equal(r.started, true, `start: ${JSON.stringify(r.violations)}`);
	return r.internship;
}

/** A started placement of a fresh student of college A. */
export async function activePlacement(w) {
	return startPlacement(w, await coopBase(w), await collegeAStudent(w), { starts_on: day(-20), ends_on: day(100), agreement_signed_on: day(-25) });
}

// ---------------------------------------------------------------------------------------
// Needs and offers, visits

/** A need (人才需求) of enterprise A, open or closed. */
export async function needA(w, { closed = false } = {}) {
	const l = ok(await w.hrA.client.post('coop/listings', { kind: 'talent', title: `招聘机电一体化技术员${uniq('')}`, majors: ['460301'], city_code: '441800', quantity: 10 }), 201, 'need').listing;
	if (closed) ok(await w.hrA.client.post(`coop/listings/${l.id}/close`), 200, 'close need');
	return l;
}

/** A visit body between enterprise A and college A starting `inSec` from now, for two hours. */
export function visitBody(w, inSec = 600, over = {}) {
	const t = nowSec() + inSec;
	return {
		direction: 'to_college',
		enterprise_id: w.entA.id,
		college_id: w.collegeA.id,
		title: `企业高管进校园${uniq('')}`,
		purpose: '介绍岗位需求，商谈共建实训基地',
		place: '清远职业技术学院 行政楼 3 楼会议室',
		starts_at: t,
		ends_at: t + 7200,
		capacity: 30,
		people: [{ side: 'enterprise', name: '王总', title: '总经理' }],
		...over,
	};
}

/**
 * A visit of enterprise A to college A, planned by hr, in a stage: planned (starts in ten
 * minutes: check-in is open), started (started an hour ago), done (minutes recorded),
 * followup (done, with a follow-up owned by enterprise A), photo (done, with a photo).
 * Returns the visit, with followup (its id) and photo (its file id) where made.
 */
export async function visitA(w, stage = 'planned') {
	const v = ok(await w.hrA.client.post('coop/visits', visitBody(w, stage === 'planned' ? 600 : -3600)), 201, 'visit').visit;
	if (stage === 'planned' || stage === 'started') return v;
	const minutes = `纪要${uniq('')}：双方就实训基地共建达成初步意向，企业提供设备，学院提供场地。`;
	ok(await w.hrA.client.post(`coop/visits/${v.id}/minutes`, { minutes }), 200, 'minutes');
	v.minutes = minutes;
	if (stage === 'followup') {
		const r = ok(await w.staffA.client.post(`coop/visits/${v.id}/followups`, { title: '提交实训基地共建方案', owner_org_id: w.entA.id, owner_name: '王经理', due_on: day(14) }), 201, 'follow-up');
		v.followup = r.visit.followups[0].id;
	}
	if (stage === 'photo') {
		const r = ok(await w.hrA.client.request('POST', `coop/visits/${v.id}/photos`, { body: png(), contentType: 'image/png' }), 201, 'photo');
		v.photo = r.visit.photos[0].id;
	}
	return v;
}

// ---------------------------------------------------------------------------------------
// Matching meetings (供需对接会)

/** A meeting body (name unique), tomorrow. */
export function meetingBody(over = {}) {
	const t = nowSec() + 86400;
	return { name: `校企人才供需对接会${uniq('')}`, venue: '清远市人才服务中心 一楼大厅', starts_at: t, ends_at: t + 3 * 3600, slot_minutes: 30, ...over };
}

/**
 * A meeting in a stage: draft, open, joined (colleges A and B and enterprises A and B
 * joined), wished (A wishes to meet college A and college A enterprise A; B and college B
 * each other), scheduled (talks planned), closed (the day has come).
 */
export async function meeting(w, stage = 'draft') {
	const m = ok(await w.admin.post('coop/meetings', meetingBody()), 201, 'meeting').meeting;
	const to = async (s) => ok(await w.admin.post(`coop/meetings/${m.id}/status`, { to: s }), 200, `meeting → ${s}`);
	const order = ['draft', 'open', 'joined', 'wished', 'scheduled', 'closed'];
	const at = (s) => order.indexOf(stage) >= order.indexOf(s);
	if (!at('open')) return m;
	await to('open');
	if (!at('joined')) return m;
	for (const c of [w.hrA, w.staffA, w.hrB, w.staffB]) ok(await c.client.post(`coop/meetings/${m.id}/join`, {}), 200, 'join');
	if (!at('wished')) return m;
	for (const [c, org] of [[w.hrA, w.collegeA], [w.staffA, w.entA], [w.hrB, w.collegeB], [w.staffB, w.entB]]) {
		ok(await c.client.post(`coop/meetings/${m.id}/wishes`, { wishes: [{ org_id: org.id, priority: 1, note: '重点洽谈订单班合作' }] }), 200, 'wishes');
	}
	if (!at('scheduled')) return m;
	ok(await w.admin.post(`coop/meetings/${m.id}/schedule`), 200, 'schedule');
	const talks = ok(await w.admin.get(`coop/meetings/${m.id}/talks`), 200, 'talks').items;
	m.talk = talks.find((t) => t.enterprise_id === w.entA.id && t.college_id === w.collegeA.id);
	assert.ok(m.talk, `a talk of enterprise A and college A: ${JSON.stringify(talks)}`);
	if (!at('closed')) return m;
	await to('closed');
	return m;
}

// ---------------------------------------------------------------------------------------
// Agreements, order classes

/** An agreement body between enterprise A and college A (title unique). */
export function agreementBody(w, over = {}) {
	return {
		kind: 'base',
		title: `清远智能制造校企合作基地${uniq('')}`,
		enterprise_id: w.entA.id,
		college_id: w.collegeA.id,
		starts_on: day(-30),
		ends_on: day(700),
		summary: '共建实训基地，企业提供设备，学院提供场地',
		obligations: [{ party: 'enterprise', text: '提供自动化实训设备' }, { party: 'college', text: '每年安排 40 名学生到基地岗位实习' }],
		...over,
	};
}

/**
 * An agreement of enterprise A and college A drafted by college A, in a stage: draft,
 * scanned (the signed scan attached), active (signed, in its term), milestone (active, with
 * a milestone owned by college A). over: body fields (ends_on for one about to expire).
 */
export async function agreementA(w, stage = 'draft', over = {}) {
	const c = w.staffA.client;
	const a = ok(await c.post('coop/agreements', agreementBody(w, over)), 201, 'agreement').agreement;
	if (stage === 'draft') return a;
	const s = ok(await c.request('POST', `coop/agreements/${a.id}/scan`, { body: pdf(), contentType: 'application/pdf' }), 200, 'scan').agreement;
	a.scan_file_id = s.scan_file_id;
	if (stage === 'scanned') return a;
	ok(await c.post(`coop/agreements/${a.id}/sign`, { signed_on: day(0) }), 200, 'sign');
	if (stage === 'active') return a;
	const m = ok(await c.post(`coop/agreements/${a.id}/milestones`, { title: '完成首批设备安装', due_on: day(30), owner_org_id: w.collegeA.id }), 201, 'milestone').agreement;
	a.milestone = m.milestones[0].id;
	return a;
}

/** An order class of enterprise A and college A (major class 4603, cohort 2026); with students: a fresh student of college A in it. */
export async function orderClassA(w, { students = false } = {}) {
	const k = ok(await w.staffA.client.post('coop/order-classes', orderClassBody(w)), 201, 'order class').order_class;
	if (students) {
		k.student = await collegeAStudent(w);
		ok(await w.staffA.client.post(`coop/order-classes/${k.id}/students`, { student_ids: [k.student.id] }), 200, 'add student');
	}
	return k;
}

export function orderClassBody(w, over = {}) {
	return { name: `格力机电订单班${uniq('')}`, major_code: '4603', enterprise_id: w.entA.id, college_id: w.collegeA.id, cohort: 2026, size: 30, positions_reserved: 20, subsidy_yuan: 3000, ...over };
}

/** A fresh approved enterprise (for the operator to add to a meeting). */
export const anotherEnterprise = (w) => makeEnterprise(w.admin, { name: `清远精密制造${uniq('')}有限公司` });
