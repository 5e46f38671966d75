/**
 * Clean an HTML string before it is parsed. linkedom parses with htmlparser2, which does not build the tree the
 * way a browser does (HTML5 tree construction): on the broken pages of real crawls (a second `<html>`, text before
 * `<html>`, an unclosed `<title>`) it makes `<a>` or `<div>` the document element or buries the body, and
 * Readability then throws or finds nothing. Cutting the page down to a plain `<html><head>…</head><body>…</body>`
 * skeleton first gives htmlparser2 nothing to get wrong, and dropping scripts, styles and comments before parsing
 * also makes sure no script text can reach the extracted text (and parsing is faster).
 */

export interface PreparedHtml {
  /** The page as a clean skeleton: scripts (except JSON-LD), styles and comments removed. */
  html: string;
  /** The `lang` attribute of the first `<html>` tag, if any. */
  lang: string | null;
  /** The text of the first `<title>` element (entities still encoded), if any. */
  title: string | null;
}

/**
 * Comments, scripts and style sheets in one pass, leftmost first as a browser's tokenizer meets them: a `<!--`
 * inside a script string must not start a comment, nor a `<script>` inside a comment a script. Each runs to its end
 * or, when that is missing, to the end of the page (as in a browser).
 */
const RAW =
  /<!--[\s\S]*?(?:-->|$)|<script\b([^>]*)>([\s\S]*?)(?:<\/script\s*>|$)|<style\b[^>]*>[\s\S]*?(?:<\/style\s*>|$)/gi;
const JSON_LD = /type\s*=\s*["']?application\/ld\+json/i;
/**
 * Embedded content whose text is not the page's: removed with its end tag. A self-closed `<svg … />` (common for
 * icons) or one without an end tag loses only its tag, so that it cannot swallow the article up to the next one.
 */
const EMBEDDED_SELF_CLOSED = /<(?:noembed|noframes|template|iframe|object|svg|math)\b[^>]*\/>/gi;
const EMBEDDED = /<(noembed|noframes|template|iframe|object|svg|math)\b[^>]*>(?:(?!<\1\b)[\s\S])*?<\/\1\s*>/gi;
/** What is left of them after that: tags without a partner. */
const EMBEDDED_TAG = /<\/?(?:noembed|noframes|template|iframe|object|svg|math)\b[^>]*>/gi;
const DOCTYPE_OR_PI = /<![^>]*>|<\?[^>]*>/g;
const HTML_TAG = /<html\b([^>]*)>/i;
const SKELETON_TAG = /<\/?(?:html|head|body)\b[^>]*>/gi;
/** An unclosed `<title>` would swallow the rest of the page: keep its text only up to the next tag. */
const TITLE = /<title\b[^>]*>([^<]*)(?:<\/title\s*>)?/gi;
const LANG = /\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)/i;

export function prepareHtml(html: string): PreparedHtml {
  const lang = HTML_TAG.exec(html)?.[1]?.match(LANG)?.[1] ?? null;
  let title: string | null = null;
  let body = html
    .replace(RAW, (_all, attrs: string | undefined, content: string | undefined) =>
      attrs !== undefined && JSON_LD.test(attrs) ? `<script type="application/ld+json">${content}</script>` : ' ',
    )
    .replace(EMBEDDED_SELF_CLOSED, ' ')
    .replace(EMBEDDED, ' ')
    .replace(EMBEDDED, ' ') // once more for the outer one of two nested
    .replace(EMBEDDED_TAG, ' ')
    .replace(DOCTYPE_OR_PI, ' ')
    .replace(TITLE, (_all, text: string) => {
      if (title === null && text.trim()) title = text.trim();
      return ' ';
    })
    .replace(SKELETON_TAG, ' ');
  // Head-only elements stay where they are: Readability and the metadata reader find <meta>/<link> anywhere.
  body = body.trim();
  const titleTag = title === null ? '' : `<title>${title}</title>`;
  const langAttr = lang ? ` lang="${lang}"` : '';
  return {
    html: `<!DOCTYPE html><html${langAttr}><head>${titleTag}</head><body>${body}</body></html>`,
    lang,
    title,
  };
}
