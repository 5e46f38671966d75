import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { InputError } from '../errors.ts';
import { assertWithinSizeCap, charsetFromContentType, decodeText, formatByteSize } from './decode.ts';

const cafe = 'The café said it would reopen “soon” — the mayor’s office didn’t confirm.';
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesOf = (...parts: Array<number[] | Uint8Array>) => Uint8Array.from(parts.flatMap((p) => [...p]));

function inputError(name: string, problem: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.equal(error.input, name);
    assert.match(error.problem, problem);
    return true;
  };
}

describe('decodeText: byte order marks', () => {
  test('a UTF-8 BOM is honoured and stripped', () => {
    const result = decodeText(bytesOf([0xef, 0xbb, 0xbf], utf8(cafe)), { name: 'a.txt' });
    assert.deepEqual(result, { text: cafe, charset: 'utf-8', confidence: 'bom' });
  });

  test('a UTF-16LE BOM wins over a contradicting HTTP charset', () => {
    const bytes = bytesOf([0xff, 0xfe], iconv.encode(cafe, 'utf-16le'));
    const result = decodeText(bytes, { name: 'b.txt', contentType: 'text/plain; charset=iso-8859-1' });
    assert.deepEqual(result, { text: cafe, charset: 'utf-16le', confidence: 'bom' });
  });

  test('a UTF-16BE BOM', () => {
    const bytes = bytesOf([0xfe, 0xff], iconv.encode('Kyiv — “news”', 'utf-16be'));
    assert.deepEqual(decodeText(bytes, { name: 'c.txt' }), {
      text: 'Kyiv — “news”',
      charset: 'utf-16be',
      confidence: 'bom',
    });
  });

  test('a file holding only a BOM is empty', () => {
    assert.throws(
      () => decodeText(bytesOf([0xef, 0xbb, 0xbf]), { name: 'bom-only.txt' }),
      inputError('bom-only.txt', /^empty file$/),
    );
  });
});

describe('decodeText: declarations', () => {
  test('the HTTP charset is used', () => {
    const result = decodeText(iconv.encode('Привет, мир', 'koi8-r'), {
      name: 'u',
      contentType: 'text/plain; charset="KOI8-R"',
    });
    assert.deepEqual(result, { text: 'Привет, мир', charset: 'koi8-r', confidence: 'declared' });
  });

  test('ISO-8859-1 is read as Windows-1252, so curly quotes survive (as in browsers)', () => {
    const result = decodeText(iconv.encode(cafe, 'windows-1252'), {
      name: 'u',
      contentType: 'text/html; charset=ISO-8859-1',
    });
    assert.equal(result.text, cafe);
    assert.equal(result.charset, 'windows-1252');
    assert.equal(result.confidence, 'declared');
  });

  test('a <meta charset> declaration', () => {
    const html = `<!doctype html><html><head><meta charset="windows-1252"><title>t</title></head><body>${cafe}</body></html>`;
    const result = decodeText(iconv.encode(html, 'windows-1252'), { name: 'page.html', contentType: 'text/html' });
    assert.equal(result.confidence, 'declared');
    assert.equal(result.charset, 'windows-1252');
    assert.ok(result.text.includes(cafe));
  });

  test('a <meta http-equiv="Content-Type"> declaration', () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"></head><body>Prix: 5 €</body></html>`;
    const result = decodeText(iconv.encode(html, 'iso-8859-15'), { name: 'p.html' });
    assert.equal(result.charset, 'iso-8859-15');
    assert.match(result.text, /Prix: 5 €/);
  });

  test('an XML declaration', () => {
    const xml = `<?xml version="1.0" encoding="windows-1252"?><rss><channel><title>${cafe}</title></channel></rss>`;
    const result = decodeText(iconv.encode(xml, 'windows-1252'), { name: 'feed.xml' });
    assert.equal(result.confidence, 'declared');
    assert.ok(result.text.includes(cafe));
  });

  test('a garbled XML declaration gives way to a <meta> declaration', () => {
    const html = `<?xml version="1.0" encoding="no such thing"?><html><head><meta charset="windows-1252"></head><body>${cafe}</body></html>`;
    const result = decodeText(iconv.encode(html, 'windows-1252'), { name: 'x.html' });
    assert.equal(result.confidence, 'declared');
    assert.ok(result.text.includes(cafe));
  });

  test('an unknown declared label is ignored and detection decides', () => {
    const result = decodeText(utf8(cafe), { name: 'u', contentType: 'text/plain; charset=no-such-charset' });
    assert.deepEqual(result, { text: cafe, charset: 'utf-8', confidence: 'detected' });
  });

  test('a UTF-8 declaration contradicted by the bytes is overruled', () => {
    const result = decodeText(iconv.encode(cafe, 'windows-1252'), {
      name: 'u',
      contentType: 'text/html; charset=utf-8',
    });
    assert.equal(result.text, cafe);
    assert.equal(result.charset, 'windows-1252');
    assert.equal(result.confidence, 'detected');
  });

  test('a legacy declaration contradicted by valid non-ASCII UTF-8 is overruled', () => {
    const html = `<html><head><meta charset="iso-8859-1"></head><body>${cafe}</body></html>`;
    const result = decodeText(utf8(html), { name: 'stale.html' });
    assert.equal(result.charset, 'utf-8');
    assert.equal(result.confidence, 'detected');
    assert.ok(result.text.includes(cafe));
  });

  test('UTF-16 declared by HTTP without a BOM', () => {
    const result = decodeText(iconv.encode('Kyiv — “news”', 'utf-16le'), {
      name: 'u',
      contentType: 'text/plain; charset=utf-16le',
    });
    assert.deepEqual(result, { text: 'Kyiv — “news”', charset: 'utf-16le', confidence: 'declared' });
  });

  test('an ASCII-only text keeps its declared charset', () => {
    const result = decodeText(utf8('Plain words.'), { name: 'a', contentType: 'text/plain; charset=windows-1252' });
    assert.deepEqual(result, { text: 'Plain words.', charset: 'windows-1252', confidence: 'declared' });
  });

  test('charsetFromContentType', () => {
    assert.equal(charsetFromContentType('text/html; charset=UTF-8'), 'utf-8');
    assert.equal(charsetFromContentType('text/html;charset="Shift_JIS"; foo=bar'), 'shift_jis');
    assert.equal(charsetFromContentType('text/html'), null);
    assert.equal(charsetFromContentType(null), null);
  });
});

describe('decodeText: detection', () => {
  test('valid UTF-8 stays UTF-8', () => {
    assert.deepEqual(decodeText(utf8(cafe), { name: 'a.txt' }), {
      text: cafe,
      charset: 'utf-8',
      confidence: 'detected',
    });
  });

  test('plain ASCII is UTF-8', () => {
    assert.equal(decodeText(utf8('Hello, world.'), { name: 'a.txt' }).charset, 'utf-8');
  });

  test('Windows-1252 without any declaration: "café" and curly quotes', () => {
    const result = decodeText(iconv.encode(cafe, 'windows-1252'), { name: 'legacy.txt' });
    assert.equal(result.text, cafe);
    assert.equal(result.charset, 'windows-1252');
    assert.equal(result.confidence, 'detected');
  });

  test('a short Windows-1252 text is not mistaken for Central European', () => {
    const text = 'Le café “Noir” a fermé.';
    assert.equal(decodeText(iconv.encode(text, 'windows-1252'), { name: 'short.txt' }).text, text);
  });

  test('a Cyrillic Windows-1251 text is detected as such', () => {
    const text =
      'Президент заявил, что правительство не согласно с требованиями. Источники в Москве подтвердили встречу министров в среду.';
    const result = decodeText(iconv.encode(text, 'windows-1251'), { name: 'ru.txt' });
    assert.equal(result.charset, 'windows-1251');
    assert.equal(result.text, text);
  });

  test('Shift_JIS is detected', () => {
    const text = '政府は水曜日に会合を開くと発表した。関係者によると、閣僚は合意に達した。';
    const result = decodeText(iconv.encode(text, 'shift_jis'), { name: 'ja.txt' });
    assert.equal(result.charset, 'shift_jis');
    assert.equal(result.text, text);
  });

  test('UTF-16LE without a BOM', () => {
    const result = decodeText(iconv.encode('Plain words in UTF-16', 'utf-16le'), { name: 'w.txt' });
    assert.deepEqual(result, { text: 'Plain words in UTF-16', charset: 'utf-16le', confidence: 'detected' });
  });
});

describe('decodeText: refusals', () => {
  test('an empty file', () => {
    assert.throws(() => decodeText(new Uint8Array(0), { name: 'empty.txt' }), inputError('empty.txt', /^empty file$/));
  });

  const png = bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['PNG', png, /^binary content \(PNG image\), not text$/],
    ['PDF', utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF document/],
    ['ZIP', bytesOf([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), /ZIP archive/],
    ['gzip', bytesOf([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), /gzip data/],
    ['NUL bytes', bytesOf(utf8('abc'), [0, 1, 2, 0xff, 0, 7, 0, 0, 0], utf8('def')), /binary content \(NUL bytes\)/],
  ];
  for (const [label, bytes, problem] of cases) {
    test(`binary: ${label}`, () => {
      assert.throws(
        () => decodeText(bytes, { name: `x.${label}`, contentType: 'text/html' }),
        inputError(`x.${label}`, problem),
      );
    });
  }

  test('a text that merely begins like a short signature is still text', () => {
    const text = 'MZ Holdings said on Friday it would sell the plant.';
    assert.equal(decodeText(utf8(text), { name: 'mz.txt' }).text, text);
  });
});

describe('size cap', () => {
  test('within the cap passes; over it names the size and the cap', () => {
    assertWithinSizeCap('small.txt', 1024, 2048);
    assertWithinSizeCap('exact.txt', 2048, 2048);
    assert.throws(
      () => assertWithinSizeCap('big.html', 25 * 1024 * 1024 + 300 * 1024),
      inputError('big.html', /^too large: 25\.3 MB is over the 20 MB cap$/),
    );
  });

  test('formatByteSize', () => {
    assert.equal(formatByteSize(1), '1 byte');
    assert.equal(formatByteSize(512), '512 bytes');
    assert.equal(formatByteSize(1536), '1.5 KB');
    assert.equal(formatByteSize(20 * 1024 * 1024), '20 MB');
  });
});
