/**
 * Bytes to text: find the character encoding of an input and decode it, refusing binary files.
 *
 * Order of evidence, strongest first (as browsers do): a byte order mark; the charset of the HTTP Content-Type; a
 * `<meta charset>`, `<meta http-equiv="Content-Type">` or XML declaration in the first bytes; then detection —
 * valid UTF-8 stays UTF-8, anything else goes to chardet's statistical detector and is decoded with iconv-lite.
 * Pure: bytes in, text out.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { defaultConfig } from '../config.ts';
import { InputError } from '../errors.ts';

export interface DecodedText {
  text: string;
  /** Lower-case encoding label, e.g. `utf-8`, `utf-16le`, `windows-1252`, `shift_jis`. */
  charset: string;
  /** `bom`: a byte order mark; `declared`: HTTP header, meta tag or XML declaration; `detected`: from the bytes. */
  confidence: 'declared' | 'bom' | 'detected';
}

export interface DecodeHints {
  /** File path or URL, for error messages. */
  name: string;
  /** The HTTP Content-Type (or a media type guessed for a file), whose `charset` parameter is honoured. */
  contentType?: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies

/** Magic numbers of the binary formats most likely to be handed to a text pipeline by mistake. */
const BINARY_SIGNATURES: ReadonlyArray<{ kind: string; offset: number; bytes: readonly number[] }> = [
  { kind: 'PNG image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'JPEG image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { kind: 'GIF image', offset: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'WebP image', offset: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { kind: 'PDF document', offset: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: 'gzip data', offset: 0, bytes: [0x1f, 0x8b] },
  { kind: 'bzip2 data', offset: 0, bytes: [0x42, 0x5a, 0x68] },
  { kind: 'xz data', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { kind: '7-Zip archive', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: 'zstd data', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { kind: 'ELF executable', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { kind: 'Windows executable', offset: 0, bytes: [0x4d, 0x5a] },
  { kind: 'SQLite database', offset: 0, bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66] },
  { kind: 'MP4/QuickTime media', offset: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
  { kind: 'Ogg media', offset: 0, bytes: [0x4f, 0x67, 0x67, 0x53] },
  { kind: 'MP3 audio', offset: 0, bytes: [0x49, 0x44, 0x33] },
  { kind: 'WebAssembly module', offset: 0, bytes: [0x00, 0x61, 0x73, 0x6d] },
  { kind: 'OLE2 (legacy Office) document', offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

/** Byte order marks; UTF-32 before UTF-16 because the UTF-32LE mark starts with the UTF-16LE one. */
const BOMS: ReadonlyArray<{ charset: string; bytes: readonly number[] }> = [
  { charset: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { charset: 'utf-32le', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { charset: 'utf-32be', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { charset: 'utf-16le', bytes: [0xff, 0xfe] },
  { charset: 'utf-16be', bytes: [0xfe, 0xff] },
];

/**
 * Declared labels replaced by the encoding browsers actually use (WHATWG Encoding Standard): servers say
 * ISO-8859-1 or ASCII while sending Windows-1252 curly quotes and dashes.
 */
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-cp1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  'x-sjis': 'shift_jis',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** Single-byte Latin encodings the detector confuses with one another on short texts. */
const LATIN_SINGLE_BYTE = /^(windows-125[0247]|iso-8859-(?:1|2|3|4|9|10|13|14|15|16))$/;
/** Below this detector confidence (0–100) a Latin guess other than Windows-1252 is not trusted. */
const MIN_CONFIDENCE_OTHER_LATIN = 60;
/** Below this detector confidence nothing is trusted and Windows-1252, the commonest legacy web encoding, is used. */
const MIN_CONFIDENCE_ANY = 20;
/** The legacy fallback, as in browsers for Western locales. */
const FALLBACK_CHARSET = 'windows-1252';

/** How much of the start of the input is scanned for signatures, meta declarations and NUL bytes. */
const SNIFF_BYTES = 8192;

// ---------------------------------------------------------------------------------------------------------------

/** Decode an input's bytes to text; throws `InputError` for empty and binary inputs. */
export function decodeText(bytes: Uint8Array, hints: DecodeHints): DecodedText {
  const { name } = hints;
  if (bytes.length === 0) throw new InputError(name, 'empty file');

  const bom = BOMS.find((b) => startsWith(bytes, b.bytes, 0));
  if (bom) {
    return {
      text: decodeWith(bytes.subarray(bom.bytes.length), bom.charset, name),
      charset: bom.charset,
      confidence: 'bom',
    };
  }

  const binary = binaryKind(bytes);
  if (binary) throw new InputError(name, `binary content (${binary}), not text`);

  const declared = charsetFromContentType(hints.contentType) ?? charsetFromMarkup(bytes);
  const wide = declared !== null && /^utf-(16|32)/.test(declared);
  if (!wide && hasNulBytes(bytes)) {
    const utf16 = guessBomlessUtf16(bytes);
    if (utf16) return { text: decodeWith(bytes, utf16, name), charset: utf16, confidence: 'detected' };
    throw new InputError(name, 'binary content (NUL bytes), not text');
  }

  if (declared) {
    // Declarations are often stale: a UTF-8 one the bytes contradict is a server default, and non-ASCII bytes that
    // happen to form valid UTF-8 are UTF-8 (legacy text almost never does). Otherwise the declaration rules.
    const utf8 = isValidUtf8(bytes);
    const contradicted = declared === 'utf-8' ? !utf8 : !wide && utf8 && !isAscii(bytes);
    if (!contradicted) return { text: decodeWith(bytes, declared, name), charset: declared, confidence: 'declared' };
  }

  const charset = detectCharset(bytes);
  return { text: decodeWith(bytes, charset, name), charset, confidence: 'detected' };
}

/** Throw `InputError` naming the size and the cap when an input is larger than `maxBytes`. */
export function assertWithinSizeCap(name: string, size: number, maxBytes: number = defaultConfig.maxInputBytes): void {
  if (size > maxBytes) {
    throw new InputError(name, `too large: ${formatByteSize(size)} is over the ${formatByteSize(maxBytes)} cap`);
  }
}

/** "512 bytes", "1.5 KB", "20 MB" (binary multiples, as the cap is configured). */
export function formatByteSize(size: number): string {
  if (size < 1024) return `${size} byte${size === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}

/**
 * The charset parameter of a Content-Type, normalised, or null when absent or not one iconv-lite can decode.
 * Exported for the ingest orchestrator, which may want to report it.
 */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentType);
  return normaliseCharset(match?.[1] ?? match?.[2] ?? null);
}

// ---------------------------------------------------------------------------------------------------------------

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset: number): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((b, i) => bytes[offset + i] === b);
}

function binaryKind(bytes: Uint8Array): string | null {
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes, signature.offset)) {
      // "MZ" and "ID3" are short enough to begin a text by chance ("MZ Ltd said…"); demand a NUL or control byte too.
      if (signature.bytes.length < 4 && !hasNulBytes(bytes) && !hasControlBytes(bytes)) continue;
      return signature.kind;
    }
  }
  return null;
}

function hasNulBytes(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** C0 control bytes other than tab, line feed, form feed, carriage return and escape (used by ISO-2022). */
function hasControlBytes(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return true;
  }
  return false;
}

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte, on one side only. */
function guessBomlessUtf16(bytes: Uint8Array): string | null {
  const end = Math.min(bytes.length - (bytes.length % 2), SNIFF_BYTES);
  if (end < 4) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = end / 2;
  if (oddNuls > pairs * 0.8 && evenNuls === 0) return 'utf-16le';
  if (evenNuls > pairs * 0.8 && oddNuls === 0) return 'utf-16be';
  return null;
}

/**
 * `<meta charset>`, `<meta http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>` in the
 * first bytes, read as Latin-1 (every declaration is ASCII). Regular expressions rather than an HTML parser because
 * the text cannot be parsed before its encoding is known — the same pre-scan browsers do.
 */
function charsetFromMarkup(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, SNIFF_BYTES));
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const fromXml = asciiCompatible(normaliseCharset(xml?.[1] ?? null));
  if (fromXml) return fromXml;
  for (const tag of head.match(/<meta\s[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(tag);
    if (direct) {
      const charset = asciiCompatible(normaliseCharset(direct[1] ?? null));
      if (charset) return charset;
    }
  }
  return null;
}

/** A meta tag that could be read as ASCII cannot really be in UTF-16 (WHATWG: treat as UTF-8). */
function asciiCompatible(charset: string | null): string | null {
  return charset && /^utf-(16|32)/.test(charset) ? 'utf-8' : charset;
}

function normaliseCharset(label: string | null): string | null {
  if (!label) return null;
  const lower = label.trim().toLowerCase();
  const charset = LABEL_ALIASES[lower] ?? lower;
  return iconv.encodingExists(charset) ? charset : null;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function detectCharset(bytes: Uint8Array): string {
  if (isValidUtf8(bytes)) return 'utf-8';
  const candidates = chardet
    .analyse(bytes.subarray(0, 64 * 1024))
    .map((match) => ({ charset: normaliseCharset(match.name), confidence: match.confidence }))
    .filter((c): c is { charset: string; confidence: number } => c.charset !== null && !/^utf-8$/.test(c.charset));
  const best = candidates[0];
  if (!best || best.confidence < MIN_CONFIDENCE_ANY) return FALLBACK_CHARSET;
  // On short texts the detector reads "café" as Central European as readily as Western; prefer Western unless sure.
  if (LATIN_SINGLE_BYTE.test(best.charset) && best.confidence < MIN_CONFIDENCE_OTHER_LATIN) return FALLBACK_CHARSET;
  return best.charset;
}

function decodeWith(bytes: Uint8Array, charset: string, name: string): string {
  const text =
    charset === 'utf-8'
      ? new TextDecoder('utf-8').decode(bytes)
      : iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, { stripBOM: true });
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.length === 0) throw new InputError(name, 'empty file');
  return withoutBom;
}
