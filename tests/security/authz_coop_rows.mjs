// The authorisation matrix's rows for school–enterprise cooperation (校企合作) and
// internships (岗位实习): every route under /api/v1/coop/ and /api/v1/internships. The
// fixtures (fixtures_coop.mjs) belong to enterprise A and college A; what the rows hold to
// (docs/cooperation.md, "Who sees what"): an enterprise never sees another's visits,
// agreements, classes or interns; a college only what it is a party to and its own
// students; a student their college's visits and their own placement; needs and offers
// are the public part. Not visible: 404; visible but not yours to change: 403.
import { uniq } from '../api/harness.mjs';
import {
	activePlacement,
	agreementA,
	agreementBody,
	anotherEnterprise,
	coopBase,
	day,
	draftPlacement,
	meeting,
	meetingBody,
	monday,
	needA,
	orderClassA,
	orderClassBody,
	collegeAStudent,
	pdf,
	placementBody,
	png,
	postBody,
	visitA,
	visitBody,
} from './fixtures_coop.mjs';

const STAFF = (op, col, colX, hr, hrX) => ({ operator: op, college: col, collegeX: colX, hr, hrX });
const PARTIES = (col, colX, hr, hrX) => ({ college: col, collegeX: colX, hr, hrX });
const STUDENTS = (s, mate, x) => ({ student: s, classmate: mate, studentX: x });
const ANYONE = (v) => ({ ...STAFF(v, v, v, v, v), ...STUDENTS(v, v, v), judge: v, mentor: v, officer: v });
/** The A side may, the B side cannot see it (the usual answer for a party's object). */
const A_SIDE = (ok, op = ok) => STAFF(op, ok, 404, ok, 404);
const A_LIST = STAFF('sees', 'sees', 'blind', 'sees', 'blind');

const file = (buf, type) => (type === 'application/pdf' ? { pdf: buf } : { image: buf, type });
const isHr = (a) => a === 'hr' || a === 'hrX';

/** A placement of a fresh student of college A whose start was refused (no agreement signed). */
async function refusedPlacement(w) {
	const p = await draftPlacement(w, null, { agreement_signed_on: undefined });
	const r = await w.staffA.client.post(`internships/${p.id}/start`);
	if (r.status !== 200 || r.json.started !== false) throw new Error(`a refused start: ${r}`);
	return r.json.internship;
}

/** Registers every cast member who may on a planned visit (for the check-in row). */
async function registered(w) {
	const v = await visitA(w, 'planned');
	for (const c of [w.staffA.client, w.hrA.client, w.A1.client, w.A2.client]) {
		const r = await c.post(`coop/visits/${v.id}/register`);
		if (r.status !== 200) throw new Error(`register: ${r}`);
	}
	const full = (await w.admin.get(`coop/visits/${v.id}`)).json.visit;
	v.guest = full.people.find((p) => p.name === '王总').id;
	return v;
}

/** A weekly log of A1 on their placement, waiting for the mentor. */
async function waitingLog(w, weeksIn) {
	const { placement } = await coopBase(w);
	const body = logBody(weeksIn);
	const r = await w.A1.client.post(`internships/${placement.id}/logs`, body);
	if (r.status !== 200) throw new Error(`log: ${r}`);
	return { placement, log: r.json.internship.logs.find((l) => l.week_start === body.week_start).id };
}

const logBody = (weeksIn) => ({ week_start: addWeeks(monday(day(-20)), weeksIn), done: '跟随师傅完成装配线设备点检，学习 PLC 程序备份。', learned: '掌握了点检表的填写和常见故障的判断。', days_present: 5 });
const addWeeks = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 7 * 86400000).toISOString().slice(0, 10);

/** An open incident on A1's placement. */
async function openIncident(w) {
	const { placement } = await coopBase(w);
	const r = await w.A1.client.post(`internships/${placement.id}/incidents`, incidentBody());
	if (r.status !== 201) throw new Error(`incident: ${r}`);
	const open = r.json.internship.incidents.filter((i) => i.status === 'open');
	return { placement, incident: open[open.length - 1].id };
}

const incidentBody = () => ({ kind: 'safety', occurred_on: day(-1), description: `车间地面油污未及时清理${uniq('')}`, followup: '安排安全培训并清理现场', followup_due: day(7) });

export const COOP_ROWS = [
	// Approved enterprises are every party's possible partner: staff of any organisation finds them.
	{
		route: 'GET /api/v1/coop/enterprises',
		make: async (w) => ({ path: `coop/enterprises?q=${encodeURIComponent(w.entA.name)}`, marker: w.entA.name }),
		expect: STAFF('sees', 'sees', 'sees', 'sees', 'sees'),
	},
	// ---- needs and offers: open ones are every party's to read; closed ones the owner's ----
	{
		route: 'GET /api/v1/coop/listings',
		make: async (w) => ({ path: 'coop/listings?status=all&page_size=200', marker: (await needA(w, { closed: true })).title }),
		expect: STAFF('sees', 'blind', 'blind', 'sees', 'blind'),
		variants: [{ name: 'an open need', make: async (w) => ({ path: 'coop/listings?page_size=200', marker: (await needA(w)).title }), expect: STAFF('sees', 'sees', 'sees', 'sees', 'sees') }],
	},
	{
		route: 'POST /api/v1/coop/listings',
		make: async () => ({ path: 'coop/listings', body: (a) => ({ kind: isHr(a) ? 'talent' : 'graduates', title: `机电一体化专业${uniq('')}`, majors: ['460301'], quantity: 20 }) }),
		expect: PARTIES(201, 201, 201, 201),
		share: true,
	},
	{
		route: 'GET /api/v1/coop/listings/{id}',
		make: async (w) => ({ path: `coop/listings/${(await needA(w, { closed: true })).id}` }),
		expect: STAFF(200, 404, 404, 200, 404),
		variants: [{ name: 'an open need', make: async (w) => ({ path: `coop/listings/${(await needA(w)).id}` }), expect: STAFF(200, 200, 200, 200, 200) }],
	},
	{
		route: 'POST /api/v1/coop/listings/{id}',
		make: async (w) => ({ path: `coop/listings/${(await needA(w)).id}`, body: { kind: 'talent', title: '篡改的需求标题', quantity: 99 } }),
		expect: PARTIES(403, 403, 200, 403),
		variants: [{ name: 'a closed need', make: async (w) => ({ path: `coop/listings/${(await needA(w, { closed: true })).id}`, body: { kind: 'talent', title: '篡改的需求标题' } }), expect: PARTIES(404, 404, 200, 404) }],
	},
	{ route: 'POST /api/v1/coop/listings/{id}/close', make: async (w) => ({ path: `coop/listings/${(await needA(w)).id}/close` }), expect: STAFF(200, 403, 403, 200, 403) },
	{ route: 'POST /api/v1/coop/listings/{id}/reopen', make: async (w) => ({ path: `coop/listings/${(await needA(w, { closed: true })).id}/reopen` }), expect: PARTIES(404, 404, 200, 404) },
	{
		route: 'GET /api/v1/coop/listings/{id}/counterparts',
		make: async (w) => ({ path: `coop/listings/${(await needA(w)).id}/counterparts` }),
		expect: STAFF(200, 200, 200, 200, 200),
		variants: [{ name: 'a closed need', make: async (w) => ({ path: `coop/listings/${(await needA(w, { closed: true })).id}/counterparts` }), expect: STAFF(200, 404, 404, 200, 404) }],
	},

	// ---- 双走进 visits: the two parties; the college's students see and register ----------
	{
		route: 'GET /api/v1/coop/visits',
		make: async (w) => ({ path: `coop/visits?from=${Math.floor(Date.now() / 1000) - 86400}&to=${Math.floor(Date.now() / 1000) + 86400}`, marker: (await visitA(w)).title }),
		expect: { ...A_LIST, ...STUDENTS('sees', 'sees', 'blind') },
		variants: [
			{
				name: "filtered by the other side's organisation",
				make: async (w) => ({ path: `coop/visits?org_id=${w.entA.id}&from=${Math.floor(Date.now() / 1000) - 86400}&to=${Math.floor(Date.now() / 1000) + 86400}`, marker: (await visitA(w)).title }),
				expect: { college: 'sees', collegeX: 'blind', hrX: 'blind', studentX: 'blind' },
			},
		],
	},
	{ route: 'POST /api/v1/coop/visits', make: async (w) => ({ path: 'coop/visits', body: () => visitBody(w) }), expect: STAFF(201, 201, 403, 201, 403) },
	{
		route: 'GET /api/v1/coop/visits/{id}',
		make: async (w) => ({ path: `coop/visits/${(await visitA(w)).id}` }),
		expect: { ...A_SIDE(200), ...STUDENTS(200, 200, 404) },
		// The minutes are the parties': a student reads when and where, not what was said.
		variants: [{ name: 'the minutes of a done visit', make: async (w) => { const v = await visitA(w, 'done'); return { path: `coop/visits/${v.id}`, marker: v.minutes }; }, expect: { operator: 'sees', college: 'sees', hr: 'sees', ...STUDENTS('blind', 'blind', 404) } }],
	},
	{ route: 'POST /api/v1/coop/visits/{id}', make: async (w) => ({ path: `coop/visits/${(await visitA(w)).id}`, body: visitBody(w, 900, { title: '改期后的进校园活动' }) }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/visits/{id}/people', make: async (w) => ({ path: `coop/visits/${(await visitA(w)).id}/people`, body: { people: [{ side: 'college', name: '李院长', title: '副院长' }] } }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/visits/{id}/register', make: async (w) => ({ path: `coop/visits/${(await visitA(w)).id}/register` }), expect: { ...PARTIES(200, 404, 200, 404), ...STUDENTS(200, 200, 404) }, share: true },
	// Each checks in themselves; the operator checks in a guest the enterprise named.
	{
		route: 'POST /api/v1/coop/visits/{id}/checkin',
		make: async (w) => {
			const v = await registered(w);
			return { path: `coop/visits/${v.id}/checkin`, body: (a) => (a === 'operator' ? { participant_id: v.guest } : {}) };
		},
		expect: { ...A_SIDE(200), ...STUDENTS(200, 200, 404) },
		share: true,
	},
	{ route: 'POST /api/v1/coop/visits/{id}/minutes', make: async (w) => ({ path: `coop/visits/${(await visitA(w, 'started')).id}/minutes`, body: { minutes: '双方确定下月签订共建协议，企业派两名工程师到校授课。' } }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/visits/{id}/cancel', make: async (w) => ({ path: `coop/visits/${(await visitA(w)).id}/cancel`, body: { reason: '企业临时有接待任务' } }), expect: A_SIDE(200) },
	{
		route: 'POST /api/v1/coop/visits/{id}/followups',
		make: async (w) => ({ path: `coop/visits/${(await visitA(w, 'done')).id}/followups`, body: { title: '提交实训基地共建方案', owner_org_id: w.collegeA.id, owner_name: '张主任', due_on: day(14) } }),
		expect: A_SIDE(201),
	},
	// The follow-up is enterprise A's: the college sees it but does not close it.
	{
		route: 'POST /api/v1/coop/visits/{id}/followups/done',
		make: async (w) => {
			const v = await visitA(w, 'followup');
			return { path: `coop/visits/${v.id}/followups/done`, body: { followup_id: v.followup, note: '方案已提交学院' } };
		},
		expect: STAFF(200, [403, 'forbidden', 'followup_id'], 404, 200, 404),
	},
	{ route: 'POST /api/v1/coop/visits/{id}/photos', make: async (w) => ({ path: `coop/visits/${(await visitA(w, 'done')).id}/photos`, body: () => file(png(), 'image/png') }), expect: A_SIDE(201) },
	{
		route: 'GET /api/v1/coop/files/{id}',
		make: async (w) => ({ path: `coop/files/${(await visitA(w, 'photo')).photo}` }),
		expect: { ...A_SIDE(200), ...STUDENTS(404, 404, 404) },
		variants: [
			{ name: "an agreement's signed scan", make: async (w) => ({ path: `coop/files/${(await agreementA(w, 'scanned')).scan_file_id}` }), expect: { ...A_SIDE(200), ...STUDENTS(404, 404, 404) } },
			{
				name: "an internship's tripartite agreement",
				make: async (w) => {
					const { placement } = await coopBase(w);
					const r = await w.staffA.client.request('POST', `internships/${placement.id}/agreement`, { body: pdf(), contentType: 'application/pdf' });
					if (r.status !== 200) throw new Error(`agreement: ${r}`);
					return { path: `coop/files/${r.json.internship.agreement_file_id}` };
				},
				expect: { ...A_SIDE(200), ...STUDENTS(200, 404, 404) },
			},
		],
	},

	// ---- 供需对接会 matching meetings: the operator's; the parties see their own part ------
	{ route: 'GET /api/v1/coop/meetings', make: async (w) => ({ path: 'coop/meetings', marker: (await meeting(w, 'draft')).name }), expect: STAFF('sees', 'blind', 'blind', 'blind', 'blind') },
	{ route: 'POST /api/v1/coop/meetings', make: async () => ({ path: 'coop/meetings', body: meetingBody() }), expect: { operator: 201 } },
	{
		route: 'GET /api/v1/coop/meetings/{id}',
		make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'draft')).id}` }),
		expect: STAFF(200, 404, 404, 404, 404),
		variants: [{ name: 'an open meeting', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'open')).id}` }), expect: STAFF(200, 200, 200, 200, 200) }],
	},
	{ route: 'POST /api/v1/coop/meetings/{id}', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'draft')).id}`, body: meetingBody() }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/coop/meetings/{id}/status', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'draft')).id}/status`, body: { to: 'open' } }), expect: { operator: 200 } },
	{
		route: 'POST /api/v1/coop/meetings/{id}/join',
		make: async (w) => {
			const m = await meeting(w, 'open');
			const e = await anotherEnterprise(w);
			return { path: `coop/meetings/${m.id}/join`, body: (a) => (a === 'operator' ? { org_id: e.id, tables: 2 } : isHr(a) ? { tables: 2 } : {}) };
		},
		expect: STAFF(200, 200, 200, 200, 200),
		share: true,
		variants: [{ name: 'for another organisation', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'open')).id}/join`, body: { org_id: w.entA.id } }), expect: { hrX: [403, 'forbidden', 'org_id'], collegeX: [403, 'forbidden', 'org_id'] } }],
	},
	// Wishes: a party sees those from or to it.
	{
		route: 'GET /api/v1/coop/meetings/{id}/wishes',
		make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'wished')).id}/wishes`, marker: w.collegeA.name }),
		expect: A_LIST,
	},
	{
		route: 'POST /api/v1/coop/meetings/{id}/wishes',
		make: async (w) => {
			const m = await meeting(w, 'joined');
			const other = { college: w.entA, collegeX: w.entB, hr: w.collegeA, hrX: w.collegeB };
			return { path: `coop/meetings/${m.id}/wishes`, body: (a) => ({ wishes: [{ org_id: (other[a] || w.entA).id, priority: 2 }] }) };
		},
		expect: PARTIES(200, 200, 200, 200),
		share: true,
		variants: [{ name: 'before joining', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'open')).id}/wishes`, body: { wishes: [] } }), expect: PARTIES(403, 403, 403, 403) }],
	},
	{ route: 'POST /api/v1/coop/meetings/{id}/schedule', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'wished')).id}/schedule` }), expect: { operator: 200 } },
	{ route: 'GET /api/v1/coop/meetings/{id}/talks', make: async (w) => ({ path: `coop/meetings/${(await meeting(w, 'scheduled')).id}/talks`, marker: w.collegeA.name }), expect: A_LIST },
	{
		route: 'POST /api/v1/coop/meetings/{id}/outcome',
		make: async (w) => {
			const m = await meeting(w, 'closed');
			return { path: `coop/meetings/${m.id}/outcome`, body: (a) => ({ talk_id: m.talk.id, interest: 'high', next_step: '两周内到校签订订单班协议', ...(a === 'operator' ? { side: 'college' } : {}) }) };
		},
		expect: A_SIDE(200),
		share: true,
	},

	// ---- agreements: the two parties' ---------------------------------------------------
	{
		route: 'GET /api/v1/coop/agreements',
		make: async (w) => ({ path: 'coop/agreements?page_size=200', marker: (await agreementA(w)).title }),
		expect: A_LIST,
		variants: [{ name: "filtered by the other side's organisation", make: async (w) => ({ path: `coop/agreements?org_id=${w.collegeA.id}&page_size=200`, marker: (await agreementA(w)).title }), expect: { hr: 'sees', collegeX: 'blind', hrX: 'blind' } }],
	},
	{ route: 'POST /api/v1/coop/agreements', make: async (w) => ({ path: 'coop/agreements', body: () => agreementBody(w) }), expect: STAFF(201, 201, 403, 201, 403) },
	{
		route: 'GET /api/v1/coop/agreements/reminders',
		make: async (w) => ({ path: 'coop/agreements/reminders', marker: (await agreementA(w, 'active', { ends_on: day(30) })).title }),
		expect: A_LIST,
		variants: [{ name: 'a milestone due', make: async (w) => ({ path: 'coop/agreements/reminders', marker: (await agreementA(w, 'milestone')).title }), expect: A_LIST }],
	},
	{ route: 'GET /api/v1/coop/agreements/{id}', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w)).id}` }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/agreements/{id}', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w)).id}`, body: agreementBody(w, { title: '修订后的共建协议' }) }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/agreements/{id}/scan', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w)).id}/scan`, body: () => file(pdf(), 'application/pdf') }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/agreements/{id}/sign', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w, 'scanned')).id}/sign`, body: { signed_on: day(0) } }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/agreements/{id}/terminate', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w, 'active')).id}/terminate`, body: { reason: '企业经营范围调整，双方协商一致终止' } }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/coop/agreements/{id}/renew', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w, 'active')).id}/renew`, body: { ends_on: day(1500) } }), expect: A_SIDE(201) },
	{ route: 'POST /api/v1/coop/agreements/{id}/milestones', make: async (w) => ({ path: `coop/agreements/${(await agreementA(w, 'active')).id}/milestones`, body: { title: '完成首批学生入驻', due_on: day(60), owner_org_id: w.entA.id } }), expect: A_SIDE(201) },
	// The milestone is college A's: the enterprise sees it but does not close it.
	{
		route: 'POST /api/v1/coop/agreements/{id}/milestones/done',
		make: async (w) => {
			const a = await agreementA(w, 'milestone');
			return { path: `coop/agreements/${a.id}/milestones/done`, body: { milestone_id: a.milestone, note: '设备已安装调试' } };
		},
		expect: STAFF(200, 200, 404, [403, 'forbidden', 'milestone_id'], 404),
	},

	// ---- order classes: the two parties'; the college picks the students -------------------
	{ route: 'GET /api/v1/coop/order-classes', make: async (w) => ({ path: 'coop/order-classes', marker: (await orderClassA(w)).name }), expect: A_LIST },
	{
		route: 'POST /api/v1/coop/order-classes',
		make: async (w) => ({ path: 'coop/order-classes', body: () => orderClassBody(w) }),
		expect: STAFF(201, 201, 403, 201, 403),
		variants: [
			{
				name: "a class of its own under A's agreement",
				make: async (w) => {
					const a = await agreementA(w, 'active', { kind: 'order_class' });
					return { path: 'coop/order-classes', body: (x) => orderClassBody(w, { agreement_id: a.id, ...(x === 'hrX' ? { enterprise_id: w.entB.id } : { college_id: w.collegeB.id }) }) };
				},
				expect: { hrX: [400, 'invalid', 'agreement_id'], collegeX: [400, 'invalid', 'agreement_id'] },
			},
		],
	},
	{
		route: 'GET /api/v1/coop/order-classes/{id}',
		make: async (w) => {
			const k = await orderClassA(w, { students: true });
			return { path: `coop/order-classes/${k.id}`, marker: k.student.name };
		},
		expect: STAFF('sees', 'sees', 404, 'sees', 404),
	},
	{
		route: 'POST /api/v1/coop/order-classes/{id}/students',
		make: async (w) => {
			const k = await orderClassA(w);
			return { path: `coop/order-classes/${k.id}/students`, body: { student_ids: [(await collegeAStudent(w)).id] } };
		},
		expect: STAFF(200, 200, 404, 403, 404),
		variants: [
			{
				name: "the other college's own class, with a student of college A",
				make: async (w) => {
					const k = (await w.staffB.client.post('coop/order-classes', orderClassBody(w, { college_id: w.collegeB.id, enterprise_id: w.entB.id }))).json.order_class;
					return { path: `coop/order-classes/${k.id}/students`, body: { student_ids: [(await collegeAStudent(w)).id] } };
				},
				expect: { collegeX: [400, 'invalid', 'student_ids'] },
			},
		],
	},
	{
		route: 'POST /api/v1/coop/order-classes/{id}/students/remove',
		make: async (w) => {
			const k = await orderClassA(w, { students: true });
			return { path: `coop/order-classes/${k.id}/students/remove`, body: { student_ids: [k.student.id] } };
		},
		expect: STAFF(200, 200, 404, 403, 404),
	},
	{ route: 'POST /api/v1/coop/order-classes/{id}/status', make: async (w) => ({ path: `coop/order-classes/${(await orderClassA(w, { students: true })).id}/status`, body: { to: 'running' } }), expect: A_SIDE(200) },

	// ---- figures: each in the caller's scope ------------------------------------------------
	{ route: 'GET /api/v1/coop/funnel', make: async (w) => { await visitA(w, 'done'); return { path: 'coop/funnel?by=pair', marker: w.entA.name }; }, expect: A_LIST },
	// An intern started 20 days ago who never wrote a log is among the most overdue.
	{ route: 'GET /api/v1/coop/stats', make: async (w) => ({ path: 'coop/stats', marker: (await activePlacement(w)).student }), expect: A_LIST },
	{
		route: 'GET /api/v1/coop/export',
		make: async (w) => ({ path: 'coop/export?table=visits', marker: (await visitA(w)).title }),
		expect: A_LIST,
		variants: [
			{ name: 'agreements', make: async (w) => ({ path: 'coop/export?table=agreements', marker: (await agreementA(w)).title }), expect: A_LIST },
			{ name: 'internships', make: async (w) => ({ path: 'coop/export?table=internships', marker: (await activePlacement(w)).student }), expect: A_LIST },
			{ name: 'refusals', make: async (w) => ({ path: 'coop/export?table=refusals', marker: (await refusedPlacement(w)).student }), expect: A_LIST },
			{ name: 'funnel', make: async (w) => ({ path: 'coop/export?table=funnel', marker: (await visitA(w, 'done')) && w.entA.name }), expect: A_LIST },
		],
	},

	// ---- internships: posts are the enterprise's; a placement its three parties' ---------------
	{ route: 'GET /api/v1/internships/rules', make: async () => ({ path: 'internships/rules' }), expect: ANYONE(200) },
	{ route: 'GET /api/v1/internships/min-wages', make: async () => ({ path: 'internships/min-wages', marker: '清远' }), expect: ANYONE('sees') },
	{ route: 'POST /api/v1/internships/staff', make: async () => ({ path: 'internships/staff', body: { staff_total: 500 } }), expect: { hr: 200, hrX: 200 }, share: true },
	// A closed post is its enterprise's only; an open one every college's to place on.
	{
		route: 'GET /api/v1/internships/posts',
		make: async (w) => {
			const p = (await w.hrA.client.post('internships/posts', postBody())).json.post;
			await w.hrA.client.post(`internships/posts/${p.id}/close`);
			return { path: 'internships/posts', marker: p.title };
		},
		expect: STAFF('blind', 'blind', 'blind', 'sees', 'blind'),
		variants: [{ name: 'an open post', make: async (w) => ({ path: 'internships/posts', marker: (await coopBase(w)).post.title }), expect: STAFF('sees', 'sees', 'sees', 'sees', 'blind') }],
	},
	{ route: 'POST /api/v1/internships/posts', make: async () => ({ path: 'internships/posts', body: () => postBody() }), expect: { hr: 201, hrX: 201 } },
	{ route: 'POST /api/v1/internships/posts/{id}', make: async (w) => ({ path: `internships/posts/${(await w.hrA.client.post('internships/posts', postBody())).json.post.id}`, body: postBody({ title: '篡改的岗位' }) }), expect: { hr: 200, hrX: 404 } },
	{ route: 'POST /api/v1/internships/posts/{id}/close', make: async (w) => ({ path: `internships/posts/${(await w.hrA.client.post('internships/posts', postBody())).json.post.id}/close` }), expect: { hr: 200, hrX: 404 } },
	{
		route: 'POST /api/v1/internships/posts/{id}/reopen',
		make: async (w) => {
			const p = (await w.hrA.client.post('internships/posts', postBody())).json.post;
			await w.hrA.client.post(`internships/posts/${p.id}/close`);
			return { path: `internships/posts/${p.id}/reopen` };
		},
		expect: { hr: 200, hrX: 404 },
	},
	{
		route: 'GET /api/v1/internships',
		make: async (w) => {
			await coopBase(w);
			return { path: 'internships?page_size=200', marker: w.A1.name };
		},
		expect: { ...A_LIST, ...STUDENTS('sees', 'blind', 'blind') },
		variants: [
			{
				name: 'filtered by the other side',
				make: async (w) => {
					await coopBase(w);
					return { path: `internships?college_id=${w.collegeA.id}&enterprise_id=${w.entA.id}&page_size=200`, marker: w.A1.name };
				},
				expect: { college: 'sees', collegeX: 'blind', hrX: 'blind', studentX: 'blind' },
			},
		],
	},
	// A college places its own students only.
	{
		route: 'POST /api/v1/internships',
		make: async (w) => {
			const base = await coopBase(w);
			return { path: 'internships', body: placementBody(w, base, await collegeAStudent(w)) };
		},
		expect: { operator: 201, college: 201, collegeX: [400, 'invalid', 'student_id'] },
	},
	{
		route: 'GET /api/v1/internships/{id}',
		make: async (w) => ({ path: `internships/${(await coopBase(w)).placement.id}` }),
		expect: { ...A_SIDE(200), ...STUDENTS(200, 404, 404) },
	},
	{
		route: 'POST /api/v1/internships/{id}',
		make: async (w) => {
			const p = await draftPlacement(w);
			return { path: `internships/${p.id}`, body: placementBody(w, await coopBase(w), { id: p.student_id }, { monthly_pay: 4200 }) };
		},
		expect: A_SIDE(200),
		variants: [
			{
				name: "moved to the other enterprise's post",
				make: async (w) => {
					const base = await coopBase(w);
					const p = await draftPlacement(w);
					return { path: `internships/${p.id}`, body: placementBody(w, base, { id: p.student_id }, { post_id: base.postB.id, mentor_id: undefined }) };
				},
				expect: { hr: [400, 'invalid', 'post_id'] },
			},
		],
	},
	{ route: 'POST /api/v1/internships/{id}/agreement', make: async (w) => ({ path: `internships/${(await draftPlacement(w)).id}/agreement`, body: () => file(pdf(), 'application/pdf') }), expect: A_SIDE(200) },
	{ route: 'POST /api/v1/internships/{id}/start', make: async (w) => ({ path: `internships/${(await draftPlacement(w)).id}/start` }), expect: { operator: 200, college: 200, collegeX: 404 } },
	{ route: 'POST /api/v1/internships/{id}/cancel', make: async (w) => ({ path: `internships/${(await draftPlacement(w)).id}/cancel` }), expect: { operator: 200, college: 200, collegeX: 404 } },
	{ route: 'POST /api/v1/internships/{id}/end', make: async (w) => ({ path: `internships/${(await activePlacement(w)).id}/end`, body: { reason: 'completed', hired: false } }), expect: A_SIDE(200) },
	// The student's own placement: their weekly log, read by the mentor named on it (hr).
	{ route: 'POST /api/v1/internships/{id}/logs', make: async (w) => ({ path: `internships/${(await coopBase(w)).placement.id}/logs`, body: logBody(0) }), expect: STUDENTS(200, 404, 404) },
	{
		route: 'POST /api/v1/internships/{id}/logs/review',
		make: async (w) => {
			const { placement, log } = await waitingLog(w, 1);
			return { path: `internships/${placement.id}/logs/review`, body: { log_id: log, action: 'confirm' } };
		},
		expect: { hr: 200, hrX: 404 },
	},
	{ route: 'POST /api/v1/internships/{id}/visits', make: async (w) => ({ path: `internships/${(await coopBase(w)).placement.id}/visits`, body: { visited_on: day(-1), mode: 'onsite', notes: '到企业车间看望实习学生，了解住宿和带教情况。' } }), expect: { operator: 201, college: 201, collegeX: 404 } },
	// The mentor (hr) and the instructor (college) each give the mid evaluation.
	{ route: 'POST /api/v1/internships/{id}/evaluations', make: async (w) => ({ path: `internships/${(await coopBase(w)).placement.id}/evaluations`, body: { stage: 'mid', score: 88, comment: '工作认真，进步明显。' } }), expect: PARTIES(201, 404, 201, 404), share: true },
	{ route: 'POST /api/v1/internships/{id}/incidents', make: async (w) => ({ path: `internships/${(await coopBase(w)).placement.id}/incidents`, body: () => incidentBody() }), expect: { ...A_SIDE(201), ...STUDENTS(201, 404, 404) }, share: true },
	{
		route: 'POST /api/v1/internships/{id}/incidents/close',
		make: async (w) => {
			const { placement, incident } = await openIncident(w);
			return { path: `internships/${placement.id}/incidents/close`, body: { incident_id: incident, resolution: '已完成安全培训，现场已整改。' } };
		},
		expect: A_SIDE(200),
	},
];
