// TOTP (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) as an authenticator app computes
// it, for the test harnesses: they enrol staff accounts and answer the second login step
// like a person with the app would.  Node's own crypto; no dependency.
import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes base32 (RFC 4648; either case; spaces, '-' and '=' ignored) into a Buffer. */
export function base32Decode(text) {
	const clean = text.replace(/[\s=-]/g, '').toUpperCase();
	let bits = 0;
	let acc = 0;
	const out = [];
	for (const ch of clean) {
		const v = ALPHABET.indexOf(ch);
		if (v < 0) throw new Error(`not base32: ${ch}`);
		acc = ((acc << 5) | v) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			out.push((acc >> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

/** The step a time (ms since the epoch, default now) falls in. */
export function totpStep(ms = Date.now()) {
	return Math.floor(ms / 1000 / 30);
}

/** The 6-digit code of a base32 secret at a step (RFC 4226 dynamic truncation). */
export function totpCode(secret, step = totpStep()) {
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(step));
	const h = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
	const off = h[h.length - 1] & 0x0f;
	const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
	return String(bin % 1e6).padStart(6, '0');
}

/**
 * An authenticator for one enrolled account: the secret, the recovery codes it was given
 * and the last step it used.  The server accepts a step once and never an earlier one, and
 * only now-1..now+1, so next() gives the code of the current step, else the next one, else a
 * recovery code, else waits for the next step: logins in quick succession keep working.
 */
export class Authenticator {
	constructor(secret, recoveryCodes = []) {
		this.secret = secret.replace(/\s+/g, '');
		this.recovery = [...recoveryCodes];
		this.lastStep = -1;
	}

	/** Marks a step as used (e.g. the one an enrolment was confirmed with). */
	used(step) {
		this.lastStep = Math.max(this.lastStep, step);
	}

	/** A code the server will take now: {code, step} (step null for a recovery code). */
	async next() {
		for (;;) {
			const now = totpStep();
			for (const step of [now, now + 1]) {
				if (step > this.lastStep) {
					this.lastStep = step;
					return { code: totpCode(this.secret, step), step };
				}
			}
			if (this.recovery.length) return { code: this.recovery.shift(), step: null };
			const wait = 30000 - (Date.now() % 30000) + 50;
			await new Promise((r) => setTimeout(r, wait));
		}
	}
}
