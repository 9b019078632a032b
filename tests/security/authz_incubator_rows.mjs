// The authorisation matrix's rows for the incubator (孵化器, issue 11): every route under
// /api/v1/incubator/. What they hold to (docs/incubator.md, "Who sees what"): a project,
// its reports, members, sessions, services and milestones are seen by the operator, the
// staff of its college (or of one of its members'), its mentors and its members, and by
// nobody else (404); members act on it, its leader alone manages members; college staff
// read but never act as members; bookings are shown in full to their booker's side and in
// public shape to others; activities belong to their organiser; places, the dashboard and
// settings are the operator's. The fixtures (fixtures_incubator.mjs) are projects of A1
// (college A) with A2 a member and the cast's mentor assigned.
import assert from 'node:assert/strict';
import { uniq } from '../api/harness.mjs';
import {
	PLAN,
	activity,
	activityBody,
	at,
	booking,
	incBase,
	mentorSlot,
	project,
	report,
	reportBody,
	room,
	roomBody,
	runningBooking,
	seat,
	seatBody,
	service,
	session,
	zoneBody,
} from './fixtures_incubator.mjs';
import { answered as ok } from './lib.mjs';

const EVERYONE = (v) => ({ operator: v, college: v, collegeX: v, hr: v, hrX: v, student: v, classmate: v, studentX: v, judge: v, mentor: v, officer: v });
/** INC_ALL routes: operator, college staff A and B, the mentor, the students. */
const INC = (op, col, colX, mentor, s, mate, sX) => ({ operator: op, college: col, collegeX: colX, mentor, student: s, classmate: mate, studentX: sX });
/** A project's object: everyone of its side sees it, college B and B1 do not. */
const PROJECT_OBJECT = INC(200, 200, 404, 200, 200, 200, 404);
const PROJECT_LIST = INC('sees', 'sees', 'blind', 'sees', 'sees', 'sees', 'blind');
/** OP | STUDENT writes into a project: its members may, B1 cannot see it. */
const MEMBERS = (op, s, mate) => ({ operator: op, student: s, classmate: mate, studentX: 404 });
const OP = (v) => ({ operator: v });
const ORGANISERS = (op, col, colX) => ({ operator: op, college: col, collegeX: colX });
/** A site of its own (the operator's). */
async function site(w) {
	return ok(await w.admin.post('incubator/sites', { kind: 'hq', name: `分部${uniq('')}`, area_m2: 800 }), 201, 'site').site;
}

/** Every incubator setting as GET answers it, as a body for POST. */
async function settingsBody(w) {
	const s = ok(await w.admin.get('incubator/settings'), 200, 'settings').settings;
	const keys = ['report_due_day', 'remind_days', 'mentor_per_projects', 'grad_rule', 'grad_min_revenue', 'grad_min_financing', 'grad_min_months', 'plan_max_bytes'];
	return Object.fromEntries(keys.map((k) => [k, s[k]]));
}

/** A resident project of A1 with its business plan uploaded. */
async function withPlan(w) {
	const p = await project(w);
	const r = await w.A1.client.request('POST', `incubator/projects/${p.id}/plan?filename=plan.pdf`, { body: PLAN, contentType: 'application/pdf' });
	assert.ok(r.status === 200 || r.status === 201, `plan: ${r}`);
	return p;
}

/** A report whose project is linked to enterprise A (its hiring needs may become positions). */
async function hireableReport(w) {
	const r = await report(w);
	ok(await w.admin.post(`incubator/projects/${r.project.id}`, { name: r.project.name, enterprise_id: w.entA.id }), 200, 'link the enterprise');
	return r;
}

export const INCUBATOR_ROWS = [
	// ---- places: everyone reads them; the operator keeps them ------------------------------
	{ route: 'GET /api/v1/incubator/sites', make: async (w) => ({ path: 'incubator/sites', marker: (await incBase(w)).hq.name }), expect: EVERYONE('sees') },
	{ route: 'POST /api/v1/incubator/sites', make: async () => ({ path: 'incubator/sites', body: () => ({ kind: 'hq', name: `分部${uniq('')}`, area_m2: 800 }) }), expect: OP(201) },
	{ route: 'POST /api/v1/incubator/sites/{id}', make: async (w) => ({ path: `incubator/sites/${(await site(w)).id}`, body: { kind: 'hq', name: `分部${uniq('')}`, area_m2: 900 } }), expect: OP(200) },
	{ route: 'GET /api/v1/incubator/zones', make: async (w) => ({ path: 'incubator/zones', marker: (await incBase(w)).zone.name }), expect: EVERYONE('sees') },
	{ route: 'POST /api/v1/incubator/zones', make: async (w) => ({ path: 'incubator/zones', body: zoneBody((await incBase(w)).hq) }), expect: OP(201) },
	{
		route: 'POST /api/v1/incubator/zones/{id}',
		make: async (w) => {
			const { hq } = await incBase(w);
			const z = ok(await w.admin.post('incubator/zones', zoneBody(hq)), 201, 'zone').zone;
			return { path: `incubator/zones/${z.id}`, body: zoneBody(hq) };
		},
		expect: OP(200),
	},
	{
		route: 'GET /api/v1/incubator/zones/{id}/plan',
		make: async (w) => ({ path: `incubator/zones/${(await incBase(w)).zone.id}/plan` }),
		expect: EVERYONE(200),
		variants: [
			{
				name: 'the project holding a seat',
				make: async (w) => {
					const s = await seat(w, true);
					return { path: `incubator/zones/${s.zone.id}/plan`, marker: s.project.name };
				},
				expect: { ...EVERYONE('blind'), operator: 'sees', college: 'sees', collegeX: 'sees' },
			},
		],
	},
	{ route: 'GET /api/v1/incubator/rooms', make: async (w) => ({ path: 'incubator/rooms?page_size=200', marker: (await room(w)).name }), expect: EVERYONE('sees') },
	{
		route: 'POST /api/v1/incubator/rooms',
		make: async (w) => {
			const { hq } = await incBase(w);
			const z = ok(await w.admin.post('incubator/zones', zoneBody(hq)), 201, 'zone').zone;
			return { path: 'incubator/rooms', body: roomBody(z) };
		},
		expect: OP(201),
	},
	{
		route: 'GET /api/v1/incubator/rooms/{id}',
		make: async (w) => ({ path: `incubator/rooms/${(await room(w)).id}` }),
		expect: EVERYONE(200),
		// The week's bookings: everyone sees the slot taken, only the booker's side its title.
		variants: [
			{
				name: "a booking's title in the room's week",
				make: async (w) => {
					const b = await booking(w);
					return { path: `incubator/rooms/${b.room.id}?from=${at(3, 0)}`, marker: b.title };
				},
				expect: { ...EVERYONE('blind'), operator: 'sees', student: 'sees', classmate: 'sees' },
			},
		],
	},
	{
		route: 'POST /api/v1/incubator/rooms/{id}',
		make: async (w) => {
			const r = await room(w);
			return { path: `incubator/rooms/${r.id}`, body: roomBody({ id: r.zone_id }, { name: `会议室${uniq('')}`, capacity: 20 }) };
		},
		expect: OP(200),
	},
	{ route: 'GET /api/v1/incubator/rooms/{id}/door-pass', make: async (w) => ({ path: `incubator/rooms/${(await room(w)).id}/door-pass` }), expect: OP(200) },
	{
		route: 'GET /api/v1/incubator/seats',
		make: async (w) => ({ path: 'incubator/seats?page_size=200', marker: (await seat(w)).seat.label }),
		expect: EVERYONE('sees'),
		// Which project holds a seat: the operator and college staff only, not even its members.
		variants: [
			{
				name: 'the project holding a seat',
				make: async (w) => {
					const s = await seat(w, true);
					return { path: `incubator/seats?zone_id=${s.zone.id}&page_size=200`, marker: s.project.name };
				},
				expect: { ...EVERYONE('blind'), operator: 'sees', college: 'sees', collegeX: 'sees' },
			},
		],
	},
	{ route: 'POST /api/v1/incubator/seats', make: async (w) => ({ path: 'incubator/seats', body: { ...seatBody((await seat(w)).zone), x: 40, y: 5 } }), expect: OP(201) },
	{
		route: 'POST /api/v1/incubator/seats/{id}',
		make: async (w) => {
			const s = await seat(w);
			return { path: `incubator/seats/${s.seat.id}`, body: { ...seatBody(s.zone), label: `B-${uniq('')}` } };
		},
		expect: OP(200),
	},
	{ route: 'POST /api/v1/incubator/seats/{id}/assign', make: async (w) => ({ path: `incubator/seats/${(await seat(w)).seat.id}/assign`, body: { project_id: (await incBase(w)).P.id } }), expect: OP(201) },
	{ route: 'POST /api/v1/incubator/assignments/{id}/release', make: async (w) => ({ path: `incubator/assignments/${(await seat(w, true)).assignment.id}/release` }), expect: OP(200) },
	{ route: 'GET /api/v1/incubator/occupancy', make: async () => ({ path: 'incubator/occupancy' }), expect: { operator: 200, college: 200, collegeX: 200, officer: 200 } },

	// ---- bookings: the booker's side in full, others the public shape ----------------------
	{ route: 'GET /api/v1/incubator/bookings', make: async (w) => ({ path: 'incubator/bookings?page_size=200', marker: (await booking(w)).title }), expect: INC('sees', 'blind', 'blind', 'blind', 'sees', 'sees', 'blind') },
	{
		route: 'POST /api/v1/incubator/bookings',
		make: async (w) => {
			const p = await project(w);
			const r = await room(w);
			// Students book for a project: B1 names A1's project.
			return { path: 'incubator/bookings', body: (a) => ({ room_id: r.id, title: '技术对接会', start: at(3, 10), end: at(3, 11), ...(['student', 'classmate', 'studentX'].includes(a) ? { project_id: p.id } : {}) }) };
		},
		expect: INC(201, 201, 201, 201, 201, 201, [404, 'not_found']),
	},
	{
		route: 'POST /api/v1/incubator/bookings/series',
		make: async (w) => {
			const p = await project(w);
			const r = await room(w);
			return { path: 'incubator/bookings/series', body: (a) => ({ room_id: r.id, title: '创业沙龙', start: at(2, 15), end: at(2, 16), until: at(9, 23), ...(['student', 'classmate', 'studentX'].includes(a) ? { project_id: p.id } : {}) }) };
		},
		expect: INC(201, 201, 201, 201, 201, 201, [404, 'not_found']),
	},
	{
		route: 'GET /api/v1/incubator/bookings/{id}',
		make: async (w) => {
			const b = await booking(w);
			return { path: `incubator/bookings/${b.id}`, marker: b.title };
		},
		// Everyone may look a booking up; its title is for the booker's side only.
		expect: INC('sees', 'blind', 'blind', 'blind', 'sees', 'sees', 'blind'),
	},
	// A held slot is the booker's alone to confirm (not even the operator's or a fellow member's).
	{ route: 'POST /api/v1/incubator/bookings/{id}/confirm', make: async (w) => ({ path: `incubator/bookings/${(await booking(w, { hold: true })).id}/confirm`, body: { title: '技术对接会' } }), expect: INC(403, 403, 403, 403, 200, 403, 403) },
	{ route: 'POST /api/v1/incubator/bookings/{id}/cancel', make: async (w) => ({ path: `incubator/bookings/${(await booking(w)).id}/cancel` }), expect: INC(200, 403, 403, 403, 200, 200, 403) },
	{ route: 'POST /api/v1/incubator/bookings/{id}/no-show', make: async (w) => ({ path: `incubator/bookings/${(await booking(w)).id}/no-show` }), expect: ORGANISERS([422, 'not_started', 'status'], 403, 403) },
	{ route: 'POST /api/v1/incubator/checkin', make: async (w) => ({ path: 'incubator/checkin', body: { pass: (await runningBooking(w)).pass } }), expect: INC(404, 404, 404, 404, 200, 200, 404) },

	// ---- resident projects ------------------------------------------------------------------
	{ route: 'GET /api/v1/incubator/projects', make: async (w) => ({ path: 'incubator/projects?page_size=200', marker: (await project(w)).name }), expect: PROJECT_LIST },
	{ route: 'POST /api/v1/incubator/projects', make: async (w) => {
			const { hq } = await incBase(w);
			return { path: 'incubator/projects', body: () => ({ name: `非遗文创工作室${uniq('')}`, source: 'team', summary: '非遗技艺文创开发', site_id: hq.id }) };
		}, expect: { student: 201, classmate: 201, studentX: 201 } },
	{
		route: 'GET /api/v1/incubator/projects/{id}',
		make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}` }),
		expect: PROJECT_OBJECT,
		variants: [
			{ name: 'an application (no mentor, A2 not a member yet)', make: async (w) => ({ path: `incubator/projects/${(await project(w, 'applied')).id}` }), expect: { mentor: 404, classmate: 404, college: 200 } },
			{
				// College staff also see the projects one of their students joined.
				name: 'with B1 as a member',
				make: async (w) => {
					const p = await project(w);
					ok(await w.A1.client.post(`incubator/projects/${p.id}/members`, { login: w.who.studentX.login, name: w.B1.name }), 201, 'B1 joins');
					return { path: `incubator/projects/${p.id}` };
				},
				expect: { collegeX: 200, studentX: 200 },
			},
		],
	},
	// Any member edits the description; the leader alone manages members.
	{
		route: 'POST /api/v1/incubator/projects/{id}',
		make: async (w) => {
			const p = await project(w);
			return { path: `incubator/projects/${p.id}`, body: { name: `${p.name}二期`, summary: '扩大到果园监测' } };
		},
		expect: MEMBERS(200, 200, 200),
	},
	{ route: 'POST /api/v1/incubator/projects/{id}/withdraw', make: async (w) => ({ path: `incubator/projects/${(await project(w, 'applied')).id}/withdraw` }), expect: { student: 200, classmate: 404, studentX: 404 } },
	{
		route: 'POST /api/v1/incubator/projects/{id}/review',
		make: async (w) => ({ path: `incubator/projects/${(await project(w, 'applied')).id}/review`, body: { decision: 'approve', agreement_start: at(0, 0), agreement_end: at(365, 0) } }),
		expect: OP(200),
	},
	{ route: 'POST /api/v1/incubator/projects/{id}/leave', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/leave`, body: { kind: 'exited', reason: '团队成员毕业后各自就业，项目终止' } }), expect: OP(200) },
	{ route: 'GET /api/v1/incubator/projects/{id}/graduation', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/graduation` }), expect: { operator: 200, mentor: 200, student: 200, classmate: 200, studentX: 404 } },
	{ route: 'POST /api/v1/incubator/projects/{id}/members', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/members`, body: { login: w.who.studentX.login, name: w.B1.name } }), expect: MEMBERS(201, 201, 403) },
	// A member may leave by themselves: A2 removing A2 is leaving.
	{ route: 'POST /api/v1/incubator/projects/{id}/members/remove', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/members/remove`, body: { account_id: w.who.classmate.id } }), expect: MEMBERS(200, 200, 200) },
	{ route: 'POST /api/v1/incubator/projects/{id}/plan', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/plan?filename=plan.pdf`, body: { pdf: PLAN } }), expect: { student: 200, classmate: 200, studentX: 404 } },
	// The business plan: the project and its mentors, the operator; college staff never (403).
	{ route: 'GET /api/v1/incubator/projects/{id}/plan', make: async (w) => ({ path: `incubator/projects/${(await withPlan(w)).id}/plan` }), expect: { operator: 200, mentor: 200, student: 200, classmate: 200, studentX: 404 } },
	{ route: 'POST /api/v1/incubator/projects/{id}/mentors', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/mentors`, body: { mentor_id: w.who.mentor.id, remove: true } }), expect: OP(200) },
	{ route: 'POST /api/v1/incubator/projects/{id}/milestones', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/milestones`, body: { title: '完成首轮用户测试', due: at(30, 0) } }), expect: MEMBERS(201, 201, 201) },
	{ route: 'POST /api/v1/incubator/projects/{id}/reports', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/reports`, body: reportBody }), expect: MEMBERS(201, 201, 201) },
	{ route: 'POST /api/v1/incubator/projects/{id}/services', make: async (w) => ({ path: `incubator/projects/${(await project(w)).id}/services`, body: { kind: 'technology', title: '对接学院实验室' } }), expect: { student: 201, classmate: 201, studentX: 404 } },

	// ---- reports, sessions, services of a project ------------------------------------------------
	{ route: 'GET /api/v1/incubator/reports', make: async (w) => ({ path: 'incubator/reports?page_size=200', marker: (await report(w)).awards }), expect: PROJECT_LIST },
	{ route: 'GET /api/v1/incubator/reports/{id}', make: async (w) => ({ path: `incubator/reports/${(await report(w)).id}` }), expect: PROJECT_OBJECT },
	{ route: 'POST /api/v1/incubator/reports/{id}/hire', make: async (w) => ({ path: `incubator/reports/${(await hireableReport(w)).id}/hire`, body: { need_index: 0 } }), expect: MEMBERS(201, 201, 201) },
	{ route: 'GET /api/v1/incubator/reminders', make: async () => ({ path: 'incubator/reminders' }), expect: INC(200, 200, 200, 200, 200, 200, 200) },
	{ route: 'GET /api/v1/incubator/mentors', make: async () => ({ path: 'incubator/mentors' }), expect: { operator: 200, college: 200, collegeX: 200, mentor: 200 } },
	{ route: 'GET /api/v1/incubator/sessions', make: async (w) => ({ path: 'incubator/sessions?page_size=200', marker: (await session(w)).topic }), expect: PROJECT_LIST },
	{
		route: 'POST /api/v1/incubator/sessions',
		make: async (w) => {
			const p = await project(w);
			return { path: 'incubator/sessions', body: () => ({ project_id: p.id, mentor_id: w.who.mentor.id, ...mentorSlot(), topic: '融资路演辅导' }) };
		},
		expect: { mentor: 201, student: 201, classmate: 201, studentX: 404 },
	},
	{ route: 'POST /api/v1/incubator/sessions/{id}/log', make: async (w) => ({ path: `incubator/sessions/${(await session(w)).id}/log`, body: { status: 'done', outcome: '梳理了融资计划书，明确估值区间' } }), expect: { operator: 200, mentor: 200 } },
	{ route: 'POST /api/v1/incubator/sessions/{id}/rate', make: async (w) => ({ path: `incubator/sessions/${(await session(w, true)).id}/rate`, body: { rating: 5, comment: '很有帮助' } }), expect: { student: 200, classmate: 200, studentX: 404 } },
	{ route: 'GET /api/v1/incubator/services', make: async (w) => ({ path: 'incubator/services?page_size=200', marker: (await service(w)).title }), expect: PROJECT_LIST },
	{ route: 'POST /api/v1/incubator/services/{id}/assign', make: async (w) => ({ path: `incubator/services/${(await service(w)).id}/assign`, body: { assignee_id: w.who.mentor.id } }), expect: OP(200) },
	{ route: 'POST /api/v1/incubator/services/{id}/done', make: async (w) => ({ path: `incubator/services/${(await service(w, 'assigned')).id}/done`, body: { result: '已安排与两家投资机构见面' } }), expect: { operator: 200, mentor: 200 } },
	{ route: 'POST /api/v1/incubator/services/{id}/cancel', make: async (w) => ({ path: `incubator/services/${(await service(w)).id}/cancel` }), expect: MEMBERS(200, 200, 200) },
	{ route: 'POST /api/v1/incubator/services/{id}/rate', make: async (w) => ({ path: `incubator/services/${(await service(w, 'done')).id}/rate`, body: { rating: 4 } }), expect: { student: 200, classmate: 200, studentX: 404 } },

	// ---- activities: everyone joins; their organiser runs them --------------------------------
	{ route: 'GET /api/v1/incubator/activities', make: async (w) => ({ path: 'incubator/activities?page_size=200', marker: (await activity(w)).title }), expect: EVERYONE('sees') },
	{
		route: 'POST /api/v1/incubator/activities',
		make: async (w) => ({ path: 'incubator/activities', body: await activityBody(w) }),
		// College staff organise at their own college's base only.
		expect: ORGANISERS(201, 201, [403, 'forbidden', 'site_id']),
	},
	{ route: 'GET /api/v1/incubator/activities/{id}', make: async (w) => ({ path: `incubator/activities/${(await activity(w)).id}` }), expect: EVERYONE(200) },
	{ route: 'POST /api/v1/incubator/activities/{id}', make: async (w) => ({ path: `incubator/activities/${(await activity(w)).id}`, body: await activityBody(w, { title: `创业沙龙（改期）${uniq('')}` }) }), expect: ORGANISERS(200, 200, 403) },
	{ route: 'POST /api/v1/incubator/activities/{id}/status', make: async (w) => ({ path: `incubator/activities/${(await activity(w)).id}/status`, body: { to: 'cancelled' } }), expect: ORGANISERS(200, 200, 403) },
	{ route: 'POST /api/v1/incubator/activities/{id}/register', make: async (w) => ({ path: `incubator/activities/${(await activity(w)).id}/register` }), expect: EVERYONE(201) },
	{ route: 'POST /api/v1/incubator/activities/{id}/unregister', share: true, make: async (w) => ({ path: `incubator/activities/${(await activity(w, 'soon')).id}/unregister` }), expect: EVERYONE(200) },
	{ route: 'GET /api/v1/incubator/activities/{id}/pass', make: async (w) => ({ path: `incubator/activities/${(await activity(w, 'soon')).id}/pass` }), expect: EVERYONE(200) },
	{
		route: 'POST /api/v1/incubator/activities/{id}/checkin',
		make: async (w) => {
			const a = await activity(w, 'soon');
			const regs = ok(await w.as.college.get(`incubator/activities/${a.id}/registrations`), 200, 'registrations').items;
			return { path: `incubator/activities/${a.id}/checkin`, body: { registration_id: regs.find((r) => r.account_id === w.who.student.id).id } };
		},
		expect: ORGANISERS(200, 200, 403),
	},
	{ route: 'POST /api/v1/incubator/activities/{id}/feedback', share: true, make: async (w) => ({ path: `incubator/activities/${(await activity(w, 'attended')).id}/feedback`, body: { rating: 5, feedback: '收获很大' } }), expect: EVERYONE(200) },
	{ route: 'GET /api/v1/incubator/activities/{id}/registrations', make: async (w) => ({ path: `incubator/activities/${(await activity(w, 'soon')).id}/registrations` }), expect: ORGANISERS(200, 200, 403) },

	// ---- the operator's dashboard, settings, exports ------------------------------------------
	{ route: 'GET /api/v1/incubator/dashboard', make: async () => ({ path: 'incubator/dashboard' }), expect: { operator: 200, officer: 200 } },
	{ route: 'GET /api/v1/incubator/settings', make: async () => ({ path: 'incubator/settings' }), expect: OP(200) },
	{ route: 'POST /api/v1/incubator/settings', make: async (w) => ({ path: 'incubator/settings', body: await settingsBody(w) }), expect: OP(200) },
	{
		route: 'GET /api/v1/incubator/export/{name}',
		make: async (w) => ({ path: 'incubator/export/projects', marker: (await project(w)).name }),
		expect: { ...PROJECT_LIST, officer: 'blind' },
	},
];
