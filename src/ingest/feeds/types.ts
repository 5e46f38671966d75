/** The one shape every feed format is adapted to. */

export type FeedKind = 'rss' | 'atom' | 'json-feed';

export interface Feed {
  kind: FeedKind;
  /** Format version as declared: `2.0`, `0.91`, `1.0` (RSS 1.0/RDF), `1.0`/`0.3` (Atom), `1.1` (JSON Feed). */
  version: string | null;
  title: string | null;
  /** The web site the feed belongs to (RSS channel link, Atom alternate link, JSON Feed home_page_url). */
  siteUrl: string | null;
  items: FeedItem[];
}

export interface FeedItem {
  /** Plain text (HTML in titles is reduced to its text). */
  title: string | null;
  /** Absolute URL of the article, resolved against the feed's base. */
  url: string | null;
  /** The feed's own identifier for the item (RSS guid, Atom id, JSON Feed id). */
  guid: string | null;
  /**
   * ISO 8601 as the feed gave it: with its offset (`2024-03-05T14:30:00+02:00`, `…Z`) when it had one, without
   * (`2024-03-05T14:30:00`) when it had none, or a bare date (`2024-03-05`); null when missing or unreadable.
   */
  publishedAt: string | null;
  /** Author names, comma-separated. */
  author: string | null;
  /** Plain-text summary (RSS description, Atom summary, JSON Feed summary), HTML reduced to text. */
  summary: string | null;
  /** Full content as HTML, when the feed gave HTML (content:encoded, RSS description, Atom html/xhtml content). */
  contentHtml: string | null;
  /** Full content as plain text, when the feed gave plain text (Atom text content, JSON Feed content_text). */
  contentText: string | null;
  /** The item's own source (its XML element or JSON object), for `RawInput.content`. */
  source: string;
}
