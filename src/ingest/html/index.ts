export { type ExtractedArticle, extractArticle } from './extract.ts';
