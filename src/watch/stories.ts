/**
 * The story a document belongs to, for alert rules with `--story` and for the digest's grouping. Clustering has not
 * landed on main yet: until it stores story memberships, no document has a story and the digest groups by source.
 * This is the one place to answer from the store once it does.
 */
import type { Store } from '../store/store.ts';

export async function storyOfDocument(
  _store: Store,
  _documentId: string,
): Promise<{ id: string; title: string } | null> {
  return null;
}
