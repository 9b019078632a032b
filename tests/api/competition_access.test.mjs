// The competition's access matrix (src/http/routes.c against docs/api.md): every
// competition route refuses the roles it does not list with 403 and anonymous callers with
// 401, and a refusal writes nothing; HR and officers see nothing of the competition; the
// public certificate check needs no login; and within the allowed roles, scope: a college
// reads and endorses only its own teams, a student only their own, a judge only the
// editions they judge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, makeAccount } from './harness.mjs';
import { addJudges, addRound, makeCompWorld, makeTeam, openEdition, pdf, startCompServer } from './competition_lib.mjs';

let srv, w, admin, ed, round, team, clients;

before(async () => {
	srv = await startCompServer();
	w = await makeCompWorld(srv, { students: 2, judges: 2 });
	admin = w.admin;
	ed = await openEdition(admin);
	team = await makeTeam(w, ed, { leader: w.students.A[0], staff: w.staffA });
	await addJudges(w, ed, [{ judge: w.judges[0], tracks: ['新材料'] }]);
	round = await addRound(admin, ed, { per_team: 1 });
	const o = await makeAccount(admin, { role: 'officer', display_name: '林科长' });
	clients = {
		operator: admin,
		college: w.staffA.client,
		enterprise: w.hr.client,
		student: w.students.A[0].client,
		judge: w.judges[0].client,
		mentor: w.mentor.client,
		officer: await srv.login(o.login, o.password),
	};
});
after(async () => {
	await srv?.stop();
});

const COMP = ['operator', 'college', 'student', 'judge', 'mentor'];
const JUDGES = ['judge', 'mentor'];

function routes() {
	const e = ed.id, r = round, t = team.id;
	return [
		['GET', 'competition/editions', COMP],
		['POST', 'competition/editions', ['operator'], {}],
		['GET', `competition/editions/${e}`, COMP],
		['POST', `competition/editions/${e}`, ['operator'], {}],
		['POST', `competition/editions/${e}/status`, ['operator'], { to: 'finished' }],
		['POST', `competition/editions/${e}/tracks`, ['operator'], { name: '越权赛道' }],
		['POST', `competition/tracks/${ed.tracks['新材料']}`, ['operator'], { name: '越权改名' }],
		['POST', `competition/editions/${e}/rounds`, ['operator'], {}],
		['GET', `competition/editions/${e}/teams`, ['operator', 'college']],
		['GET', `competition/editions/${e}/teams/export`, ['operator', 'college']],
		['POST', `competition/editions/${e}/teams`, ['student'], { track_id: ed.tracks['新材料'], name: '越权团队' }],
		['POST', `competition/editions/${e}/check`, ['operator']],
		['GET', `competition/editions/${e}/entries`, ['operator', ...JUDGES]],
		['GET', `competition/editions/${e}/judges`, ['operator']],
		['POST', `competition/editions/${e}/judges`, ['operator'], {}],
		['GET', `competition/editions/${e}/results`, COMP],
		['GET', `competition/editions/${e}/stats`, ['operator']],
		['GET', `competition/editions/${e}/stats/export?table=colleges`, ['operator']],
		['GET', `competition/editions/${e}/appeals`, ['operator']],
		['GET', `competition/rounds/${r}`, COMP],
		['POST', `competition/rounds/${r}`, ['operator'], {}],
		['POST', `competition/rounds/${r}/sheet`, ['operator'], {}],
		['POST', `competition/rounds/${r}/quotas`, ['operator'], { quotas: [] }],
		['POST', `competition/rounds/${r}/assign`, ['operator']],
		['GET', `competition/rounds/${r}/assignments`, ['operator']],
		['POST', `competition/rounds/${r}/swap`, ['operator'], {}],
		['POST', `competition/rounds/${r}/extra`, ['operator'], {}],
		['GET', `competition/rounds/${r}/review`, JUDGES],
		['POST', `competition/rounds/${r}/scores`, JUDGES, {}],
		['GET', `competition/rounds/${r}/scores`, ['operator']],
		['GET', `competition/rounds/${r}/scores/export`, ['operator']],
		['GET', `competition/rounds/${r}/results`, ['operator']],
		['GET', `competition/rounds/${r}/results/export`, ['operator']],
		['POST', `competition/rounds/${r}/promote`, ['operator']],
		['POST', `competition/rounds/${r}/publish`, ['operator']],
		['POST', `competition/rounds/${r}/order`, ['operator'], { team_ids: [t] }],
		['POST', `competition/rounds/${r}/stage`, ['operator'], { action: 'clear' }],
		['GET', `competition/rounds/${r}/stage`, COMP],
		['GET', 'competition/teams/mine', ['student']],
		['GET', `competition/teams/${t}`, COMP],
		['POST', `competition/teams/${t}`, ['student'], {}],
		['POST', `competition/teams/${t}/members`, ['student'], {}],
		['POST', `competition/teams/${t}/members/remove`, ['student'], {}],
		['POST', `competition/teams/${t}/accept`, ['student']],
		['POST', `competition/teams/${t}/decline`, ['student']],
		['POST', `competition/teams/${t}/advisors`, ['student'], {}],
		['POST', `competition/teams/${t}/mentors`, ['operator'], { mentor_ids: [] }],
		['GET', `competition/teams/${t}/plan`, ['operator', 'student', 'college', ...JUDGES]],
		['POST', `competition/teams/${t}/submit`, ['student']],
		['POST', `competition/teams/${t}/recall`, ['student']],
		['POST', `competition/teams/${t}/withdraw`, ['student']],
		['POST', `competition/teams/${t}/endorse`, ['college'], { ok: true }],
		['POST', `competition/teams/${t}/check`, ['operator']],
		['POST', `competition/teams/${t}/appeals`, ['student'], {}],
		['POST', 'competition/appeals/1/answer', ['operator'], {}],
		['GET', 'competition/awards/1/certificate', ['operator', 'student', 'college']],
		['POST', 'competition/awards/1/seat', ['operator'], {}],
		['POST', 'competition/awards/1/seat/answer', ['student'], {}],
		['GET', 'competition/judging', JUDGES],
		['GET', `competition/judges/${w.judges[0].id}`, ['operator', ...JUDGES]],
		['POST', `competition/judges/${w.judges[0].id}`, ['operator'], {}],
		['POST', `competition/judges/${w.judges[0].id}/respond`, JUDGES, { accept: false }],
		['POST', `competition/judges/${w.judges[0].id}/conflicts`, ['operator', ...JUDGES], {}],
		['POST', 'competition/conflicts/1/delete', ['operator', ...JUDGES]],
		['POST', 'competition/scores/1/amend', ['operator'], {}],
	];
}

/** Everything a refusal might have touched, as the operator reads it. */
async function state() {
	const get = async (p) => (await admin.get(p)).json;
	return {
		edition: await get(`competition/editions/${ed.id}`),
		teams: await get(`competition/editions/${ed.id}/teams?page_size=200`),
		team: await get(`competition/teams/${team.id}`),
		judges: await get(`competition/editions/${ed.id}/judges`),
		round: await get(`competition/rounds/${round}`),
		stage: (({ timer, ...rest }) => rest)(await get(`competition/rounds/${round}/stage`)),
	};
}

describe('the route table', () => {
	it('every competition route refuses the roles it does not list (403), anonymous callers (401), and writes nothing', async () => {
		const before = await state();
		let refused = 0;
		for (const [method, p, allowed, body] of routes()) {
			for (const [role, c] of Object.entries(clients)) {
				if (allowed.includes(role)) continue;
				const r = method === 'GET' ? await c.get(p) : await c.post(p, body);
				expectError(r, 403, 'forbidden');
				refused += 1;
			}
			const anon = method === 'GET' ? await srv.client().get(p) : await srv.client().post(p, body);
			expectError(anon, 401, 'unauthenticated');
		}
		assert.ok(refused >= 250, `${refused} refusals checked`);
		const plan = await w.hr.client.request('POST', `competition/teams/${team.id}/plan`, { body: pdf(), contentType: 'application/pdf' });
		expectError(plan, 403, 'forbidden');
		assert.deepEqual(await state(), before);
	});

	it('HR and officers see nothing of the competition; the certificate check is public', async () => {
		for (const c of [clients.enterprise, clients.officer]) {
			expectError(await c.get('competition/editions'), 403, 'forbidden');
			expectError(await c.get(`competition/teams/${team.id}`), 403, 'forbidden');
			expectError(await c.get(`competition/rounds/${round}/live`), 403, 'forbidden');
		}
		expectError(await srv.client().get('public/certificates/ABCDEFGHJKMN'), 404, 'not_found');
	});
});

describe('scope within the allowed roles', () => {
	it('a college reads and endorses only its own teams', async () => {
		const other = await makeTeam(w, ed, { leader: w.students.B[0], until: 'submitted' });
		expectError(await w.staffA.client.get(`competition/teams/${other.id}`), 404, 'not_found');
		expectError(await w.staffA.client.post(`competition/teams/${other.id}/endorse`, { ok: true }), 404, 'not_found');
		assert.equal((await w.staffB.client.get(`competition/teams/${other.id}`)).json.team.my_access, 'college');
		assert.ok(!(await w.staffA.client.get(`competition/editions/${ed.id}/teams`)).json.items.some((t) => t.id === other.id));
		assert.equal((await w.staffB.client.post(`competition/teams/${other.id}/endorse`, { ok: true })).status, 200);
	});

	it('a student reads only teams they lead, belong to or are invited to', async () => {
		expectError(await w.students.B[1].client.get(`competition/teams/${team.id}`), 404, 'not_found');
		expectError(await w.students.B[1].client.get(`competition/teams/${team.id}/plan`), 404, 'not_found');
		assert.equal((await w.students.A[0].client.get(`competition/teams/${team.id}`)).status, 200);
		assert.deepEqual((await w.students.B[1].client.get('competition/teams/mine')).json.items, []);
	});

	it('a judge reads the rounds and entries of editions they judge only', async () => {
		const other = await openEdition(admin);
		const r = await addRound(admin, other, {});
		expectError(await w.judges[1].client.get(`competition/editions/${ed.id}/entries`), 403, 'forbidden');
		expectError(await w.judges[0].client.get(`competition/editions/${other.id}/entries`), 403, 'forbidden');
		expectError(await w.judges[0].client.get(`competition/rounds/${r}`), 403, 'forbidden');
		expectError(await w.judges[0].client.get(`competition/rounds/${r}/review`), 403, 'forbidden');
		assert.equal((await w.judges[0].client.get(`competition/rounds/${round}`)).status, 200);
		assert.equal((await w.judges[0].client.get(`competition/editions/${ed.id}/entries`)).status, 200);
	});
});
