/**
 * Tokens and sentences with offsets into the clean text.
 *
 * Written by hand because the sentence splitters on npm either drop offsets or split news abbreviations ("Nov. 4",
 * "Brig. Gen. Pat Ryder", "the U.S. Department of State"); the rules are few and the lists live in
 * `abbreviations.ts`.
 */
import type { Span, TextSpan } from '../../model.ts';
import { MONTH_ABBREVIATIONS, OTHER_ABBREVIATIONS, SENTENCE_STARTERS, TITLE_ABBREVIATIONS } from './abbreviations.ts';

export interface Token extends TextSpan {}

export interface SentenceWithTokens extends Span {
  tokens: Token[];
}

// Order matters: initialisms ("U.S.") before words, words (with inner hyphens, apostrophes, digits groups) before
// single punctuation marks.
const TOKEN_PATTERN =
  /(?:\p{L}\.){2,}|\p{N}+(?:[.,:]\p{N}+)*(?:\p{L}+)?|[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*|\.{3}|[^\s]/gu;
const POSSESSIVE = /^(.+?)(['’][sS])$/u;
const TERMINAL = new Set(['.', '!', '?', '…', '...']);
const CLOSING = new Set(['"', '”', '’', "'", ')', ']']);

/** Split text into tokens; a period that belongs to a known abbreviation stays on it ("Nov.", "Gen."). */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = from;
  for (let m = TOKEN_PATTERN.exec(text); m && m.index < to; m = TOKEN_PATTERN.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    const word = m[0];
    if (text[end] === '.' && isAbbreviation(word)) {
      end++;
      TOKEN_PATTERN.lastIndex = end;
    }
    const possessive = end - start > 2 ? POSSESSIVE.exec(word) : null;
    if (possessive?.[1] && text[end - 1] !== '.') {
      const split = start + possessive[1].length;
      tokens.push({ start, end: split, text: text.slice(start, split) });
      tokens.push({ start: split, end, text: text.slice(split, end) });
    } else {
      tokens.push({ start, end, text: text.slice(start, end) });
    }
  }
  return tokens;
}

function isAbbreviation(word: string): boolean {
  const lower = word.toLowerCase();
  return TITLE_ABBREVIATIONS.has(lower) || MONTH_ABBREVIATIONS.has(lower) || OTHER_ABBREVIATIONS.has(lower);
}

/** Split text into sentences (with their tokens). A line break always ends a sentence: headlines, date lines. */
export function splitSentences(text: string): SentenceWithTokens[] {
  const tokens = tokenize(text);
  const sentences: SentenceWithTokens[] = [];
  let current: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    current.push(token);
    const next = tokens[i + 1];
    if (!next || endsSentence(text, token, next, tokens[i + 2], tokens[i - 1])) {
      sentences.push({ start: current[0]!.start, end: token.end, tokens: current });
      current = [];
    }
  }
  return sentences;
}

function endsSentence(
  text: string,
  token: Token,
  next: Token,
  afterNext: Token | undefined,
  previous: Token | undefined,
): boolean {
  if (text.slice(token.end, next.start).includes('\n')) return true;
  if (CLOSING.has(next.text) && TERMINAL.has(token.text)) {
    // A quote mark stuck to the full stop closes the sentence one step later; one after a space opens the next
    // sentence (`he said. "And …`).
    const opensNext = next.start > token.end && /^\p{Lu}/u.test(afterNext?.text ?? '');
    return opensNext;
  }
  // A middle initial ("Paul D. Ryan") is not the end of a sentence.
  if (token.text === '.' && previous && /^\p{Lu}$/u.test(previous.text) && /^\p{Lu}\p{Ll}/u.test(next.text)) {
    return false;
  }
  const word = token.text;
  const nextStartsSentence = /^[\p{Lu}\p{N}"“‘(]/u.test(next.text);
  if (TERMINAL.has(word)) return nextStartsSentence;
  if (CLOSING.has(word)) {
    const before = text.slice(Math.max(0, token.start - 1), token.start);
    return TERMINAL.has(before) && nextStartsSentence;
  }
  if (!word.endsWith('.') || word.length < 2) return false;
  // An abbreviation carrying its period: decide from what follows.
  const bare = word.slice(0, -1).toLowerCase();
  if (TITLE_ABBREVIATIONS.has(bare)) return false;
  const starterFollows = SENTENCE_STARTERS.has(next.text.toLowerCase()) && /^\p{Lu}/u.test(next.text);
  if (MONTH_ABBREVIATIONS.has(bare)) return !/^\p{N}/u.test(next.text) && starterFollows;
  // An initialism ("U.S.") or another abbreviation ends a sentence when a typical sentence opening follows it and
  // that opening is not itself part of a name ("U.S. The ministry" but not "U.S. Department").
  return starterFollows && afterNext !== undefined;
}

/** Sentence spans only. */
export function sentenceSpans(text: string): Span[] {
  return splitSentences(text).map(({ start, end }) => ({ start, end }));
}
