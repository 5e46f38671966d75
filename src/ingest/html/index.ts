/** Main text and metadata of a news web page. */
export { type ExtractedArticle, type ExtractOptions, extractArticle } from './extract.ts';
