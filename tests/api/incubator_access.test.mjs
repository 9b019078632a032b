// The incubator's access matrix (issue 11): the route table refuses the roles it does not
// list (403) and anonymous callers (401) and writes nothing; a project never sees another
// project's reports, members, contacts, sessions, services or bookings; college staff see
// their students' projects; mentors their projects; the operator all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, expectError, makeAccount, makeEnterprise } from './harness.mjs';
import { at, dbRows, lastMonth, makeWorld, must, mustGet, startIncubatorServer } from './incubator_lib.mjs';
import { makeHr } from './recruit_lib.mjs';

let srv, w, admin, clients;
const ids = {};

before(async () => {
	srv = await startIncubatorServer();
	w = await makeWorld(srv, { second: true });
	admin = w.admin;
	const hr = await makeHr(srv, admin, await makeEnterprise(admin));
	const judge = await makeAccount(admin, { role: 'judge' });
	const officer = await makeAccount(admin, { role: 'officer' });
	clients = {
		operator: admin,
		college: w.staffA.client,
		enterprise: hr.client,
		student: w.sA1.client,
		mentor: w.mentor.client,
		officer: await srv.login(officer.login, officer.password),
		judge: await srv.login(judge.login, judge.password),
	};
	// sA2 has a phone: a contact the matrix must guard.
	assert.equal((await w.sA2.client.post('students/me', { phone: '13812345678' })).status, 200);
	await must(admin, `incubator/projects/${w.P.id}/mentors`, { mentor_id: w.mentor.acct.id });
	// One of everything of project P.
	ids.booking = (await must(w.sA1.client, 'incubator/bookings', { room_id: w.room.id, title: '内部评审会', start: at(3, 10), end: at(3, 11) }, 201)).booking.id;
	ids.report = (await must(w.sA1.client, `incubator/projects/${w.P.id}/reports`, { month: lastMonth(), revenue: 88000, staff: 4, staff_students: 2, staff_graduates: 1, financing: 0, patents: 0, software_copyrights: 1, awards: '省赛银奖' }, 201)).report.id;
	ids.service = (await must(w.sA1.client, `incubator/projects/${w.P.id}/services`, { kind: 'technology', title: '对接学院实验室' }, 201)).service.id;
	ids.session = (await must(w.sA1.client, 'incubator/sessions', { project_id: w.P.id, mentor_id: w.mentor.acct.id, start: at(4, 10), end: at(4, 11), topic: '股权结构' }, 201)).session.id;
	ids.activity = (await must(admin, 'incubator/activities', { kind: 'talk', title: '专利申请讲座', organiser: '高新区知识产权服务站', start: at(6, 14), end: at(6, 16), capacity: 50 }, 201)).activity.id;
});
after(async () => {
	await srv?.stop();
});

/** Counts of every incubator table: a refusal changes none. */
function state() {
	const tables = ['sites', 'zones', 'rooms', 'seats', 'projects', 'members', 'seat_assignments', 'bookings', 'series', 'mentors', 'mentor_sessions', 'milestones', 'reports', 'report_hires', 'activities', 'registrations', 'services'];
	return tables.map((t) => `${t}:${dbRows(srv, `SELECT COUNT(*) FROM incubator_${t}`)[0]}`).join(' ');
}

const ANY = ['operator', 'college', 'enterprise', 'student', 'mentor', 'officer', 'judge'];
const INC = ['operator', 'college', 'mentor', 'student'];
const ROUTES = () => {
	const P = w.P.id;
	return [
		['GET', 'incubator/sites', ANY],
		['POST', 'incubator/sites', ['operator'], { kind: 'hq', name: '越权总部', area_m2: 1 }],
		['POST', `incubator/sites/${w.hq.id}`, ['operator'], { kind: 'hq', name: '越权', area_m2: 1 }],
		['GET', 'incubator/zones', ANY],
		['POST', 'incubator/zones', ['operator'], { site_id: w.hq.id, name: '越权区', area_m2: 1 }],
		['POST', `incubator/zones/${w.zone.id}`, ['operator'], { site_id: w.hq.id, name: '越权区', area_m2: 1 }],
		['GET', `incubator/zones/${w.zone.id}/plan`, ANY],
		['GET', 'incubator/rooms', ANY],
		['POST', 'incubator/rooms', ['operator'], {}],
		['GET', `incubator/rooms/${w.room.id}`, ANY],
		['POST', `incubator/rooms/${w.room.id}`, ['operator'], {}],
		['GET', `incubator/rooms/${w.room.id}/door-pass`, ['operator']],
		['GET', 'incubator/seats', ANY],
		['POST', 'incubator/seats', ['operator'], {}],
		['POST', `incubator/seats/${w.seat.id}`, ['operator'], {}],
		['POST', `incubator/seats/${w.seat.id}/assign`, ['operator'], { project_id: P }],
		['POST', 'incubator/assignments/1/release', ['operator']],
		['GET', 'incubator/occupancy', ['operator', 'college', 'officer']],
		['GET', 'incubator/bookings', INC],
		['POST', 'incubator/bookings', INC, {}],
		['POST', 'incubator/bookings/series', INC, {}],
		['GET', `incubator/bookings/${ids.booking}`, INC],
		['POST', `incubator/bookings/${ids.booking}/confirm`, INC],
		['POST', `incubator/bookings/${ids.booking}/cancel`, INC],
		['POST', `incubator/bookings/${ids.booking}/no-show`, ['operator', 'college']],
		['POST', 'incubator/checkin', INC, { pass: 'x' }],
		['GET', 'incubator/projects', INC],
		['POST', 'incubator/projects', ['student'], {}],
		['GET', `incubator/projects/${P}`, INC],
		['POST', `incubator/projects/${P}`, ['operator', 'student'], {}],
		['POST', `incubator/projects/${P}/withdraw`, ['student']],
		['POST', `incubator/projects/${P}/review`, ['operator'], {}],
		['POST', `incubator/projects/${P}/leave`, ['operator'], {}],
		['GET', `incubator/projects/${P}/graduation`, ['operator', 'mentor', 'student']],
		['POST', `incubator/projects/${P}/members`, ['operator', 'student'], {}],
		['POST', `incubator/projects/${P}/members/remove`, ['operator', 'student'], {}],
		['POST', `incubator/projects/${P}/plan`, ['student']], // no body: the PDF type is checked first
		['GET', `incubator/projects/${P}/plan`, ['operator', 'mentor', 'student']],
		['POST', `incubator/projects/${P}/mentors`, ['operator'], {}],
		['POST', `incubator/projects/${P}/milestones`, ['operator', 'student'], {}],
		['POST', `incubator/projects/${P}/reports`, ['operator', 'student'], {}],
		['POST', `incubator/projects/${P}/services`, ['student'], {}],
		['GET', 'incubator/reports', INC],
		['GET', `incubator/reports/${ids.report}`, INC],
		['POST', `incubator/reports/${ids.report}/hire`, ['operator', 'student'], {}],
		['GET', 'incubator/reminders', INC],
		['GET', 'incubator/mentors', ['operator', 'college', 'mentor']],
		['GET', 'incubator/sessions', INC],
		['POST', 'incubator/sessions', ['mentor', 'student'], {}],
		['POST', `incubator/sessions/${ids.session}/log`, ['operator', 'mentor'], {}],
		['POST', `incubator/sessions/${ids.session}/rate`, ['student'], {}],
		['GET', 'incubator/activities', ANY],
		['POST', 'incubator/activities', ['operator', 'college'], {}],
		['GET', `incubator/activities/${ids.activity}`, ANY],
		['POST', `incubator/activities/${ids.activity}`, ['operator', 'college'], {}],
		['POST', `incubator/activities/${ids.activity}/status`, ['operator', 'college'], {}],
		['POST', `incubator/activities/${ids.activity}/register`, ANY],
		['POST', `incubator/activities/${ids.activity}/unregister`, ANY],
		['GET', `incubator/activities/${ids.activity}/pass`, ANY],
		['POST', `incubator/activities/${ids.activity}/checkin`, ['operator', 'college'], {}],
		['POST', `incubator/activities/${ids.activity}/feedback`, ANY, {}],
		['GET', `incubator/activities/${ids.activity}/registrations`, ['operator', 'college']],
		['GET', 'incubator/services', INC],
		['POST', `incubator/services/${ids.service}/assign`, ['operator'], {}],
		['POST', `incubator/services/${ids.service}/done`, ['operator', 'mentor'], {}],
		['POST', `incubator/services/${ids.service}/cancel`, ['operator', 'student']],
		['POST', `incubator/services/${ids.service}/rate`, ['student'], {}],
		['GET', 'incubator/dashboard', ['operator', 'officer']],
		['GET', 'incubator/settings', ['operator']],
		['POST', 'incubator/settings', ['operator'], {}],
		['GET', 'incubator/export/projects', [...INC, 'officer']],
	];
};

describe('the route table', () => {
	it('every incubator endpoint refuses the roles it does not list with 403, anonymous with 401, and writes nothing', async () => {
		const before = state();
		let refused = 0;
		for (const [method, p, allowed, body] of ROUTES()) {
			for (const [role, c] of Object.entries(clients)) {
				if (allowed.includes(role)) continue;
				const r = method === 'GET' ? await c.get(p) : await c.post(p, body);
				expectError(r, 403, 'forbidden');
				refused += 1;
			}
			const anon = method === 'GET' ? await srv.client().get(p) : await srv.client().post(p, body);
			expectError(anon, 401, 'unauthenticated');
		}
		assert.ok(refused >= 200, `${refused} refusals checked`);
		assert.equal(state(), before);
	});
});

describe('the contract', () => {
	it('every incubator route of the route table is a row of docs/api.md, and this file checks its roles', async () => {
		const doc = (await srv.client().get('openapi.json')).json;
		const md = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
		const rows = new Set([...md.matchAll(/^\|\s*(GET|POST)\s*\|\s*(\/incubator[^\s|]*)\s*\|/gm)].map((m) => `${m[1]} ${m[2]}`));
		const tested = new Set(ROUTES().map(([m, p]) => `${m} /${p.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/export\/\w+$/, 'export/{name}')}`));
		const routes = [];
		for (const [p, item] of Object.entries(doc.paths)) {
			const rel = p.replace(/^\/api\/v1/, '');
			if (!rel.startsWith('/incubator/')) continue;
			for (const m of Object.keys(item)) routes.push(`${m.toUpperCase()} ${rel}`);
		}
		assert.ok(routes.length >= 70, `${routes.length} incubator routes`);
		assert.deepEqual(routes.filter((r) => !rows.has(r)), [], 'routes without a row in docs/api.md');
		assert.deepEqual(routes.filter((r) => !tested.has(r)), [], 'routes the matrix above does not check');
	});
});

describe('projects are closed to each other', () => {
	it('a member of another project sees none of P: page, reports, members, sessions, services, bookings', async () => {
		const c = w.sB.client;
		expectError(await c.get(`incubator/projects/${w.P.id}`), 404, 'not_found');
		expectError(await c.get(`incubator/reports/${ids.report}`), 404, 'not_found');
		expectError(await c.get(`incubator/projects/${w.P.id}/graduation`), 404, 'not_found');
		for (const [p, key] of [['incubator/projects', 'id'], ['incubator/reports', 'project_id'], ['incubator/sessions', 'project_id'], ['incubator/services', 'project_id'], ['incubator/bookings', 'project_id'], ['incubator/reminders', 'project_id']]) {
			const items = (await mustGet(c, `${p}?page_size=200`)).items;
			assert.ok(!items.some((x) => x[key] === w.P.id), `${p} shows P to a member of Q`);
		}
		// Another project's booking: only its public shape.
		const b = (await mustGet(c, `incubator/bookings/${ids.booking}`)).booking;
		assert.equal(b.title, undefined);
		assert.equal(b.booker, undefined);
		assert.equal(b.project, undefined);
		const room = (await mustGet(c, `incubator/rooms/${w.room.id}?from=${encodeURIComponent(at(3, 0))}`)).room;
		const seen = room.bookings.find((x) => x.id === ids.booking);
		assert.equal(seen.mine, false);
		assert.equal(seen.title, undefined);
		// Writes into P are refused as not found.
		expectError(await c.post(`incubator/projects/${w.P.id}/reports`, { month: lastMonth(), revenue: 1, staff: 0, staff_students: 0, staff_graduates: 0, financing: 0, patents: 0, software_copyrights: 0 }), 404, 'not_found');
		expectError(await c.post(`incubator/projects/${w.P.id}/members`, { login: w.sB.login, name: w.sB.name }), 404, 'not_found');
		expectError(await c.post(`incubator/services/${ids.service}/cancel`), 404, 'not_found');
		expectError(await c.post(`incubator/bookings/${ids.booking}/cancel`), 403, 'forbidden');
	});

	it('members\' contacts: masked, for the project, its mentors, the operator and their own college only', async () => {
		const phoneOf = (project) => project.member_list.find((m) => m.account_id === w.sA2.account.id).phone_masked;
		for (const c of [w.sA1.client, w.mentor.client, admin, w.staffA.client]) {
			const p = (await mustGet(c, `incubator/projects/${w.P.id}`)).project;
			assert.equal(phoneOf(p), '138****5678');
		}
		// Staff of college B see project P? No: none of its members is theirs.
		expectError(await w.staffB.client.get(`incubator/projects/${w.P.id}`), 404, 'not_found');
		assert.ok((await mustGet(w.staffB.client, `incubator/projects/${w.Q.id}`)).project);
		// Nowhere does the full number appear.
		for (const c of [w.sA1.client, admin]) assert.ok(!(await c.get(`incubator/projects/${w.P.id}`)).text.includes('13812345678'));
	});

	it('college staff see their students\' projects; mentors theirs; the operator all', async () => {
		const names = async (c) => (await mustGet(c, 'incubator/projects?page_size=200')).items.map((x) => x.id).sort();
		assert.deepEqual(await names(w.staffA.client), [w.P.id]);
		assert.deepEqual(await names(w.staffB.client), [w.Q.id]);
		assert.deepEqual(await names(w.mentor.client), [w.P.id]);
		assert.deepEqual(await names(admin), [w.P.id, w.Q.id].sort());
		// College staff read but do not act as members.
		expectError(await w.staffA.client.post(`incubator/bookings/${ids.booking}/cancel`), 403, 'forbidden');
		const reports = (await mustGet(w.staffA.client, 'incubator/reports')).items;
		assert.ok(reports.some((r) => r.id === ids.report));
		assert.equal((await mustGet(w.staffB.client, 'incubator/reports')).items.length, 0);
		// A mentor of P sees its report and session, not Q's.
		assert.ok((await mustGet(w.mentor.client, `incubator/reports/${ids.report}`)).report);
		expectError(await w.mentor.client.get(`incubator/projects/${w.Q.id}`), 404, 'not_found');
	});
});
