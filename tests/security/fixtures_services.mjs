// Fixture builders of the zone-services rows of the authorisation matrix
// (authz_services_rows.mjs), on the cast of lib.mjs: the cast's `officer` heads a
// department (so it may sign escalations and review appeals) with a second officer, the
// clerk, as a plain member; enterprise A (`hr`) is the applicant of every case, rating and
// policy application; enterprise B (`hrX`) is the foreign enterprise. Every step goes
// through the API as its owner would, and asserts it.
import { makeAccount, uniq } from '../api/harness.mjs';
import { Calendar, chinaToday, plusDays } from '../lib/workdays.mjs';
import { answered as ok, oncePerCast } from './lib.mjs';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const T = chinaToday();
export const cal = Calendar.shipped();
export { plusDays };

/**
 * What every services row stands on, made once per cast: a department headed by the
 * cast's officer with the clerk (another officer) as member, and a service item of it
 * (two required materials). Returns {dep, item, clerk: {id, client}}.
 */
export const svcBase = oncePerCast(makeBase);

async function makeBase(w) {
	const acct = await makeAccount(w.admin, { role: 'officer', display_name: `陈科员${uniq('')}` });
	const clerk = { id: acct.id, client: await w.srv.login(acct.login, acct.password) };
	const dep = ok(
		await w.as.officer.post('services/departments', {
			name: `行政审批科${uniq('')}`,
			members: [
				{ account_id: w.who.officer.id, is_head: true },
				{ account_id: clerk.id, is_head: false },
			],
		}),
		201,
		'department',
	).department;
	const item = ok(await w.as.officer.post('services/items', itemBody(dep.id)), 201, 'item').item;
	return { dep, item, clerk };
}

/** An item body of department depId (20 statutory / 5 committed days). */
export function itemBody(depId) {
	return {
		code: uniq('SX'),
		name: `建设项目环境影响登记${uniq('')}`,
		department_id: depId,
		statutory_days: 20,
		committed_days: 5,
		materials: [
			{ name: '申请表', required: true, tolerable: false },
			{ name: '营业执照副本', required: true, tolerable: true },
		],
	};
}

/**
 * A case of enterprise A in a state: 'draft' (made by its HR), 'received' (submitted
 * today), 'complete' (received, every material on paper), 'correcting' (补正 asked), 'accepted' (every material on paper, accepted today),
 * 'paused' (accepted, then paused), 'done' (accepted and approved), 'overdue' (received and
 * accepted 8 working days ago: escalated to the head). Its title is unique (a marker).
 */
export async function caseA(w, state = 'received') {
	const { item } = await svcBase(w);
	const off = w.as.officer;
	const title = `环评登记${uniq('')}`;
	if (state === 'overdue') {
		const on = cal.add(T, -8);
		const c = ok(await off.post('services/cases', { item_id: item.id, org_id: w.entA.id, title }), 201, 'case').case;
		ok(await off.post(`services/cases/${c.id}/agent`, { agent_id: w.who.officer.id }), 200, 'agent');
		ok(await off.post(`services/cases/${c.id}/submit`, { on }), 200, 'submit');
		for (const m of item.materials) ok(await off.post(`services/cases/${c.id}/paper`, { material_id: m.id }), 200, 'paper');
		return ok(await off.post(`services/cases/${c.id}/accept`, { on }), 200, 'accept').case;
	}
	let c = ok(await w.as.hr.post('services/cases', { item_id: item.id, title, submit: state !== 'draft' }), 201, 'case').case;
	if (state === 'draft' || state === 'received') return c;
	if (state === 'complete') {
		for (const m of item.materials) ok(await off.post(`services/cases/${c.id}/paper`, { material_id: m.id }), 200, 'paper');
		return c;
	}
	if (state === 'correcting') return ok(await off.post(`services/cases/${c.id}/correction`, { points: [{ text: '申请表缺少法定代表人签字' }] }), 200, 'correction').case;
	for (const m of item.materials) ok(await off.post(`services/cases/${c.id}/paper`, { material_id: m.id }), 200, 'paper');
	c = ok(await off.post(`services/cases/${c.id}/accept`, {}), 200, 'accept').case;
	if (state === 'paused') return ok(await off.post(`services/cases/${c.id}/pause`, { pause_kind: 'expert', reason: '专家评审' }), 200, 'pause').case;
	if (state === 'done') return ok(await off.post(`services/cases/${c.id}/finish`, { outcome: 'approved' }), 200, 'finish').case;
	return c;
}

/** A draft of enterprise A registered by the officer, who is its agent (帮办代办). */
export async function agentDraft(w) {
	const { item } = await svcBase(w);
	const c = ok(await w.as.officer.post('services/cases', { item_id: item.id, org_id: w.entA.id, title: `代办${uniq('')}` }), 201, 'case').case;
	return ok(await w.as.officer.post(`services/cases/${c.id}/agent`, { agent_id: w.who.officer.id }), 200, 'agent').case;
}

/** A material file of a fresh case of enterprise A, uploaded by its HR: {case, file}. */
export async function caseFile(w) {
	const c = await caseA(w, 'received');
	const { item } = await svcBase(w);
	const r = await w.as.hr.request('POST', `services/cases/${c.id}/files?material_id=${item.materials[0].id}&name=${encodeURIComponent('申请表.pdf')}`, { body: PDF, contentType: 'application/pdf' });
	return { case: c, file: ok(r, 201, 'upload').file };
}

/**
 * A bad rating of a finished case of enterprise A (by its HR) and the follow-up it
 * opened, taken to `state`: 'open', 'contacted', 'rectified', 'called' (called back),
 * 'appealed' (appealed by the clerk, so the head may review). Returns the follow-up.
 */
export async function followup(w, state = 'open') {
	const c = await caseA(w, 'done');
	const r = ok(await w.as.hr.post('services/ratings', { subject_kind: 'case', subject_id: c.id, level: 2, comment: `窗口让我跑了三趟${uniq('')}`, channel: 'web' }), 201, 'rating');
	const f = r.followup;
	const off = w.as.officer;
	if (state === 'appealed') {
		const { clerk } = await svcBase(w);
		return ok(await clerk.client.post(`services/followups/${f.id}/appeal`, { note: '该企业承认评价有误' }), 200, 'appeal').followup;
	}
	const steps = { contacted: ['contact'], rectified: ['contact', 'rectify'], called: ['contact', 'rectify', 'callback'] }[state] || [];
	let out = f;
	for (const s of steps) out = ok(await off.post(`services/followups/${f.id}/${s}`, { note: '已处理' }), 200, s).followup;
	out.comment = r.rating?.comment;
	return out;
}

/** An investment project registered by the officer (name unique, a marker). */
export async function project(w) {
	return ok(await w.as.officer.post('services/projects', projectBody()), 201, 'project').project;
}

export const projectBody = () => ({ name: `年产5万吨新材料项目${uniq('')}`, investor: '广东某新材料集团', amount_wan: 50000, industry_code: '30' });

/** A policy without conditions (every enterprise passes the pre-check); noApp: 免申即享. */
export async function policy(w, noApp = false) {
	return ok(await w.as.officer.post('services/policies', policyBody(noApp)), 201, 'policy').policy;
}

export const policyBody = (noApp = false) => ({
	title: `企业研发投入补助${uniq('')}`,
	summary: '对区内企业研发投入给予补助',
	score_sheet: [{ key: 'tech', name: '技术水平', max: 100 }],
	pass_score: 60,
	max_amount: 500000,
	...(noApp ? { no_application: true } : {}),
});

/**
 * A round of a fresh policy: 'draft', 'published' (open today), 'closed' (published, then
 * closed yesterday). Its name is unique (a marker).
 */
export async function round(w, state = 'published', noApp = false) {
	const p = await policy(w, noApp);
	const off = w.as.officer;
	let r = ok(await off.post('services/rounds', { policy_id: p.id, name: `2026年第${uniq('')}批`, opens_on: plusDays(T, -10), closes_on: plusDays(T, 10), publicity_days: 1 }), 201, 'round').round;
	if (state === 'draft') return r;
	r = ok(await off.post(`services/rounds/${r.id}/step`, { step: 'publish' }), 200, 'publish').round;
	return r;
}

/**
 * An application of enterprise A to a fresh round, taken to `state`: 'submitted',
 * 'passed' (reviewed, round still open), 'publicity' (reviewed, round closed, in its
 * publicity), 'approved' (the round finalized). Returns {round, app}.
 */
export async function application(w, state = 'submitted') {
	const r = await round(w, 'published');
	const off = w.as.officer;
	const app = ok(await w.as.hr.post(`services/rounds/${r.id}/apply`, { amount: 100000, note: `研发投入${uniq('')}` }), 201, 'apply').application;
	if (state === 'submitted') return { round: r, app };
	ok(await off.post(`services/policy-applications/${app.id}/review`, { scores: { tech: 80 }, amount: 50000 }), 200, 'review');
	if (state === 'passed') return { round: r, app };
	ok(await off.post(`services/rounds/${r.id}`, { opens_on: plusDays(T, -20), closes_on: plusDays(T, -10) }), 200, 'close');
	// A publicity running today (objections), or one held on paper and over (finalize).
	ok(await off.post(`services/rounds/${r.id}/step`, { step: 'publicity', ...(state === 'publicity' ? {} : { on: cal.add(T, -3) }) }), 200, 'publicity');
	if (state === 'publicity') return { round: r, app };
	ok(await off.post(`services/rounds/${r.id}/step`, { step: 'finalize' }), 200, 'finalize');
	return { round: r, app };
}
