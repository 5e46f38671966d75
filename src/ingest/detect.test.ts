import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectFormat, mediaTypeOf } from './detect.ts';

const rss = `<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- generator -->\n<rss version="2.0"><channel><title>t</title></channel></rss>`;
const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"/></rdf:RDF>`;
const atom = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>`;
const jsonFeed = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [] }, null, 2);
const html = '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head><body><p>x</p></body></html>';
const record = {
  title: 'Port reopens',
  text: 'The port reopened on Monday.',
  url: 'https://news.test/a',
  source: 'Test Wire',
};

describe('detectFormat: sniffing the text', () => {
  const cases: Array<[string, string, string]> = [
    ['RSS 2.0 after a declaration, a stylesheet PI and a comment', rss, 'rss'],
    ['RSS 1.0 (RDF)', rdf, 'rss'],
    ['Atom', atom, 'atom'],
    ['JSON Feed', jsonFeed, 'json-feed'],
    ['an HTML doctype', html, 'html'],
    ['an <html> root without doctype', '  <html><body>x</body></html>', 'html'],
    ['an HTML fragment', '<p>The port reopened.</p>', 'html'],
    [
      'XHTML with an XML declaration',
      '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
      'html',
    ],
    ['a JSON record', JSON.stringify(record), 'json-record'],
    ['an array of JSON records', JSON.stringify([record, { ...record, title: 'Second' }]), 'json-record'],
    ['JSON Lines records', `${JSON.stringify(record)}\n${JSON.stringify(record)}\n`, 'json-record'],
  ];
  for (const [label, text, format] of cases) {
    test(label, () => {
      // The text wins over a misleading label and a missing extension.
      assert.equal(detectFormat({ name: 'https://news.test/download', contentType: 'text/plain', text }), format);
    });
  }

  test('a feed served as text/html is still a feed', () => {
    assert.equal(
      detectFormat({ name: 'https://news.test/feed', contentType: 'text/html; charset=utf-8', text: rss }),
      'rss',
    );
  });
});

describe('detectFormat: labels when the text is silent', () => {
  const prose = 'The port reopened on Monday, officials said.';
  test('Content-Type', () => {
    assert.equal(detectFormat({ name: 'x', contentType: 'text/markdown', text: prose }), 'markdown');
    assert.equal(detectFormat({ name: 'x', contentType: 'application/atom+xml', text: prose }), 'atom');
    assert.equal(detectFormat({ name: 'x', contentType: 'TEXT/HTML; charset=UTF-8', text: prose }), 'html');
  });

  test('file extension, for paths and URLs', () => {
    assert.equal(detectFormat({ name: 'notes/report.md', text: prose }), 'markdown');
    assert.equal(detectFormat({ name: 'C:\\in\\page.HTM', text: prose }), 'html');
    assert.equal(detectFormat({ name: 'https://news.test/a/story.html?x=1#top', text: prose }), 'html');
    assert.equal(detectFormat({ name: 'report.txt', text: prose }), 'text');
  });

  test('text/plain gives way to a .md extension', () => {
    assert.equal(detectFormat({ name: 'report.md', contentType: 'text/plain', text: prose }), 'markdown');
  });

  test('a .json file that is not valid JSON is still json-record, for the record parser to report', () => {
    assert.equal(detectFormat({ name: 'records.json', text: '{"title": "x",' }), 'json-record');
  });

  test('a mangled page start still reads as HTML when nothing labels it', () => {
    const mangled = 'ï»¿<html>\n<head><title>Scores</title></head><body><p>x</p></body></html>';
    assert.equal(detectFormat({ name: 'page', text: mangled }), 'html');
    const truncated = '?\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n<html><body>x</body></html>';
    assert.equal(detectFormat({ name: 'page', text: truncated }), 'html');
    // A label still wins over the weak evidence.
    assert.equal(detectFormat({ name: 'notes.txt', text: mangled }), 'text');
  });

  test('Markdown by its signs, with no label at all', () => {
    const md = '# Port reopens\n\nThe port **reopened** on Monday, [officials said](https://news.test/a).\n';
    assert.equal(detectFormat({ name: 'stdin', text: md }), 'markdown');
  });
});

describe('detectFormat: what must not match', () => {
  test('plain prose stays text', () => {
    const text = 'The port reopened on Monday. #Shipping traffic resumed, officials said.';
    assert.equal(detectFormat({ name: 'stdin', text }), 'text');
  });

  test('prose that mentions a tag name without markup stays text', () => {
    const text = 'The <body> of the letter was short; the head of the html team said so.';
    assert.equal(detectFormat({ name: 'stdin', text }), 'text');
  });

  test('prose that begins with a bracket is not JSON', () => {
    assert.equal(detectFormat({ name: 'stdin', text: '[Updated] The port reopened.\nMore to follow.' }), 'text');
  });

  test('JSON without record fields is not a record by sniffing', () => {
    assert.equal(detectFormat({ name: 'stdin', text: '{"count": 3}' }), 'text');
  });

  test('a JSON object with a non-jsonfeed version is not a JSON Feed', () => {
    const text = JSON.stringify({ version: '1.1', title: 'x', text: 'y' });
    assert.equal(detectFormat({ name: 'stdin', text }), 'json-record');
  });

  test('an unknown XML root is not a feed', () => {
    assert.equal(detectFormat({ name: 'data.xml', text: '<?xml version="1.0"?><catalog><book/></catalog>' }), 'text');
  });

  test('a text that mentions <rss> later does not become RSS', () => {
    assert.equal(detectFormat({ name: 'stdin', text: 'Subscribe via our <rss> link.' }), 'text');
  });
});

test('mediaTypeOf', () => {
  assert.equal(mediaTypeOf('Application/RSS+XML; charset=utf-8'), 'application/rss+xml');
  assert.equal(mediaTypeOf(''), null);
  assert.equal(mediaTypeOf(null), null);
});
