// The authorisation matrix's rows for the zone services (政务服务, issue 13): every route
// under /api/v1/services/. What they hold to (docs/services.md): officers run the services;
// operators read everything and run nothing but the calendar; an enterprise sees and acts
// on its own cases, files, ratings and policy applications only (another's: 404), and on a
// case only as its applicant (an officer acts on the applicant's side only as the case's
// agent, 帮办代办); files go to the applicant and officers, never operators; a draft round
// is the staff's; escalations are signed and appeals reviewed by the department's head.
// The fixtures (fixtures_services.mjs) belong to enterprise A; the cast's officer heads
// the department.
import assert from 'node:assert/strict';
import { uniq } from '../api/harness.mjs';
import { dbQuery } from '../api/recruit_lib.mjs';
import { PDF, T, agentDraft, application, caseA, caseFile, followup, itemBody, plusDays, policy, policyBody, project, projectBody, round, svcBase } from './fixtures_services.mjs';

const EVERYONE = (v) => ({ operator: v, college: v, collegeX: v, hr: v, hrX: v, student: v, classmate: v, studentX: v, judge: v, mentor: v, officer: v });
/** Routes of officers and operators (OFF_OP). */
const STAFF = (v, op = v) => ({ operator: op, officer: v });
/** Routes of every services role (SVC_ALL): enterprise A's object, B is foreign. */
const ALL = (off, op, hr, hrX) => ({ operator: op, officer: off, hr, hrX });
const A_LIST = ALL('sees', 'sees', 'sees', 'blind');
const A_OBJECT = ALL(200, 200, 200, 404);
/** An applicant's step (OFF_ENT): the applicant may, an officer who is not the agent may not. */
const APPLICANT = (ok) => ({ officer: 403, hr: ok, hrX: 404 });
const q = (s) => encodeURIComponent(s);
const note = (text) => ({ note: text });

/** The org a case was registered for, by its unique title. */
function caseOrg(srv, title) {
	const rows = dbQuery(srv, `SELECT org_id FROM service_cases WHERE title = '${title}'`);
	return rows.length ? Number(rows[0]) : null;
}

export const SERVICES_ROWS = [
	// ---- the working-day calendar: everyone reads it; officers and operators keep it ----
	{ route: 'GET /api/v1/services/calendar/years', make: async () => ({ path: 'services/calendar/years' }), expect: EVERYONE(200) },
	{ route: 'GET /api/v1/services/calendar/years/{id}', make: async () => ({ path: 'services/calendar/years/2026' }), expect: EVERYONE(200) },
	{ route: 'GET /api/v1/services/calendar/add', make: async () => ({ path: 'services/calendar/add?from=2026-09-24&days=5' }), expect: EVERYONE(200) },
	{ route: 'GET /api/v1/services/calendar/count', make: async () => ({ path: 'services/calendar/count?from=2026-09-24&to=2026-10-09' }), expect: EVERYONE(200) },
	{
		route: 'POST /api/v1/services/calendar/years/{id}',
		make: async () => ({ path: 'services/calendar/years/2040', body: { notice: '国务院办公厅关于2040年部分节假日安排的通知', days: [{ date: '2040-01-01', kind: 'off', name: '元旦' }] } }),
		expect: STAFF(200),
	},
	{
		route: 'POST /api/v1/services/calendar/years/{id}/import',
		make: async () => ({ path: 'services/calendar/years/2040/import', body: { file: Buffer.from('日期,类型,名称\r\n2040-01-01,off,元旦\r\n'), type: 'text/csv' } }),
		expect: STAFF(200),
	},

	// ---- departments, officers, settings ----------------------------------------------
	{ route: 'GET /api/v1/services/departments', make: async (w) => ({ path: 'services/departments', marker: (await svcBase(w)).dep.name }), expect: STAFF('sees') },
	{ route: 'POST /api/v1/services/departments', make: async (w) => ({ path: 'services/departments', body: { name: `统计科${uniq('')}`, members: [{ account_id: w.who.officer.id, is_head: false }] } }), expect: { officer: 201 } },
	{
		route: 'POST /api/v1/services/departments/{id}',
		make: async (w) => {
			const d = (await w.as.officer.post('services/departments', { name: `统计科${uniq('')}`, members: [] })).json.department;
			return { path: `services/departments/${d.id}`, body: { name: `经济发展科${uniq('')}`, members: [{ account_id: w.who.officer.id, is_head: true }] } };
		},
		expect: { officer: 200 },
	},
	{ route: 'GET /api/v1/services/officers', make: async (w) => ({ path: 'services/officers', marker: w.who.officer.login }), expect: STAFF('sees') },
	{ route: 'GET /api/v1/services/settings', make: async () => ({ path: 'services/settings' }), expect: STAFF(200) },
	{ route: 'POST /api/v1/services/settings', make: async () => ({ path: 'services/settings', body: { rectify_days: 5 } }), expect: { officer: 200 } },

	// ---- service items: public to the services roles, kept by officers ------------------
	{ route: 'GET /api/v1/services/items', make: async (w) => ({ path: 'services/items', marker: (await svcBase(w)).item.name }), expect: ALL('sees', 'sees', 'sees', 'sees') },
	{ route: 'POST /api/v1/services/items', make: async (w) => ({ path: 'services/items', body: itemBody((await svcBase(w)).dep.id) }), expect: { officer: 201 } },
	{ route: 'GET /api/v1/services/items/{id}', make: async (w) => ({ path: `services/items/${(await svcBase(w)).item.id}` }), expect: ALL(200, 200, 200, 200) },
	{
		route: 'POST /api/v1/services/items/{id}',
		make: async (w) => {
			const { dep } = await svcBase(w);
			const item = (await w.as.officer.post('services/items', itemBody(dep.id))).json.item;
			return { path: `services/items/${item.id}`, body: { status: 'retired' } };
		},
		expect: { officer: 200 },
	},

	// ---- cases: the applicant's own; officers run them; operators read ------------------
	{
		route: 'GET /api/v1/services/cases',
		make: async (w) => {
			const c = await caseA(w, 'received');
			return { path: `services/cases?q=${q(c.title)}`, marker: c.title };
		},
		expect: A_LIST,
		variants: [
			{
				name: 'naming enterprise A in org_id',
				make: async (w) => {
					const c = await caseA(w, 'received');
					return { path: `services/cases?org_id=${w.entA.id}&q=${q(c.title)}`, marker: c.title };
				},
				expect: { hr: 'sees', hrX: 'blind' },
			},
		],
	},
	{
		route: 'GET /api/v1/services/cases/export',
		make: async (w) => {
			const c = await caseA(w, 'received');
			// The sheet has no title column: the applicant's name is the marker.
			return { path: `services/cases/export?q=${q(c.title)}`, marker: w.entA.name };
		},
		expect: A_LIST,
	},
	{
		route: 'POST /api/v1/services/cases',
		make: async (w) => {
			const title = `环评登记${uniq('')}`;
			const { item } = await svcBase(w);
			return { path: 'services/cases', title, body: (a) => ({ item_id: item.id, org_id: w.entA.id, title: `${title}${a}` }) };
		},
		expect: { officer: 201, hr: 201, hrX: 201 },
		// HR apply for their own enterprise whatever org_id says; an officer for the one named.
		after: (w, f, a) => assert.equal(caseOrg(w.srv, `${f.title}${a}`), a === 'hrX' ? w.entB.id : w.entA.id, `${a}'s case is for the wrong enterprise`),
	},
	{ route: 'GET /api/v1/services/cases/{id}', make: async (w) => ({ path: `services/cases/${(await caseA(w)).id}` }), expect: A_OBJECT },
	{
		route: 'POST /api/v1/services/cases/{id}/submit',
		make: async (w) => ({ path: `services/cases/${(await caseA(w, 'draft')).id}/submit`, body: {} }),
		expect: APPLICANT(200),
		variants: [{ name: "the officer as the case's agent", make: async (w) => ({ path: `services/cases/${(await agentDraft(w)).id}/submit`, body: {} }), expect: { officer: 200 } }],
	},
	{ route: 'POST /api/v1/services/cases/{id}/accept', make: async (w) => ({ path: `services/cases/${(await caseA(w, 'complete')).id}/accept`, body: {} }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/cases/{id}/refuse', make: async (w) => ({ path: `services/cases/${(await caseA(w)).id}/refuse`, body: { reasons: ['项目不属于本区审批范围'] } }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/cases/{id}/correction', make: async (w) => ({ path: `services/cases/${(await caseA(w)).id}/correction`, body: { points: [{ text: '申请表缺少法定代表人签字' }] } }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/cases/{id}/resubmit', make: async (w) => ({ path: `services/cases/${(await caseA(w, 'correcting')).id}/resubmit`, body: {} }), expect: APPLICANT(200) },
	{ route: 'POST /api/v1/services/cases/{id}/pause', make: async (w) => ({ path: `services/cases/${(await caseA(w, 'accepted')).id}/pause`, body: { pause_kind: 'expert', reason: '专家评审' } }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/cases/{id}/resume', make: async (w) => ({ path: `services/cases/${(await caseA(w, 'paused')).id}/resume`, body: {} }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/cases/{id}/finish', make: async (w) => ({ path: `services/cases/${(await caseA(w, 'accepted')).id}/finish`, body: { outcome: 'approved' } }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/cases/{id}/withdraw', make: async (w) => ({ path: `services/cases/${(await caseA(w)).id}/withdraw`, body: { reason: '材料需重新准备' } }), expect: APPLICANT(200) },
	{ route: 'POST /api/v1/services/cases/{id}/agent', make: async (w) => ({ path: `services/cases/${(await caseA(w)).id}/agent`, body: { agent_id: w.who.officer.id } }), expect: { officer: 200 } },
	{
		route: 'POST /api/v1/services/cases/{id}/paper',
		make: async (w) => ({ path: `services/cases/${(await caseA(w)).id}/paper`, body: { material_id: (await svcBase(w)).item.materials[0].id } }),
		expect: { officer: 200 },
	},
	{
		route: 'POST /api/v1/services/cases/{id}/files',
		make: async (w) => {
			const c = await caseA(w);
			return { path: `services/cases/${c.id}/files?material_id=${(await svcBase(w)).item.materials[0].id}&name=${q('申请表.pdf')}`, body: { pdf: PDF } };
		},
		expect: APPLICANT(201),
		variants: [
			{
				name: "the officer as the case's agent",
				make: async (w) => ({ path: `services/cases/${(await agentDraft(w)).id}/files?material_id=${(await svcBase(w)).item.materials[0].id}&name=${q('申请表.pdf')}`, body: { pdf: PDF } }),
				expect: { officer: 201 },
			},
		],
	},
	{
		route: 'GET /api/v1/services/files/{id}',
		make: async (w) => ({ path: `services/files/${(await caseFile(w)).file.id}` }),
		expect: { officer: 200, hr: 200, hrX: 404 },
		variants: [
			{
				name: "an investment project's document",
				make: async (w) => {
					const p = await project(w);
					const r = await w.as.officer.request('POST', `services/projects/${p.id}/documents?stage=1&name=${q('研判报告.pdf')}`, { body: PDF, contentType: 'application/pdf' });
					assert.equal(r.status, 201, `document: ${r}`);
					return { path: `services/files/${r.json.file.id}` };
				},
				expect: { officer: 200, hr: 404, hrX: 404 },
			},
		],
	},
	{ route: 'GET /api/v1/services/escalations', make: async (w) => ({ path: 'services/escalations', marker: (await caseA(w, 'overdue')).title }), expect: STAFF('sees') },
	{
		route: 'POST /api/v1/services/escalations/{id}/ack',
		make: async (w) => ({ path: `services/escalations/${(await caseA(w, 'overdue')).id}/ack`, body: note('请今日内办结') }),
		expect: { officer: 200 },
		variants: [
			{
				name: 'an officer of the department who is not its head',
				make: async (w) => ({ path: `services/escalations/${(await caseA(w, 'overdue')).id}/ack`, body: note('已阅'), as: { officer: (await svcBase(w)).clerk.client } }),
				expect: { officer: 403 },
			},
		],
	},
	{ route: 'GET /api/v1/services/badge', make: async () => ({ path: 'services/badge' }), expect: ALL(200, 200, 200, 200) },

	// ---- 好差评 and the follow-up of a bad rating ------------------------------------------
	{
		route: 'POST /api/v1/services/ratings',
		make: async (w) => {
			const c = await caseA(w, 'done');
			return { path: 'services/ratings', body: (a) => ({ subject_kind: 'case', subject_id: c.id, level: 5, comment: '办得快', channel: a === 'officer' ? 'window' : 'web' }) };
		},
		expect: { officer: 201, hr: 201, hrX: [404, 'not_found', 'subject_id'] },
	},
	{
		route: 'GET /api/v1/services/ratings',
		make: async (w) => {
			const c = await caseA(w, 'done');
			const comment = `材料一次讲清${uniq('')}`;
			const r = await w.as.hr.post('services/ratings', { subject_kind: 'case', subject_id: c.id, level: 4, comment, channel: 'web' });
			assert.equal(r.status, 201, `rating: ${r}`);
			return { path: 'services/ratings?page_size=200', marker: comment };
		},
		expect: A_LIST,
	},
	{ route: 'GET /api/v1/services/followups', make: async (w) => ({ path: 'services/followups?page_size=200', marker: (await followup(w)).comment }), expect: STAFF('sees') },
	{ route: 'GET /api/v1/services/followups/{id}', make: async (w) => ({ path: `services/followups/${(await followup(w)).id}` }), expect: STAFF(200) },
	{ route: 'POST /api/v1/services/followups/{id}/contact', make: async (w) => ({ path: `services/followups/${(await followup(w)).id}/contact`, body: note('电话联系企业，了解情况') }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/followups/{id}/rectify', make: async (w) => ({ path: `services/followups/${(await followup(w, 'contacted')).id}/rectify`, body: note('一次性告知清单上墙') }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/followups/{id}/callback', make: async (w) => ({ path: `services/followups/${(await followup(w, 'rectified')).id}/callback`, body: note('企业表示满意') }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/followups/{id}/appeal', make: async (w) => ({ path: `services/followups/${(await followup(w)).id}/appeal`, body: note('该企业承认评价有误') }), expect: { officer: 200 } },
	{
		route: 'POST /api/v1/services/followups/{id}/review',
		make: async (w) => ({ path: `services/followups/${(await followup(w, 'appealed')).id}/review`, body: { upheld: false, note: '评价属实，继续整改' } }),
		expect: { officer: 200 },
		variants: [
			{
				name: 'the appellant, who is not the head',
				make: async (w) => ({ path: `services/followups/${(await followup(w, 'appealed')).id}/review`, body: { upheld: true }, as: { officer: (await svcBase(w)).clerk.client } }),
				expect: { officer: 403 },
			},
		],
	},
	{ route: 'POST /api/v1/services/followups/{id}/close', make: async (w) => ({ path: `services/followups/${(await followup(w, 'called')).id}/close`, body: {} }), expect: { officer: 200 } },
	{ route: 'GET /api/v1/services/indicators', make: async () => ({ path: `services/indicators?by=department&from=${plusDays(T, -30)}&to=${T}` }), expect: STAFF(200) },
	{ route: 'GET /api/v1/services/indicators/export', make: async () => ({ path: `services/indicators/export?by=item&from=${plusDays(T, -30)}&to=${T}` }), expect: STAFF(200) },

	// ---- investment projects: officers run them, operators read --------------------------
	{ route: 'GET /api/v1/services/projects', make: async (w) => ({ path: 'services/projects', marker: (await project(w)).name }), expect: STAFF('sees') },
	{ route: 'POST /api/v1/services/projects', make: async () => ({ path: 'services/projects', body: projectBody }), expect: { officer: 201 } },
	{ route: 'GET /api/v1/services/projects/stats', make: async () => ({ path: 'services/projects/stats' }), expect: STAFF(200) },
	{ route: 'POST /api/v1/services/projects/limits', make: async () => ({ path: 'services/projects/limits', body: { limits: [{ stage: 1, limit_days: 5 }] } }), expect: { officer: 200 } },
	{ route: 'GET /api/v1/services/projects/{id}', make: async (w) => ({ path: `services/projects/${(await project(w)).id}` }), expect: STAFF(200) },
	{ route: 'POST /api/v1/services/projects/{id}', make: async (w) => ({ path: `services/projects/${(await project(w)).id}`, body: projectBody }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/projects/{id}/move', make: async (w) => ({ path: `services/projects/${(await project(w)).id}/move`, body: { move: 'advance', note: '项目研判完成' } }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/projects/{id}/officer', make: async (w) => ({ path: `services/projects/${(await project(w)).id}/officer`, body: { stage: 2, account_id: (await svcBase(w)).clerk.id } }), expect: { officer: 200 } },
	{
		route: 'POST /api/v1/services/projects/{id}/documents',
		make: async (w) => ({ path: `services/projects/${(await project(w)).id}/documents?stage=1&name=${q('研判报告.pdf')}`, body: { pdf: PDF } }),
		expect: { officer: 201 },
	},

	// ---- policies, rounds, applications ---------------------------------------------------
	{ route: 'GET /api/v1/services/policies', make: async (w) => ({ path: 'services/policies', marker: (await policy(w)).title }), expect: ALL('sees', 'sees', 'sees', 'sees') },
	{ route: 'POST /api/v1/services/policies', make: async () => ({ path: 'services/policies', body: () => policyBody() }), expect: { officer: 201 } },
	{ route: 'GET /api/v1/services/policies/{id}', make: async (w) => ({ path: `services/policies/${(await policy(w)).id}` }), expect: ALL(200, 200, 200, 200) },
	{ route: 'POST /api/v1/services/policies/{id}', make: async (w) => ({ path: `services/policies/${(await policy(w)).id}`, body: () => policyBody() }), expect: { officer: 200 } },
	{
		route: 'GET /api/v1/services/rounds',
		make: async (w) => ({ path: 'services/rounds', marker: (await round(w, 'draft')).name }),
		// A draft is the staff's; a published round is everyone's.
		expect: ALL('sees', 'sees', 'blind', 'blind'),
		variants: [{ name: 'a published round', make: async (w) => ({ path: 'services/rounds', marker: (await round(w, 'published')).name }), expect: { hr: 'sees', hrX: 'sees' } }],
	},
	{
		route: 'POST /api/v1/services/rounds',
		make: async (w) => ({ path: 'services/rounds', body: { policy_id: (await policy(w)).id, name: `2026年第${uniq('')}批`, opens_on: T, closes_on: plusDays(T, 30) } }),
		expect: { officer: 201 },
	},
	{ route: 'GET /api/v1/services/rounds/stats', make: async () => ({ path: 'services/rounds/stats' }), expect: STAFF(200) },
	{
		route: 'GET /api/v1/services/rounds/{id}',
		make: async (w) => ({ path: `services/rounds/${(await round(w, 'draft')).id}` }),
		expect: ALL(200, 200, 404, 404),
		variants: [{ name: 'a published round', make: async (w) => ({ path: `services/rounds/${(await round(w, 'published')).id}` }), expect: { hr: 200, hrX: 200 } }],
	},
	{ route: 'POST /api/v1/services/rounds/{id}', make: async (w) => ({ path: `services/rounds/${(await round(w, 'draft')).id}`, body: { opens_on: T, closes_on: plusDays(T, 20) } }), expect: { officer: 200 } },
	{ route: 'POST /api/v1/services/rounds/{id}/step', make: async (w) => ({ path: `services/rounds/${(await round(w, 'draft')).id}/step`, body: { step: 'publish' } }), expect: { officer: 200 } },
	{
		route: 'GET /api/v1/services/rounds/{id}/precheck',
		// Staff pre-check the enterprise they name; HR only their own, whatever they name.
		make: async (w) => ({ path: `services/rounds/${(await round(w, 'published')).id}/precheck?org_id=${w.entA.id}`, marker: w.entA.name }),
		expect: A_LIST,
		variants: [{ name: 'a draft round', make: async (w) => ({ path: `services/rounds/${(await round(w, 'draft')).id}/precheck?org_id=${w.entA.id}` }), expect: { officer: 200, hr: 404, hrX: 404 } }],
	},
	{ route: 'GET /api/v1/services/rounds/{id}/candidates', make: async (w) => ({ path: `services/rounds/${(await round(w, 'published', true)).id}/candidates` }), expect: STAFF(200) },
	{ route: 'POST /api/v1/services/rounds/{id}/grant', make: async (w) => ({ path: `services/rounds/${(await round(w, 'published', true)).id}/grant`, body: { org_ids: [w.entA.id] } }), expect: { officer: 201 } },
	{
		route: 'POST /api/v1/services/rounds/{id}/apply',
		make: async (w) => ({ path: `services/rounds/${(await round(w, 'published')).id}/apply`, body: { amount: 100000 } }),
		expect: { hr: 201, hrX: 201 },
		variants: [{ name: 'a draft round', make: async (w) => ({ path: `services/rounds/${(await round(w, 'draft')).id}/apply`, body: { amount: 100000 } }), expect: { hr: 404, hrX: 404 } }],
	},
	{
		route: 'GET /api/v1/services/policy-applications',
		make: async (w) => ({ path: `services/policy-applications?round_id=${(await application(w)).round.id}`, marker: w.entA.name }),
		expect: A_LIST,
	},
	{ route: 'GET /api/v1/services/policy-applications/{id}', make: async (w) => ({ path: `services/policy-applications/${(await application(w)).app.id}` }), expect: A_OBJECT },
	{ route: 'POST /api/v1/services/policy-applications/{id}/review', make: async (w) => ({ path: `services/policy-applications/${(await application(w)).app.id}/review`, body: { scores: { tech: 80 } } }), expect: { officer: 200 } },
	{
		route: 'POST /api/v1/services/policy-applications/{id}/object',
		make: async (w) => ({ path: `services/policy-applications/${(await application(w, 'publicity')).app.id}/object`, body: note('公示期间收到实名举报，经核实研发费用虚报') }),
		expect: { officer: 200 },
	},
	{ route: 'POST /api/v1/services/policy-applications/{id}/withdraw', make: async (w) => ({ path: `services/policy-applications/${(await application(w)).app.id}/withdraw`, body: {} }), expect: { hr: 200, hrX: 404 } },
	{
		route: 'POST /api/v1/services/policy-applications/{id}/payments',
		make: async (w) => ({ path: `services/policy-applications/${(await application(w, 'approved')).app.id}/payments`, body: { amount: 1000, voucher: 'PZ-1' } }),
		expect: { officer: 201 },
	},
];
