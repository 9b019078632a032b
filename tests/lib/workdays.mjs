// An independent model of the Chinese working-day calendar for the tests: it reads
// data/cn-workday-calendar.tsv itself and walks days one by one with JavaScript's
// own Date arithmetic (UTC), so that the server's and the command's answers are
// checked against something that shares no code with them.
//
// Dates are 'YYYY-MM-DD' strings. A year is covered when its State Council notice
// is in the file; the December days of a 元旦 holiday belong to the next year's
// notice (as the file's header says).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CALENDAR_FILE = path.join(ROOT, 'data', 'cn-workday-calendar.tsv');

const DAY = 86400000;
export const toMs = (d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
export const fromMs = (ms) => new Date(ms).toISOString().slice(0, 10);
export const plusDays = (d, n) => fromMs(toMs(d) + n * DAY);
/** Today in China (UTC+8). */
export const chinaToday = () => fromMs(Date.now() + 8 * 3600000);

/** A calendar: listed days (date → 'off'|'work') and covered years. */
export class Calendar {
	constructor(days = new Map(), years = new Set()) {
		this.days = days;
		this.years = years;
	}

	/** The shipped file, parsed here. */
	static shipped() {
		const cal = new Calendar();
		for (const line of fs.readFileSync(CALENDAR_FILE, 'utf8').split('\n')) {
			if (!line || line.startsWith('#')) continue;
			const [date, kind, name] = line.split('\t');
			cal.list(date, kind, name);
		}
		return cal;
	}

	/** Lists a day of the notice its date and name imply (or of year). */
	list(date, kind, name, year) {
		this.days.set(date, kind);
		const y = Number(date.slice(0, 4));
		this.years.add(year ?? (date.slice(5, 7) === '12' && name.includes('元旦') ? y + 1 : y));
		return this;
	}

	clone() {
		return new Calendar(new Map(this.days), new Set(this.years));
	}

	isWork(d) {
		const k = this.days.get(d);
		if (k) return k === 'work';
		const w = new Date(toMs(d)).getUTCDay();
		return w >= 1 && w <= 5;
	}

	/** The first year from a's to b's (walking that way) not covered, or 0. */
	missing(a, b) {
		const ya = Number(a.slice(0, 4));
		const yb = Number(b.slice(0, 4));
		const step = ya <= yb ? 1 : -1;
		for (let y = ya; ; y += step) {
			if (!this.years.has(y)) return y;
			if (y === yb) return 0;
		}
	}

	/** Working days d with a < d <= b, one by one. */
	count(a, b) {
		let n = 0;
		for (let d = plusDays(a, 1); d <= b; d = plusDays(d, 1)) n += this.isWork(d) ? 1 : 0;
		return n;
	}

	/** The n-th working day after (n > 0) or before (n < 0) from. */
	add(from, n) {
		let d = from;
		const step = n > 0 ? 1 : -1;
		for (let left = Math.abs(n); left > 0; ) {
			d = plusDays(d, step);
			if (this.isWork(d)) left -= 1;
		}
		return d;
	}
}

/**
 * The clock of a case accepted on start with committed limit L and statutory limit S, as
 * the server should show it on today with no pause (docs/services.md):
 * {deadline, statutory, used, remaining, colour, missing}.
 */
export function simpleClock(cal, start, L, S, today) {
	const deadline = cal.add(start, L);
	const statutory = cal.add(start, S);
	const yesterday = plusDays(today, -1);
	const used = cal.count(start, yesterday);
	const colour = used >= L ? 'overdue' : used * 5 >= L * 4 ? 'red' : used * 2 >= L ? 'yellow' : 'green';
	const last = [statutory, yesterday].sort().pop();
	return { deadline, statutory, used, remaining: L - used, colour, missing: cal.missing(start, last) };
}
