/** Amounts and TIMEX3 duration values: "three" → 3, "2 1/2 years" → `P2Y6M`, "several months" → `PXM`. */
import { DURATION_UNITS, NUMBER_WORDS, VAGUE_AMOUNTS } from './patterns.ts';

/** Lower case, single spaces, no final dot ("Sept." → "sept"). */
export const lower = (s: string | undefined) => (s ?? '').toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "three" → 3, "2 1/2" → 2.5, "twenty-five" → 25, "several" → null (vague). */
export function parseAmount(raw: string | undefined): number | null | undefined {
  if (!raw) return undefined;
  const s = lower(raw);
  if (VAGUE_AMOUNTS.includes(s)) return null;
  if (s === 'a couple of' || s === 'couple of' || s === 'a couple') return 2;
  const fraction = /^(\d+)\s+(\d)\/(\d)$/.exec(s);
  if (fraction) return Number(fraction[1]) + Number(fraction[2]) / Number(fraction[3]);
  if (/^[\d,.]+$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^half an?$/.test(s)) return 0.5;
  let value = 0;
  let rest = s;
  const andHalf = rest.endsWith(' and a half');
  if (andHalf) rest = rest.slice(0, -' and a half'.length);
  for (const part of rest.split(/[\s-]+/)) {
    const n = NUMBER_WORDS[part];
    if (n === undefined) return undefined;
    value = n === 100 && value > 0 ? value * 100 : value + n;
  }
  return value + (andHalf ? 0.5 : 0);
}

const SMALLER: Record<string, [string, number, boolean]> = {
  'Y:false': ['M', 12, false],
  'M:false': ['D', 30, false],
  'W:false': ['D', 7, false],
  'D:false': ['H', 24, true],
  'H:true': ['M', 60, true],
  'M:true': ['S', 60, true],
};

/** TIMEX3 duration value: `P3Y`, `PT5H30M`, `P2Y6M`, `PXM` for a vague amount. */
export function durationValue(amount: number | null, unitWord: string): string | null {
  const unit = DURATION_UNITS[unitWord.toLowerCase().replace(/s$/, '')];
  if (!unit) return null;
  const prefix = unit.time ? 'PT' : 'P';
  // TimeML writes vague decades and centuries with the unit letters E and C ("decades" → PXE).
  if (amount === null) return `${prefix}X${unit.factor >= 10 ? (unit.factor === 10 ? 'E' : 'C') : unit.code}`;
  const total = amount * unit.factor;
  const whole = Math.floor(total);
  const fraction = total - whole;
  if (fraction === 0) return `${prefix}${whole}${unit.code}`;
  const smaller = SMALLER[`${unit.code}:${unit.time}`];
  if (!smaller) return `${prefix}${total}${unit.code}`;
  const [code, per, time] = smaller;
  const part = Math.round(fraction * per);
  if (whole === 0) return `${time ? 'PT' : 'P'}${part}${code}`;
  if (time && !unit.time) return `P${whole}${unit.code}T${part}${code}`;
  return `${prefix}${whole}${unit.code}${part}${code}`;
}

export const unitName = (word: string) => {
  const w = word.toLowerCase();
  return w === 'centuries' ? 'century' : w.replace(/s$/, '');
};
